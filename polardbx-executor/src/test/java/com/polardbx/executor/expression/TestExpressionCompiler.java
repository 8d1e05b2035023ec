package com.polardbx.executor.expression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.fun.SqlTrimFunction;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class TestExpressionCompiler {
    private final RelDataTypeFactory typeFactory = new JavaTypeFactoryImpl();
    private final RexBuilder rex = new RexBuilder(typeFactory);
    private final ExpressionCompiler compiler = new ExpressionCompiler(rex);

    /** Input columns: 0 BIGINT, 1 BIGINT, 2 DECIMAL(10,2), 3 DOUBLE, 4 VARCHAR general_ci, 5 VARCHAR, 6 DATETIME. */
    private final List<ColumnType> types = List.of(ColumnType.BIGINT, ColumnType.BIGINT, ColumnType.decimal(2),
        ColumnType.DOUBLE, ColumnType.VARCHAR, ColumnType.VARCHAR, ColumnType.DATETIME);
    private final Chunk chunk = chunk(
        new Object[] {7L, 2L, new BigDecimal("1.25"), 0.5, "Abc", "abc  ", "2024-01-31 10:00:00"},
        new Object[] {null, 0L, null, null, null, "x", null},
        new Object[] {-7L, 3L, new BigDecimal("-2.50"), 2.0, "café", "CAFE", "2024-02-01 00:00:00"});

    private Chunk chunk(Object[]... rows) {
        ChunkBuilder b = new ChunkBuilder(types);
        for (Object[] r : rows) {
            b.appendRow(r);
        }
        return b.build();
    }

    private RexNode ref(int i) {
        RelDataType t = switch (i) {
            case 0, 1 -> typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.BIGINT), true);
            case 2 -> typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DECIMAL, 10, 2), true);
            case 3 -> typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.DOUBLE), true);
            case 6 -> typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.TIMESTAMP), true);
            default -> typeFactory.createTypeWithNullability(typeFactory.createSqlType(SqlTypeName.VARCHAR, 20), true);
        };
        return rex.makeInputRef(t, i);
    }

    private RexNode call(SqlOperator op, RexNode... args) {
        return rex.makeCall(op, args);
    }

    private RexNode num(long v) {
        return rex.makeExactLiteral(BigDecimal.valueOf(v));
    }

    private RexNode dec(String v) {
        return rex.makeExactLiteral(new BigDecimal(v));
    }

    private RexNode str(String v) {
        return rex.makeLiteral(v);
    }

    private Object eval(RexNode node, int row) {
        return compiler.compile(node, types).evaluate(chunk, row);
    }

    private RowExpression[] rows(RexNode... nodes) {
        RowExpression[] compiled = new RowExpression[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            compiled[i] = (RowExpression) compile(nodes[i]);
        }
        return compiled;
    }

    private Expression compile(RexNode node) {
        return compiler.compile(node, types);
    }

    @Test
    void integerArithmeticStaysBigint() {
        assertEquals(9L, eval(call(SqlStdOperatorTable.PLUS, ref(0), ref(1)), 0));
        assertEquals(14L, eval(call(SqlStdOperatorTable.MULTIPLY, ref(0), ref(1)), 0));
        assertNull(eval(call(SqlStdOperatorTable.PLUS, ref(0), ref(1)), 1));
        assertEquals(ExecType.LONG, compile(call(SqlStdOperatorTable.MINUS, ref(0), ref(1))).type().execType());
    }

    @Test
    void integerDivisionIsDecimalWithFourMoreDigits() {
        Expression div = compile(call(SqlStdOperatorTable.DIVIDE, ref(0), ref(1)));
        assertEquals(ColumnType.decimal(4), div.type());
        assertEquals(new BigDecimal("3.5000"), div.evaluate(chunk, 0));
        assertEquals(new BigDecimal("-2.3333"), div.evaluate(chunk, 2));
        // division by zero is NULL
        assertNull(eval(call(SqlStdOperatorTable.DIVIDE, num(1), ref(1)), 1));
        // DECIMAL(10,2) / int has scale 2 + 4
        assertEquals(new BigDecimal("0.625000"), eval(call(SqlStdOperatorTable.DIVIDE, ref(2), ref(1)), 0));
        // any double makes it double
        assertEquals(14.0, eval(call(SqlStdOperatorTable.DIVIDE, ref(0), ref(3)), 0));
    }

    @Test
    void decimalAndDoubleArithmetic() {
        assertEquals(new BigDecimal("8.25"), eval(call(SqlStdOperatorTable.PLUS, ref(0), ref(2)), 0));
        assertEquals(new BigDecimal("2.5000"), eval(call(SqlStdOperatorTable.MULTIPLY, ref(2), dec("2.00")), 0));
        assertEquals(7.5, eval(call(SqlStdOperatorTable.PLUS, ref(0), ref(3)), 0));
        // string operands convert to double
        assertEquals(8.0, eval(rex.makeCall(typeFactory.createSqlType(SqlTypeName.DOUBLE), SqlStdOperatorTable.PLUS,
            List.of(str("1abc"), ref(0))), 0));
    }

    @Test
    void divAndModFollowMysql() {
        assertEquals(3L, eval(call(SqlStdOperatorTable.DIVIDE_INTEGER, ref(0), ref(1)), 0));
        assertEquals(-2L, eval(call(SqlStdOperatorTable.DIVIDE_INTEGER, ref(0), ref(1)), 2));
        assertNull(eval(call(SqlStdOperatorTable.DIVIDE_INTEGER, num(5), ref(1)), 1));
        assertEquals(1L, eval(call(SqlStdOperatorTable.MOD, ref(0), ref(1)), 0));
        assertEquals(-1L, eval(call(SqlStdOperatorTable.MOD, ref(0), ref(1)), 2));
        assertNull(eval(call(SqlStdOperatorTable.MOD, num(5), ref(1)), 1));
        assertEquals(new BigDecimal("0.25"), eval(call(SqlStdOperatorTable.MOD, ref(2), num(1)), 0));
        assertEquals(-7L, eval(call(SqlStdOperatorTable.UNARY_MINUS, ref(0)), 0));
    }

    @Test
    void bigintOverflowIsError1690() {
        RexNode max = rex.makeExactLiteral(BigDecimal.valueOf(Long.MAX_VALUE));
        SqlError e = assertThrows(SqlError.class, () -> eval(call(SqlStdOperatorTable.PLUS, max, ref(1)), 0));
        assertEquals(1690, e.errno());
        assertEquals("22003", e.sqlState());
    }

    @Test
    void comparisonsCoerceLikeMysql() {
        assertEquals(1L, eval(call(SqlStdOperatorTable.EQUALS, ref(4), ref(5)), 0)); // 'Abc' = 'abc  ' under ci
        assertEquals(1L, eval(call(SqlStdOperatorTable.EQUALS, ref(4), ref(5)), 2)); // café = CAFE
        assertNull(eval(call(SqlStdOperatorTable.EQUALS, ref(4), ref(5)), 1));
        assertEquals(1L, eval(call(SqlStdOperatorTable.EQUALS, str("7.0"), ref(0)), 0)); // string vs number
        assertEquals(1L, eval(call(SqlStdOperatorTable.LESS_THAN, ref(2), ref(0)), 0));
        assertEquals(0L, eval(call(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, ref(1), ref(0)), 0));
        assertEquals(1L, eval(call(SqlStdOperatorTable.NOT_EQUALS, ref(3), ref(1)), 0));
        // a DATETIME column equals a date-only string at midnight
        assertEquals(1L, eval(call(SqlStdOperatorTable.EQUALS, ref(6), str("2024-02-01")), 2));
    }

    @Test
    void nullSafeEquality() {
        assertEquals(1L, eval(call(SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, ref(0), ref(2)), 1)); // NULL <=> NULL
        assertEquals(0L, eval(call(SqlStdOperatorTable.IS_NOT_DISTINCT_FROM, ref(0), ref(1)), 1));
        assertEquals(1L, eval(call(SqlStdOperatorTable.IS_DISTINCT_FROM, ref(0), ref(1)), 1));
    }

    @Test
    void threeValuedLogic() {
        RexNode isNull = call(SqlStdOperatorTable.EQUALS, ref(0), num(1)); // NULL on row 1
        RexNode t = call(SqlStdOperatorTable.EQUALS, num(1), num(1));
        RexNode f = call(SqlStdOperatorTable.EQUALS, num(1), num(2));
        assertNull(eval(call(SqlStdOperatorTable.AND, isNull, t), 1));
        assertEquals(0L, eval(call(SqlStdOperatorTable.AND, isNull, f), 1));
        assertEquals(1L, eval(call(SqlStdOperatorTable.OR, isNull, t), 1));
        assertNull(eval(call(SqlStdOperatorTable.OR, isNull, f), 1));
        assertNull(eval(call(SqlStdOperatorTable.NOT, isNull), 1));
        assertEquals(1L, eval(call(SqlStdOperatorTable.IS_NULL, ref(0)), 1));
        assertEquals(0L, eval(call(SqlStdOperatorTable.IS_NOT_NULL, ref(0)), 1));
        assertEquals(0L, eval(call(SqlStdOperatorTable.IS_TRUE, isNull), 1));
        assertEquals(1L, eval(call(SqlStdOperatorTable.IS_NOT_FALSE, isNull), 1));
        assertEquals(1L, eval(call(SqlStdOperatorTable.IS_FALSE, f), 1));
    }

    @Test
    void caseInAndBetween() {
        RexNode caseExpr = call(SqlStdOperatorTable.CASE,
            call(SqlStdOperatorTable.GREATER_THAN, ref(0), num(0)), str("pos"),
            call(SqlStdOperatorTable.LESS_THAN, ref(0), num(0)), str("neg"), str("none"));
        assertEquals("pos", eval(caseExpr, 0));
        assertEquals("none", eval(caseExpr, 1));
        assertEquals("neg", eval(caseExpr, 2));

        RexNode in = rex.makeIn(ref(0), List.of(num(1), num(7), num(9))); // SEARCH in Calcite
        assertEquals(1L, eval(in, 0));
        assertEquals(0L, eval(in, 2));
        assertNull(eval(in, 1));
        RexNode inWithNull = rex.makeIn(ref(1), List.of(num(5), rex.makeNullLiteral(ref(1).getType())));
        assertNull(eval(inWithNull, 0));
        // IN / NOT IN / BETWEEN as RexCalls of their own (Calcite's RexBuilder rewrites them, hand-built plans may not)
        RowExpression[] inArgs = rows(ref(1), num(5), num(2));
        assertEquals(1L, ComparisonFunctions.in(inArgs, false).evaluate(chunk, 0));
        assertEquals(0L, ComparisonFunctions.in(inArgs, true).evaluate(chunk, 0));
        assertNull(ComparisonFunctions.in(rows(ref(1), num(5), rex.makeNullLiteral(ref(1).getType())), false)
            .evaluate(chunk, 0));

        RowExpression[] b17 = rows(ref(0), num(1), num(7));
        RowExpression[] b16 = rows(ref(0), num(1), num(6));
        assertEquals(1L, ComparisonFunctions.between(b17[0], b17[1], b17[2], false).evaluate(chunk, 0));
        assertEquals(0L, ComparisonFunctions.between(b16[0], b16[1], b16[2], false).evaluate(chunk, 0));
        assertEquals(1L, ComparisonFunctions.between(b16[0], b16[1], b16[2], true).evaluate(chunk, 0));
        assertNull(ComparisonFunctions.between(b17[0], b17[1], b17[2], false).evaluate(chunk, 1));
    }

    @Test
    void likeUsesCollationAndEscape() {
        assertEquals(1L, eval(call(SqlStdOperatorTable.LIKE, ref(4), str("a%")), 0));
        assertEquals(1L, eval(call(SqlStdOperatorTable.LIKE, ref(4), str("_B_")), 0));
        assertEquals(1L, eval(call(SqlStdOperatorTable.LIKE, ref(4), str("CAFE")), 2)); // accents folded
        assertEquals(0L, eval(call(SqlStdOperatorTable.LIKE, ref(5), str("abc")), 0)); // trailing spaces count
        assertEquals(1L, eval(call(SqlStdOperatorTable.NOT, call(SqlStdOperatorTable.LIKE, ref(4), str("x%"))), 0));
        assertEquals(1L, eval(call(SqlStdOperatorTable.LIKE, str("50%"), str("50\\%")), 0));
        assertEquals(0L, eval(call(SqlStdOperatorTable.LIKE, str("500"), str("50\\%")), 0));
        assertEquals(1L, eval(call(SqlStdOperatorTable.LIKE, str("a_b"), str("a|_b"), str("|")), 0));
        assertEquals(1L, eval(call(SqlStdOperatorTable.LIKE, str("abcbd"), str("%b%d")), 0));
        assertNull(eval(call(SqlStdOperatorTable.LIKE, ref(4), str("%")), 1));
    }

    @Test
    void casts() {
        RelDataType bigint = typeFactory.createSqlType(SqlTypeName.BIGINT);
        RelDataType ubigint = typeFactory.createSqlType(SqlTypeName.UBIGINT);
        RelDataType dec52 = typeFactory.createSqlType(SqlTypeName.DECIMAL, 5, 2);
        RelDataType varchar = typeFactory.createSqlType(SqlTypeName.VARCHAR);
        RelDataType date = typeFactory.createSqlType(SqlTypeName.DATE);
        RelDataType datetime = typeFactory.createSqlType(SqlTypeName.TIMESTAMP);
        RelDataType dbl = typeFactory.createSqlType(SqlTypeName.DOUBLE);
        assertEquals(12L, eval(rex.makeCast(bigint, str("12abc")), 0));
        assertEquals(2L, eval(rex.makeCast(bigint, dec("1.5")), 0));
        assertEquals(-3L, eval(rex.makeCast(bigint, ref(2)), 2));
        assertEquals(new BigInteger("18446744073709551609"), eval(rex.makeCast(ubigint, ref(0)), 2));
        assertEquals(new BigDecimal("999.99"), eval(rex.makeCast(dec52, num(123456)), 0));
        assertEquals(new BigDecimal("1.26"), eval(rex.makeCast(dec52, dec("1.255")), 0));
        assertEquals("1.25", eval(rex.makeCast(varchar, ref(2)), 0));
        assertEquals("2024-01-31", eval(rex.makeCast(date, ref(6)), 0));
        assertEquals("2024-03-05 00:00:00", eval(rex.makeCast(datetime, str("2024-3-5")), 0));
        assertNull(eval(rex.makeCast(date, str("2024-02-30")), 0));
        assertEquals(1.25, eval(rex.makeCast(dbl, ref(2)), 0));
    }

    @Test
    void controlFunctions() {
        assertEquals(0L, eval(call(SqlStdOperatorTable.COALESCE, ref(0), ref(1)), 1));
        assertEquals(5L, eval(call(SqlStdOperatorTable.COALESCE, ref(0), num(5)), 1));
        assertEquals(7L, eval(call(SqlLibraryOperators.IFNULL, ref(0), ref(1)), 0));
        // IF as its own call (Calcite's SqlToRel turns it into CASE)
        RowExpression[] ifArgs = rows(call(SqlStdOperatorTable.IS_NULL, ref(0)), str("y"), str("n"));
        assertEquals("y", ControlFunctions.ifThenElse(ColumnType.VARCHAR, ifArgs).evaluate(chunk, 1));
        assertEquals("n", ControlFunctions.ifThenElse(ColumnType.VARCHAR, ifArgs).evaluate(chunk, 0));
        // NULLIF as its own call (Calcite's SqlToRel turns it into CASE)
        RowExpression[] strings = rows(ref(4), ref(5));
        assertNull(ControlFunctions.nullIf(ColumnType.VARCHAR, strings[0], strings[1]).evaluate(chunk, 0));
        RowExpression[] ints = rows(ref(0), ref(1));
        assertEquals(7L, ControlFunctions.nullIf(ColumnType.BIGINT, ints[0], ints[1]).evaluate(chunk, 0));
        assertEquals(7L, eval(call(SqlLibraryOperators.GREATEST, ref(0), ref(1), num(3)), 0));
        assertEquals(-7L, eval(call(SqlLibraryOperators.LEAST, ref(0), ref(1)), 2));
        assertNull(eval(call(SqlLibraryOperators.GREATEST, ref(0), ref(1)), 1));
    }

    @Test
    void stringFunctions() {
        assertEquals("Abc7", eval(call(SqlLibraryOperators.CONCAT_FUNCTION, ref(4), ref(0)), 0));
        assertNull(eval(call(SqlLibraryOperators.CONCAT_FUNCTION, ref(4), ref(0)), 1));
        assertEquals("a-b", eval(call(SqlLibraryOperators.CONCAT_WS, str("-"), str("a"),
            rex.makeNullLiteral(typeFactory.createSqlType(SqlTypeName.VARCHAR)), str("b")), 0));
        assertEquals("abc", eval(call(SqlStdOperatorTable.LOWER, ref(4)), 0));
        assertEquals("CAFÉ", eval(call(SqlStdOperatorTable.UPPER, ref(4)), 2));
        assertEquals(5L, eval(call(SqlLibraryOperators.LENGTH, ref(4)), 2)); // bytes
        assertEquals(4L, eval(call(SqlStdOperatorTable.CHAR_LENGTH, ref(4)), 2));
        assertEquals("bc", eval(call(SqlStdOperatorTable.SUBSTRING, ref(4), num(2)), 0));
        assertEquals("b", eval(call(SqlStdOperatorTable.SUBSTRING, ref(4), num(2), num(1)), 0));
        assertEquals("bc", eval(call(SqlStdOperatorTable.SUBSTRING, ref(4), num(-2)), 0));
        assertEquals("", eval(call(SqlStdOperatorTable.SUBSTRING, ref(4), num(0)), 0));
        RexNode both = rex.makeFlag(SqlTrimFunction.Flag.BOTH);
        RexNode leading = rex.makeFlag(SqlTrimFunction.Flag.LEADING);
        assertEquals("abc", eval(call(SqlStdOperatorTable.TRIM, both, str(" "), str("  abc  ")), 0));
        assertEquals("bxx", eval(call(SqlStdOperatorTable.TRIM, leading, str("x"), str("xxbxx")), 0));
        assertEquals("c", eval(call(SqlStdOperatorTable.TRIM, both, str("ab"), str("ababcab")), 0));
    }

    @Test
    void mathFunctions() {
        assertEquals(7L, eval(call(SqlStdOperatorTable.ABS, ref(0)), 2));
        assertEquals(new BigDecimal("2.50"), eval(call(SqlStdOperatorTable.ABS, ref(2)), 2));
        assertEquals(new BigDecimal("1.3"), eval(call(SqlStdOperatorTable.ROUND, ref(2), num(1)), 0));
        assertEquals(new BigDecimal("-3"), eval(call(SqlStdOperatorTable.ROUND, ref(2)), 2));
        assertEquals(2.0, eval(call(SqlStdOperatorTable.ROUND, rex.makeApproxLiteral(new BigDecimal("2.5"))), 0));
        assertEquals(new BigDecimal("1200"), eval(call(SqlStdOperatorTable.ROUND, dec("1234"), num(-2)), 0));
        assertEquals(1L, eval(call(SqlStdOperatorTable.FLOOR, ref(2)), 0));
        assertEquals(-2L, eval(call(SqlStdOperatorTable.CEIL, ref(2)), 2));
        assertEquals(2.0, eval(call(SqlStdOperatorTable.CEIL, ref(3)), 2));
    }

    @Test
    void unknownOperatorIsNotSupported() {
        RexNode floorToDay = call(SqlStdOperatorTable.FLOOR, ref(6), rex.makeFlag(TimeUnitRange.DAY));
        SqlError e = assertThrows(SqlError.class, () -> compile(floorToDay));
        assertEquals(1235, e.errno());
        SqlError e2 = assertThrows(SqlError.class, () -> compile(call(SqlStdOperatorTable.ACOS, ref(3))));
        assertTrue(e2.getMessage().contains("ACOS"), e2.getMessage());
    }

    @Test
    void evaluatesWholeChunks() {
        Block block = compile(call(SqlStdOperatorTable.PLUS, ref(0), num(1))).evaluate(chunk);
        assertEquals(3, block.positionCount());
        assertArrayEquals(new Object[] {8L, null, -6L}, new Object[] {block.get(0), block.get(1), block.get(2)});
        assertEquals(Collation.GENERAL_CI, compile(ref(4)).type().collation());
    }

    @Test
    void extractsDateParts() {
        RexNode year = call(SqlStdOperatorTable.EXTRACT, rex.makeFlag(TimeUnitRange.YEAR), ref(6));
        RexNode quarter = call(SqlStdOperatorTable.EXTRACT, rex.makeFlag(TimeUnitRange.QUARTER), ref(6));
        RexNode day = call(SqlStdOperatorTable.EXTRACT, rex.makeFlag(TimeUnitRange.DAY), ref(6));
        assertEquals(2024L, eval(year, 0));
        assertNull(eval(year, 1));
        assertEquals(1L, eval(quarter, 2));
        assertEquals(31L, eval(day, 0));
    }
}
