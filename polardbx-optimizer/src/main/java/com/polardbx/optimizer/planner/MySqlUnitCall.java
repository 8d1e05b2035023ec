package com.polardbx.optimizer.planner;

import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.avatica.util.TimeUnit;

/**
 * MySQL constructs whose time unit Calcite's parser can't read, written by {@link CalciteText} as calls with the
 * unit as a leading string: {@code INTERVAL x HOUR_MINUTE} is {@code MYSQL_INTERVAL('HOUR_MINUTE', x)},
 * {@code EXTRACT(YEAR_MONTH FROM x)} is {@code MYSQL_EXTRACT('YEAR_MONTH', x)}, {@code TIMESTAMPDIFF(unit, a, b)} and
 * {@code TIMESTAMPADD(unit, n, d)} likewise. In the SQL for the DNs they print back in MySQL's syntax. Immutable.
 */
final class MySqlUnitCall extends SqlFunction {
    static final MySqlUnitCall INTERVAL = new MySqlUnitCall("MYSQL_INTERVAL", 2);
    static final MySqlUnitCall EXTRACT = new MySqlUnitCall("MYSQL_EXTRACT", 2);
    static final MySqlUnitCall TIMESTAMPDIFF = new MySqlUnitCall("MYSQL_TIMESTAMPDIFF", 3);
    static final MySqlUnitCall TIMESTAMPADD = new MySqlUnitCall("MYSQL_TIMESTAMPADD", 3);

    private MySqlUnitCall(String name, int operands) {
        super(name, SqlKind.OTHER_FUNCTION, MySqlUnitCall::type, InferTypes.VARCHAR_1024,
            OperandTypes.variadic(SqlOperandCountRanges.of(operands)), SqlFunctionCategory.TIMEDATE);
    }

    /** The unit of a call's leading string literal, upper case ('' when it is not a literal). */
    static String unit(SqlOperatorBinding binding) {
        String unit = binding.isOperandLiteral(0, false) ? binding.getOperandLiteralValue(0, String.class) : null;
        return unit == null ? "" : unit.toUpperCase(Locale.ROOT);
    }

    /** Whether the unit counts whole days or more (a DATE plus it stays a DATE). */
    static boolean dateUnit(String unit) {
        return switch (unit) {
            case "YEAR", "QUARTER", "MONTH", "WEEK", "DAY", "YEAR_MONTH" -> true;
            default -> false;
        };
    }

    private static RelDataType type(SqlOperatorBinding binding) {
        RelDataTypeFactory f = binding.getTypeFactory();
        String name = binding.getOperator().getName();
        String unit = unit(binding);
        RelDataType type;
        if (name.equals("MYSQL_INTERVAL")) {
            TimeUnit start = unit.equals("YEAR_MONTH") ? TimeUnit.YEAR : TimeUnit.DAY;
            TimeUnit end = unit.equals("YEAR_MONTH") ? TimeUnit.MONTH : TimeUnit.SECOND;
            // the fractional precision carries MariaDB's digits of a microsecond unit to DATE_ADD's type
            int digits = end == TimeUnit.SECOND ? IntervalDigits.ofUnit(unit, binding.getOperandType(1)) : 0;
            type = f.createSqlIntervalType(new SqlIntervalQualifier(start, -1, end, digits, SqlParserPos.ZERO));
        } else if (name.equals("MYSQL_TIMESTAMPADD")) {
            RelDataType baseType = binding.getOperandType(2);
            SqlTypeName base = baseType.getSqlTypeName();
            type = base == SqlTypeName.DATE && dateUnit(unit) ? f.createSqlType(SqlTypeName.DATE)
                : base == SqlTypeName.DATE || base == SqlTypeName.TIMESTAMP
                ? IntervalDigits.datetime(binding, baseType, IntervalDigits.ofUnit(unit, binding.getOperandType(1)))
                : f.createSqlType(SqlTypeName.VARCHAR, 64);
        } else {
            type = f.createSqlType(SqlTypeName.BIGINT);
        }
        return f.createTypeWithNullability(type, true);
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        String unit = call.operand(0) instanceof SqlLiteral literal ? literal.getValueAs(String.class) : "?";
        switch (getName()) {
            case "MYSQL_INTERVAL" -> {
                writer.keyword("INTERVAL");
                SqlWriter.Frame amount = writer.startList("(", ")");
                call.operand(1).unparse(writer, 0, 0);
                writer.endList(amount);
                writer.keyword(unit);
            }
            case "MYSQL_EXTRACT" -> {
                SqlWriter.Frame frame = writer.startFunCall("EXTRACT");
                writer.keyword(unit);
                writer.keyword("FROM");
                call.operand(1).unparse(writer, 0, 0);
                writer.endFunCall(frame);
            }
            default -> {
                SqlWriter.Frame frame = writer.startFunCall(getName().substring("MYSQL_".length()));
                writer.keyword(unit);
                for (int i = 1; i < call.operandCount(); i++) {
                    // a separator right after the unit keyword would be dropped (no list item written yet)
                    writer.print(", ");
                    call.operand(i).unparse(writer, 0, 0);
                }
                writer.endFunCall(frame);
            }
        }
    }
}
