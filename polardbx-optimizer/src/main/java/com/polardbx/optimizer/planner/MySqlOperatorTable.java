package com.polardbx.optimizer.planner;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.validate.SqlNameMatcher;

/**
 * The operator table the validator uses: Calcite's tables, except for functions whose Calcite meaning differs from
 * MySQL's and which MySQL defines here, and the MySQL functions of {@link MySqlFunctions}
 * and {@link MySqlPushdownFunctions}. {@code LENGTH} is MySQL's byte length (Calcite's library LENGTH is
 * CHAR_LENGTH and would be printed as such into shard SQL). Thread-safe (immutable).
 */
final class MySqlOperatorTable implements SqlOperatorTable {
    private static final Map<String, SqlFunction> OVERRIDES = Map.of(
        "LENGTH", byteLength("LENGTH"),
        "OCTET_LENGTH", byteLength("OCTET_LENGTH"),
        // MySQL's STD and STDDEV are the population deviation (Calcite's STDDEV is the sample one), VARIANCE VAR_POP
        "STD", org.apache.calcite.sql.fun.SqlStdOperatorTable.STDDEV_POP,
        "STDDEV", org.apache.calcite.sql.fun.SqlStdOperatorTable.STDDEV_POP,
        "VARIANCE", org.apache.calcite.sql.fun.SqlStdOperatorTable.VAR_POP,
        // IFNULL is a two-argument COALESCE, with its typing of mixed arguments (Calcite's wants equal types)
        "IFNULL", org.apache.calcite.sql.fun.SqlStdOperatorTable.COALESCE,
        "NVL", org.apache.calcite.sql.fun.SqlStdOperatorTable.COALESCE,
        // ROUND(d, n) and TRUNCATE(d, n) of a DECIMAL have n digits after the point (Calcite keeps d's scale)
        "ROUND", rounding("ROUND"),
        "TRUNCATE", rounding("TRUNCATE"));

    private final SqlOperatorTable calcite;

    MySqlOperatorTable(SqlOperatorTable calcite) {
        this.calcite = calcite;
    }

    private static SqlFunction byteLength(String name) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, ReturnTypes.BIGINT_NULLABLE, null, OperandTypes.ANY,
            SqlFunctionCategory.STRING);
    }

    private static SqlFunction rounding(String name) {
        return new SqlFunction(name, SqlKind.OTHER_FUNCTION, MySqlOperatorTable::roundedType, null,
            OperandTypes.or(OperandTypes.NUMERIC, OperandTypes.NUMERIC_INTEGER, OperandTypes.ANY_ANY,
                OperandTypes.ANY), SqlFunctionCategory.NUMERIC);
    }

    /** The argument's type, a DECIMAL with the constant number of digits after the point (none without one). */
    private static org.apache.calcite.rel.type.RelDataType roundedType(
        org.apache.calcite.sql.SqlOperatorBinding binding) {
        org.apache.calcite.rel.type.RelDataType arg = binding.getOperandType(0);
        if (arg.getSqlTypeName() != org.apache.calcite.sql.type.SqlTypeName.DECIMAL) {
            return arg;
        }
        int digits = 0;
        if (binding.getOperandCount() > 1) {
            if (!binding.isOperandLiteral(1, false)) {
                return arg;
            }
            Integer n = binding.getOperandLiteralValue(1, Integer.class);
            digits = n == null ? arg.getScale() : Math.max(0, Math.min(n, 30));
        }
        org.apache.calcite.rel.type.RelDataTypeFactory f = binding.getTypeFactory();
        int precision = Math.min(65, Math.max(arg.getPrecision() - arg.getScale() + digits, digits + 1));
        return f.createTypeWithNullability(f.createSqlType(org.apache.calcite.sql.type.SqlTypeName.DECIMAL, precision,
            digits), arg.isNullable());
    }

    @Override
    public void lookupOperatorOverloads(SqlIdentifier name, SqlFunctionCategory category, SqlSyntax syntax,
                                        List<SqlOperator> operators, SqlNameMatcher matcher) {
        SqlFunction override = null;
        if (name.isSimple() && syntax == SqlSyntax.FUNCTION) {
            String upper = name.getSimple().toUpperCase(Locale.ROOT);
            override = OVERRIDES.containsKey(upper) ? OVERRIDES.get(upper) : MySqlFunctions.lookup(upper);
            if (override == null) {
                override = MySqlPushdownFunctions.lookup(upper);
            }
        }
        if (override != null) {
            operators.add(override);
            return;
        }
        calcite.lookupOperatorOverloads(name, category, syntax, operators, matcher);
    }

    @Override
    public List<SqlOperator> getOperatorList() {
        List<SqlOperator> all = new java.util.ArrayList<>(calcite.getOperatorList());
        all.removeIf(op -> OVERRIDES.containsKey(op.getName()) || (MySqlFunctions.ALL.containsKey(op.getName())
            || MySqlPushdownFunctions.ALL.containsKey(op.getName())) && op instanceof SqlFunction);
        for (SqlOperator op : OVERRIDES.values()) {
            if (!all.contains(op)) {
                all.add(op);
            }
        }
        all.addAll(MySqlFunctions.ALL.values());
        MySqlPushdownFunctions.ALL.forEach((name, f) -> {
            if (!MySqlFunctions.ALL.containsKey(name)) {
                all.add(f);
            }
        });
        return all;
    }
}
