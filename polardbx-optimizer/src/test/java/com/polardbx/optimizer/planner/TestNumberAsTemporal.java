package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

/** The dates MySQL reads from numbers compared with a DATE or DATETIME. */
class TestNumberAsTemporal {
    private static String read(String number, SqlTypeName column) {
        SqlLiteral literal = NumberAsTemporal.literal(SqlLiteral.createExactNumeric(number, SqlParserPos.ZERO), column);
        return literal == null ? null : literal.toString();
    }

    @Test
    void digitsAreYearMonthDayAndTime() {
        assertEquals("DATE '2020-01-01'", read("20200101", SqlTypeName.DATE));
        assertEquals("DATE '2020-01-01'", read("200101", SqlTypeName.DATE));
        assertEquals("DATE '1999-12-31'", read("991231", SqlTypeName.DATE));
        assertEquals("TIMESTAMP '2020-01-02 00:00:00'", read("20200102", SqlTypeName.TIMESTAMP));
        assertEquals("TIMESTAMP '2020-01-02 10:30:05'", read("20200102103005", SqlTypeName.TIMESTAMP));
        assertEquals("DATE '2020-01-02'", read("20200102000000", SqlTypeName.DATE));
    }

    @Test
    void numbersMySqlReadsAsZeroDatesAreNotRead() {
        assertNull(read("2020", SqlTypeName.DATE));
        assertNull(read("20201301", SqlTypeName.DATE));
        assertNull(read("20200230", SqlTypeName.DATE));
        assertNull(read("20200101.5", SqlTypeName.DATE));
        assertNull(read("0", SqlTypeName.DATE));
        // a DATE against a time of day other than midnight compares as DATETIME on MySQL
        assertNull(read("20200102103005", SqlTypeName.DATE));
    }
}
