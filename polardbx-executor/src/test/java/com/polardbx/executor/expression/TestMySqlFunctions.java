package com.polardbx.executor.expression;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The CN's MySQL functions against values MariaDB 10.11 returned for the same calls. */
class TestMySqlFunctions {
    private static RowExpression text(String s) {
        return new Constant(s, ColumnType.VARCHAR);
    }

    private static RowExpression number(long n) {
        return new Constant(n, ColumnType.BIGINT);
    }

    private static Object eval(RowExpression e) {
        return e.evaluate(null, 0);
    }

    @Test
    void dateFormatAndWeeksFollowMySqlWeekModes() {
        assertEquals("01 01 01 01 2024 2024 7th 007 Sunday Sun Jan January 01:05:09 PM 13:05:09 01 1 PM 000000 0 24 1 7 13",
            eval(DateFunctions.dateFormat(text("2024-01-07 13:05:09"), text("%U %u %V %v %X %x %D %j %W %a %b %M %r %T"
                + " %h %l %p %f %w %y %c %e %k"))));
        String[][] expected = {
            {"2021-01-01", "0", "0", "53", "202052", "00|00|52|53|2020|2020"},
            {"2020-12-31", "52", "53", "53", "202052", "52|53|52|53|2020|2020"},
            {"2019-12-30", "52", "53", "1", "201952", "52|53|52|01|2019|2020"},
            {"2024-12-31", "52", "53", "1", "202452", "52|53|52|01|2024|2025"},
            {"2023-01-01", "1", "0", "52", "202301", "01|00|01|52|2023|2022"},
            {"2027-01-03", "1", "0", "53", "202701", "01|00|01|53|2027|2026"}};
        for (String[] row : expected) {
            RowExpression d = text(row[0]);
            assertEquals(Long.parseLong(row[1]), eval(DateFunctions.week(new RowExpression[] {d}, false)), row[0]);
            assertEquals(Long.parseLong(row[2]), eval(DateFunctions.week(new RowExpression[] {d, number(1)}, false)));
            assertEquals(Long.parseLong(row[3]), eval(DateFunctions.week(new RowExpression[] {d, number(3)}, false)));
            assertEquals(Long.parseLong(row[4]), eval(DateFunctions.week(new RowExpression[] {d}, true)), row[0]);
            assertEquals(row[5], eval(DateFunctions.dateFormat(d, text("%U|%u|%V|%v|%X|%x"))), row[0]);
        }
    }

    @Test
    void addingDaysKeepsDatesAndClampsToValidDays() {
        assertEquals("2024-03-01", eval(DateArithmetic.days(text("2024-02-28"), number(2), false)));
        assertEquals("2024-02-01 00:00:00.000000", eval(DateArithmetic.days(text("2024-01-31 00:00:00"), number(1),
            false)));
        RowExpression datetime = new Constant("2024-01-31 00:00:00", ColumnType.DATETIME);
        assertEquals("2024-01-30 00:00:00", eval(DateArithmetic.days(datetime, number(1), true)));
        assertEquals(ColumnType.DATETIME, DateArithmetic.days(datetime, number(1), true).type());
        assertNull(eval(DateArithmetic.days(text("9999-12-31"), number(1), false)));
        assertNull(eval(DateArithmetic.days(text("bad"), number(1), true)));
    }

    @Test
    void dateDiffAndLastDayIgnoreTheTime() {
        assertEquals(2L, eval(DateFunctions.datediff(text("2024-03-01 10:00:00"), text("2024-02-28"))));
        assertEquals("2024-02-29", eval(DateFunctions.lastDay(text("2024-02-10"))));
        assertNull(eval(DateFunctions.lastDay(text("not a date"))));
    }

    @Test
    void stringEditsCountCharactersAndRefuseEmptyPads() {
        assertNull(eval(StringEditFunctions.pad(new RowExpression[] {text("hi"), number(5), text("")}, true)));
        assertEquals("h", eval(StringEditFunctions.pad(new RowExpression[] {text("hi"), number(1), text("")}, false)));
        assertNull(eval(StringEditFunctions.pad(new RowExpression[] {text("hi"), number(-1), text("x")}, true)));
        assertEquals("ééé", eval(StringEditFunctions.pad(new RowExpression[] {text(""), number(3), text("é")}, true)));
        assertEquals("", eval(StringEditFunctions.repeat(new RowExpression[] {text("a"), number(-1)})));
        assertEquals("", eval(StringEditFunctions.leftOrRight(new RowExpression[] {text("abc"), number(-1)}, true)));
        assertEquals("", eval(StringEditFunctions.substringIndex(new RowExpression[] {text("a,b,c"), text(","),
            number(0)})));
        assertEquals("b,c", eval(StringEditFunctions.substringIndex(new RowExpression[] {text("a,b,c"), text(","),
            number(-2)})));
        assertEquals(5L, eval(StringSearchFunctions.locate(text("O"), text("hellO wOrld"), null)));
        assertEquals(0L, eval(StringSearchFunctions.locate(text("o"), text("hello"), number(0))));
        assertEquals(0L, eval(StringSearchFunctions.strcmp(text("a"), text("A"))));
    }

    @Test
    void bitOperatorsWorkOnUnsigned64Bits() {
        BigInteger all = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        assertEquals(BigInteger.valueOf(4), eval(BitFunctions.binary("&", number(5),
            new Constant(new BigDecimal("3.7"), ColumnType.decimal(1)))));
        assertEquals(all, eval(BitFunctions.binary("|", number(-1), number(0))));
        assertEquals(BigInteger.ZERO, eval(BitFunctions.binary("<<", number(1), number(64))));
        assertEquals(all, eval(BitFunctions.not(number(0))));
        assertEquals(1L, eval(BitFunctions.xor(number(3), number(0))));
    }

    @Test
    void truncateKeepsTheArgumentKind() {
        RowExpression minus = new Constant(new BigDecimal("-1.999"), ColumnType.decimal(3));
        RowExpression truncated = MathFunctions.truncate(new RowExpression[] {minus, number(1)});
        assertEquals(new BigDecimal("-1.9"), eval(truncated));
        assertEquals(ColumnType.decimal(1), truncated.type());
        assertEquals(new BigDecimal("1200"), eval(MathFunctions.truncate(new RowExpression[] {number(1234),
            number(-2)})));
        assertEquals(1.2, eval(MathFunctions.truncate(new RowExpression[] {new Constant(1.25, ColumnType.DOUBLE),
            number(1)})));
    }

    @Test
    void decimalResultsShowTheDeclaredScale() {
        assertEquals(new BigDecimal("1.00"), eval(new DeclaredScale(ControlFunctions.ifThenElse(ColumnType.decimal(2),
            new RowExpression[] {number(1), number(1), new Constant(new BigDecimal("2.50"), ColumnType.decimal(2))}))));
    }

    @Test
    void decimalQuotientKeepsNineDigitsInsideAnExpression() {
        RowExpression third = ArithmeticFunctions.divide(number(1), number(3), "1 / 3");
        RowExpression product = ArithmeticFunctions.plusMinusTimes('*', third, number(3), "1 / 3 * 3");
        assertEquals(new BigDecimal("1.0000"), eval(new DeclaredScale(product)));
        assertEquals(new BigDecimal("0.6667"), eval(new DeclaredScale(ArithmeticFunctions.divide(number(2), number(3),
            "2 / 3"))));
        assertEquals(new BigDecimal("0.666666666"), eval(ArithmeticFunctions.divide(number(2), number(3), "2 / 3")));
    }

    @Test
    void doubleOverflowIsAnError() {
        RowExpression big = new Constant(1e300, ColumnType.DOUBLE);
        SqlError e = assertThrows(SqlError.class, () -> eval(ArithmeticFunctions.plusMinusTimes('*', big,
            new Constant(1e10, ColumnType.DOUBLE), "f * 1e10")));
        assertEquals(1690, e.errno());
    }

    @Test
    void baseConversionsWrapNegativesToUnsigned64Bits() {
        String ones = "1".repeat(64);
        assertEquals("1010", eval(BaseConversionFunctions.conv(new RowExpression[] {number(10), number(10),
            number(2)})));
        assertEquals(ones, eval(BaseConversionFunctions.toBase(number(-1), 2)));
        assertEquals("255", eval(BaseConversionFunctions.conv(new RowExpression[] {text("ff"), number(16),
            number(10)})));
        assertEquals("-5", eval(BaseConversionFunctions.conv(new RowExpression[] {number(-5), number(10),
            number(-10)})));
        assertEquals("12", eval(BaseConversionFunctions.conv(new RowExpression[] {text("12abc"), number(10),
            number(10)})));
        assertEquals("10", eval(BaseConversionFunctions.toBase(number(8), 8)));
        assertEquals("FFFFFFFFFFFFFFFF", eval(BaseConversionFunctions.hex(number(-1))));
        assertEquals("6162", eval(BaseConversionFunctions.hex(text("ab"))));
        assertEquals("3", eval(BaseConversionFunctions.hex(new Constant(2.5, ColumnType.DOUBLE))));
    }
}
