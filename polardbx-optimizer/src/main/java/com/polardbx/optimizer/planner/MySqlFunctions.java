package com.polardbx.optimizer.planner;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * MySQL functions Calcite lacks or types too strictly (e.g. {@code DATEDIFF} of a string, {@code LOCATE}), declared
 * with MySQL's names, argument counts and result types. Their arguments are not type-checked, so the validator adds
 * no casts: a call inside a view is sent to the DNs as written and MySQL converts the arguments itself; the CN
 * executor implements them with MySQL's conversions too. Immutable.
 */
final class MySqlFunctions {
    private static final SqlReturnTypeInference STRING = ReturnTypes.VARCHAR_FORCE_NULLABLE;
    private static final SqlReturnTypeInference INTEGER = ReturnTypes.BIGINT_FORCE_NULLABLE;
    private static final SqlReturnTypeInference DOUBLE = ReturnTypes.DOUBLE_FORCE_NULLABLE;
    private static final SqlReturnTypeInference DATE = ReturnTypes.DATE.andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference TIME = ReturnTypes.TIME.andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference DATETIME =
        ReturnTypes.TIMESTAMP.andThen(SqlTypeTransforms.FORCE_NULLABLE);

    static final Map<String, SqlFunction> ALL = build();

    private MySqlFunctions() {
    }

    private static Map<String, SqlFunction> build() {
        Map<String, SqlFunction> m = new HashMap<>();
        // strings
        add(m, STRING, 2, 2, "LEFT", "RIGHT", "REPEAT");
        add(m, STRING, 3, 3, "LPAD", "RPAD", "REPLACE", "SUBSTRING_INDEX", "MID");
        add(m, STRING, 1, 1, "REVERSE", "SPACE", "QUOTE", "TO_BASE64", "MD5", "SHA1", "SHA", "UCASE", "LCASE",
            "BIN", "OCT", "HEX");
        add(m, STRING, 1, Integer.MAX_VALUE, "CONCAT");
        add(m, STRING, 2, Integer.MAX_VALUE, "CONCAT_WS", "ELT");
        add(m, STRING, 3, 3, "CONV");
        add(m, INTEGER, 2, 3, "LOCATE");
        add(m, INTEGER, 2, 2, "INSTR", "STRCMP", "FIND_IN_SET");
        add(m, INTEGER, 1, 1, "ASCII", "ORD", "SIGN", "CRC32");
        add(m, INTEGER, 2, Integer.MAX_VALUE, "FIELD");
        add(m, MySqlFunctions::commonOrString, 2, Integer.MAX_VALUE, "GREATEST", "LEAST");
        // numbers
        add(m, DOUBLE, 2, 2, "POW", "POWER");
        add(m, DOUBLE, 0, 0, "PI");
        add(m, DOUBLE, 1, 1, "LOG2", "LOG10", "LN", "SQRT", "EXP", "DEGREES", "RADIANS");
        add(m, DOUBLE, 1, 2, "LOG");
        // dates
        add(m, STRING, 2, 2, "DATE_FORMAT", "TIME_FORMAT");
        add(m, STRING, 1, 1, "DAYNAME", "MONTHNAME");
        add(m, INTEGER, 2, 2, "DATEDIFF");
        add(m, INTEGER, 1, 1, "TO_DAYS", "WEEKDAY", "DAYOFWEEK", "DAYOFYEAR", "TIME_TO_SEC");
        add(m, INTEGER, 1, 2, "WEEK", "YEARWEEK");
        add(m, DATE, 1, 1, "LAST_DAY", "FROM_DAYS");
        add(m, DATE, 2, 2, "MAKEDATE");
        add(m, TIME, 1, 1, "SEC_TO_TIME");
        add(m, TIME, 2, 2, "TIMEDIFF");
        add(m, MySqlFunctions::firstTemporalOrString, 2, 2, "ADDTIME", "SUBTIME");
        add(m, MySqlFunctions::strToDateType, 2, 2, "STR_TO_DATE");
        for (String name : new String[] {"ADDDATE", "SUBDATE", "DATE_ADD", "DATE_SUB"}) {
            m.put(name, new MySqlDateAddition(name, MySqlFunctions::dateAdditionType));
        }
        add(m, INTEGER, 0, 1, "UNIX_TIMESTAMP");
        addClock(m, DATETIME, "NOW", "SYSDATE", "UTC_TIMESTAMP");
        addClock(m, DATE, "CURDATE", "UTC_DATE");
        // JSON (results are JSON text)
        add(m, STRING, 2, Integer.MAX_VALUE, "JSON_EXTRACT");
        add(m, STRING, 1, 1, "JSON_UNQUOTE", "JSON_QUOTE", "JSON_TYPE");
        add(m, STRING, 1, 2, "JSON_KEYS");
        add(m, INTEGER, 1, 1, "JSON_VALID", "JSON_DEPTH");
        add(m, INTEGER, 1, 2, "JSON_LENGTH");
        add(m, INTEGER, 3, Integer.MAX_VALUE, "JSON_CONTAINS_PATH");
        // operators Calcite can't parse, written as calls by CalciteText
        SqlReturnTypeInference bits = ReturnTypes.explicit(SqlTypeName.UBIGINT)
            .andThen(SqlTypeTransforms.FORCE_NULLABLE);
        SqlReturnTypeInference truth = ReturnTypes.BOOLEAN.andThen(SqlTypeTransforms.FORCE_NULLABLE);
        for (MySqlOperatorFunction f : new MySqlOperatorFunction[] {
            new MySqlOperatorFunction("DIV", "MYSQL_DIV", 2, INTEGER),
            new MySqlOperatorFunction("XOR", "MYSQL_XOR", 2, truth),
            new MySqlOperatorFunction("REGEXP", "MYSQL_REGEXP", 2, truth),
            new MySqlOperatorFunction("<=>", "MYSQL_NULL_SAFE_EQUAL", 2, ReturnTypes.BOOLEAN),
            new MySqlOperatorFunction("&", "MYSQL_BITAND", 2, bits),
            new MySqlOperatorFunction("|", "MYSQL_BITOR", 2, bits),
            new MySqlOperatorFunction("^", "MYSQL_BITXOR", 2, bits),
            new MySqlOperatorFunction("<<", "MYSQL_SHIFT_LEFT", 2, bits),
            new MySqlOperatorFunction(">>", "MYSQL_SHIFT_RIGHT", 2, bits),
            new MySqlOperatorFunction("~", "MYSQL_BIT_NOT", 1, bits),
            MySqlOperatorFunction.function("INSERT", "MYSQL_INSERT", 4, STRING),
            MySqlOperatorFunction.function("JSON_OBJECT", "MYSQL_JSON_OBJECT", 0, STRING),
            MySqlOperatorFunction.function("JSON_ARRAY", "MYSQL_JSON_ARRAY", 0, STRING)}) {
            m.put(f.getName(), f);
        }
        m.put(MySqlTruth.FUNCTION.getName(), MySqlTruth.FUNCTION);
        for (MySqlUnitCall f : new MySqlUnitCall[] {MySqlUnitCall.INTERVAL, MySqlUnitCall.EXTRACT,
            MySqlUnitCall.TIMESTAMPDIFF, MySqlUnitCall.TIMESTAMPADD}) {
            m.put(f.getName(), f);
        }
        return Map.copyOf(m);
    }

    /** Declares deterministic functions taking {@code min..max} arguments of any type. */
    static void add(Map<String, SqlFunction> m, SqlReturnTypeInference type, int min, int max, String... names) {
        for (String name : names) {
            m.put(name, new SqlFunction(name, SqlKind.OTHER_FUNCTION, type, InferTypes.VARCHAR_1024,
                OperandTypes.variadic(SqlOperandCountRanges.between(min, max)), SqlFunctionCategory.SYSTEM) {
                @Override
                public boolean isDeterministic() {
                    return true;
                }
            });
        }
    }

    /** Functions of the current time: never folded at planning, so a cached plan reads the clock on every run. */
    private static void addClock(Map<String, SqlFunction> m, SqlReturnTypeInference type, String... names) {
        for (String name : names) {
            m.put(name, new SqlFunction(name, SqlKind.OTHER_FUNCTION, type, InferTypes.VARCHAR_1024,
                OperandTypes.NILADIC, SqlFunctionCategory.TIMEDATE) {
                @Override
                public boolean isDeterministic() {
                    return false;
                }

                @Override
                public boolean isDynamicFunction() {
                    return true;
                }
            });
        }
    }

    /** The function MySQL defines under {@code name}, or null. */
    static SqlFunction lookup(String name) {
        return ALL.get(name.toUpperCase(Locale.ROOT));
    }

    /** ADDTIME/SUBTIME: a DATETIME or TIME like the first argument; text for anything else. */
    private static RelDataType firstTemporalOrString(SqlOperatorBinding binding) {
        RelDataType first = binding.getOperandType(0);
        SqlTypeName name = first.getSqlTypeName();
        if (name == SqlTypeName.TIMESTAMP || name == SqlTypeName.TIME) {
            return binding.getTypeFactory().createTypeWithNullability(first, true);
        }
        return STRING.inferReturnType(binding);
    }

    /**
     * GREATEST/LEAST: Calcite's common type of the arguments; text when there is none (a string against a number
     * or date), where MySQL's comparison rules are left to the DNs (the CN refuses mixed kinds).
     */
    private static RelDataType commonOrString(SqlOperatorBinding binding) {
        RelDataType common = binding.getTypeFactory().leastRestrictive(binding.collectOperandTypes());
        return common != null ? binding.getTypeFactory().createTypeWithNullability(common, true)
            : STRING.inferReturnType(binding);
    }

    /**
     * DATE_ADD/DATE_SUB/ADDDATE/SUBDATE: a DATE stays a DATE when whole days, months or years are added, a DATETIME
     * stays one, a DATE plus hours becomes a DATETIME, and a string argument gives text (MySQL's types). A DATETIME
     * result has MariaDB's fractional digits ({@link IntervalDigits}). Declared here so that Calcite neither casts a
     * string argument to DATE (dropping its time) nor rewrites the call.
     */
    private static RelDataType dateAdditionType(SqlOperatorBinding binding) {
        RelDataType baseType = binding.getOperandType(0);
        SqlTypeName base = baseType.getSqlTypeName();
        SqlTypeName amount = binding.getOperandType(1).getSqlTypeName();
        boolean wholeDays = !SqlTypeUtil.isInterval(binding.getOperandType(1))
            || amount == SqlTypeName.INTERVAL_YEAR || amount == SqlTypeName.INTERVAL_YEAR_MONTH
            || amount == SqlTypeName.INTERVAL_MONTH || amount == SqlTypeName.INTERVAL_DAY;
        if (base == SqlTypeName.DATE && wholeDays) {
            return DATE.inferReturnType(binding);
        }
        return base == SqlTypeName.DATE || base == SqlTypeName.TIMESTAMP
            ? IntervalDigits.datetime(binding, baseType, IntervalDigits.ofOperand(binding, 1))
            : STRING.inferReturnType(binding);
    }

    /** STR_TO_DATE is a DATE when its (constant) format has no time part, else a DATETIME (MySQL decides so). */
    private static RelDataType strToDateType(SqlOperatorBinding binding) {
        String format = binding instanceof SqlCallBinding call && call.operand(1) instanceof SqlLiteral literal
            ? literal.getValueAs(String.class) : null;
        if (format == null && binding.isOperandLiteral(1, false)) {
            format = binding.getOperandLiteralValue(1, String.class);
        }
        boolean hasTime = format == null || format.matches("(?s).*%[HhIiklSsTfpr].*");
        return (hasTime ? DATETIME : DATE).inferReturnType(binding);
    }
}
