package com.polardbx.optimizer.rel;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;

/**
 * MySQL's dialect for shard SQL, except that Calcite's form of {@code INTERVAL n DAY}, {@code n * INTERVAL '1' DAY}
 * (which MySQL rejects with 1064), prints as {@code INTERVAL (n) DAY}, so {@code d + INTERVAL n DAY} reaches the DNs
 * as MySQL text; {@code CONVERT(x USING cs)} keeps its character set a name; a constant GROUP BY key is never
 * printed as a number (a column position to MySQL); {@code CAST(x AS BOOLEAN)}, which MySQL lacks, prints as
 * {@code x <> 0}; {@code IS [NOT] DISTINCT FROM} as {@code [NOT] a <=> b}; JSON_ARRAYAGG and JSON_OBJECTAGG in MariaDB's syntax.
 * Immutable.
 */
final class MySqlShardDialect extends MysqlSqlDialect {
    static final MySqlShardDialect INSTANCE = new MySqlShardDialect();
    /** Operands of {@code <=>} binding more loosely than a comparison get parentheses. */
    private static final int NULL_SAFE_PRECEDENCE =
        org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS.getLeftPrec() + 1;

    private MySqlShardDialect() {
        super(MysqlSqlDialect.DEFAULT_CONTEXT);
    }

    /**
     * {@code CAST(x AS DATETIME(6))} and {@code TIME(3)} keep their fractional digits: Calcite's MySQL dialect prints
     * a bare {@code DATETIME}, which drops them on the DNs.
     */
    @Override
    public SqlNode getCastSpec(org.apache.calcite.rel.type.RelDataType type) {
        org.apache.calcite.sql.type.SqlTypeName name = type.getSqlTypeName();
        if ((name == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP
            || name == org.apache.calcite.sql.type.SqlTypeName.TIME) && type.getPrecision() > 0) {
            String spelled = (name == org.apache.calcite.sql.type.SqlTypeName.TIME ? "TIME" : "DATETIME") + "("
                + Math.min(6, type.getPrecision()) + ")";
            return new org.apache.calcite.sql.SqlDataTypeSpec(new org.apache.calcite.sql.SqlAlienSystemTypeNameSpec(
                spelled, name, org.apache.calcite.sql.parser.SqlParserPos.ZERO),
                org.apache.calcite.sql.parser.SqlParserPos.ZERO);
        }
        return super.getCastSpec(type);
    }

    @Override
    public void unparseCall(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        if (call instanceof SqlSelect select && select.getGroup() != null) {
            select.setGroupBy(withoutPositions(select.getGroup()));
        }
        SqlIntervalLiteral unit = unitInterval(call);
        if (unit != null) {
            int at = call.operand(0) == unit ? 1 : 0;
            writer.keyword("INTERVAL");
            SqlWriter.Frame count = writer.startList("(", ")");
            call.operand(at).unparse(writer, 0, 0);
            writer.endList(count);
            writer.keyword(unit.getValueAs(SqlIntervalLiteral.IntervalValue.class).getIntervalQualifier()
                .timeUnitRange.name());
            return;
        }
        if (call.getKind() == SqlKind.IS_NOT_DISTINCT_FROM || call.getKind() == SqlKind.IS_DISTINCT_FROM) {
            // MySQL's null-safe equality is <=> (decorrelated subqueries join on IS NOT DISTINCT FROM)
            boolean distinct = call.getKind() == SqlKind.IS_DISTINCT_FROM;
            SqlWriter.Frame frame = writer.startList(distinct ? "(NOT (" : "(", distinct ? "))" : ")");
            call.operand(0).unparse(writer, NULL_SAFE_PRECEDENCE, NULL_SAFE_PRECEDENCE);
            writer.keyword("<=>");
            call.operand(1).unparse(writer, NULL_SAFE_PRECEDENCE, NULL_SAFE_PRECEDENCE);
            writer.endList(frame);
            return;
        }
        if (isBooleanCast(call)) {
            // MySQL has no BOOLEAN type to cast to; a value is true when it is not 0, which <> 0 gives as 1/0/NULL
            org.apache.calcite.sql.fun.SqlStdOperatorTable.NOT_EQUALS.createCall(call.getParserPosition(),
                call.operand(0), SqlLiteral.createExactNumeric("0", call.getParserPosition()))
                .unparse(writer, leftPrec, rightPrec);
            return;
        }
        if (call.getKind() == SqlKind.JSON_ARRAYAGG || call.getKind() == SqlKind.JSON_OBJECTAGG) {
            unparseJsonAggregate(writer, call, null);
            return;
        }
        if (call.getKind() == SqlKind.WITHIN_GROUP && call.operand(0) instanceof SqlCall aggregate
            && aggregate.getKind() == SqlKind.JSON_ARRAYAGG) {
            unparseJsonAggregate(writer, aggregate, (SqlNodeList) call.operand(1));
            return;
        }
        if (isConvertUsing(call)) {
            // Calcite prints the character set as a string ('latin1'), which MySQL rejects
            SqlWriter.Frame frame = writer.startFunCall("CONVERT");
            call.operand(0).unparse(writer, 0, 0);
            writer.keyword("USING");
            writer.print(((org.apache.calcite.sql.SqlLiteral) call.operand(call.operandCount() - 1))
                .getValueAs(String.class));
            writer.endFunCall(frame);
            return;
        }
        super.unparseCall(writer, call, leftPrec, rightPrec);
    }

    /**
     * MariaDB's {@code JSON_ARRAYAGG([DISTINCT] x [ORDER BY ...])} and {@code JSON_OBJECTAGG(k, v)}: Calcite's
     * {@code ABSENT ON NULL}, {@code NULL ON NULL}, {@code KEY k VALUE v} and {@code WITHIN GROUP} are syntax errors
     * there (the CN's own JSON aggregates keep MariaDB's nulls, so the clauses carry no meaning to lose).
     */
    private static void unparseJsonAggregate(SqlWriter writer, SqlCall call, SqlNodeList orderBy) {
        SqlWriter.Frame frame = writer.startFunCall(call.getKind() == SqlKind.JSON_ARRAYAGG ? "JSON_ARRAYAGG"
            : "JSON_OBJECTAGG");
        if (call.getFunctionQuantifier() != null) {
            writer.keyword(call.getFunctionQuantifier().toValue().toString());
        }
        for (SqlNode operand : call.getOperandList()) {
            writer.sep(",");
            operand.unparse(writer, 0, 0);
        }
        if (orderBy != null && !orderBy.isEmpty()) {
            writer.keyword("ORDER BY");
            SqlWriter.Frame keys = writer.startList(SqlWriter.FrameTypeEnum.ORDER_BY_LIST);
            for (SqlNode key : orderBy) {
                writer.sep(",");
                key.unparse(writer, 0, 0);
            }
            writer.endList(keys);
        }
        writer.endFunCall(frame);
    }

    /**
     * The GROUP BY list with each number literal (a constant key Calcite kept, {@code SELECT DISTINCT 5}) written as a
     * string: MySQL reads {@code GROUP BY 5} as the fifth column of the select list, a string is a constant.
     */
    private static SqlNodeList withoutPositions(SqlNodeList group) {
        if (group.stream().noneMatch(n -> n instanceof SqlNumericLiteral)) {
            return group;
        }
        SqlNodeList out = new SqlNodeList(group.getParserPosition());
        for (SqlNode n : group) {
            out.add(n instanceof SqlNumericLiteral number
                ? SqlLiteral.createCharString(number.toValue(), number.getParserPosition()) : n);
        }
        return out;
    }

    private static boolean isBooleanCast(SqlCall call) {
        return call.getKind() == SqlKind.CAST && call.operandCount() == 2
            && call.operand(1) instanceof org.apache.calcite.sql.SqlDataTypeSpec spec
            && spec.getTypeName().isSimple() && spec.getTypeName().getSimple().equalsIgnoreCase("BOOLEAN");
    }

    private static boolean isConvertUsing(SqlCall call) {
        String name = call.getOperator().getName();
        return (name.equalsIgnoreCase("CONVERT") || name.equalsIgnoreCase("TRANSLATE")) && call.operandCount() >= 2
            && call.operand(call.operandCount() - 1) instanceof org.apache.calcite.sql.SqlCharStringLiteral;
    }

    /** The {@code INTERVAL '1' unit} factor of {@code n * INTERVAL '1' unit}, or null. */
    private static SqlIntervalLiteral unitInterval(SqlCall call) {
        if (!(call instanceof SqlBasicCall) || call.operandCount() != 2
            || call.getKind() != SqlKind.TIMES && call.getKind() != SqlKind.CHECKED_TIMES) {
            return null;
        }
        for (SqlNode operand : call.getOperandList()) {
            if (operand instanceof SqlIntervalLiteral literal) {
                SqlIntervalLiteral.IntervalValue value = literal.getValueAs(SqlIntervalLiteral.IntervalValue.class);
                if (IntervalUnits.isOne(value)
                    && value.getIntervalQualifier().isSingleDatetimeField()) {
                    return literal;
                }
            }
        }
        return null;
    }
}
