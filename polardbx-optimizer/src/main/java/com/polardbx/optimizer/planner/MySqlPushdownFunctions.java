package com.polardbx.optimizer.planner;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;

/**
 * MySQL functions declared only so that queries using them validate: inside a view they travel to the DNs as
 * written, which evaluate them with MySQL's own semantics. Above a CN operator only those the CN executor implements
 * run; the rest are refused there with 1235 (and pushed below CN joins where their arguments allow). Without these,
 * {@code SELECT INET_ATON(ip) FROM t} over a partitioned table was refused although every shard could answer it.
 * Consulted after {@link MySqlFunctions}, whose typed declarations win. Immutable.
 */
final class MySqlPushdownFunctions {
    private static final SqlReturnTypeInference STRING = ReturnTypes.VARCHAR_FORCE_NULLABLE;
    private static final SqlReturnTypeInference INTEGER = ReturnTypes.BIGINT_FORCE_NULLABLE;
    private static final SqlReturnTypeInference DOUBLE = ReturnTypes.DOUBLE_FORCE_NULLABLE;
    private static final SqlReturnTypeInference TIME = ReturnTypes.TIME.andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference DATETIME =
        ReturnTypes.TIMESTAMP.andThen(SqlTypeTransforms.FORCE_NULLABLE);
    private static final SqlReturnTypeInference BYTES =
        ReturnTypes.explicit(SqlTypeName.VARBINARY).andThen(SqlTypeTransforms.FORCE_NULLABLE);

    static final Map<String, SqlFunction> ALL = build();

    private MySqlPushdownFunctions() {
    }

    private static Map<String, SqlFunction> build() {
        Map<String, SqlFunction> m = new HashMap<>();
        // strings
        MySqlFunctions.add(m, STRING, 2, 3, "FORMAT");
        MySqlFunctions.add(m, STRING, 1, 1, "SOUNDEX", "INET_NTOA", "INET6_NTOA", "FROM_BASE64", "CHARSET",
            "COLLATION", "JSON_COMPACT", "JSON_DETAILED", "JSON_LOOSE", "DECODE_HISTOGRAM");
        MySqlFunctions.add(m, STRING, 2, 2, "SHA2", "REGEXP_SUBSTR");
        MySqlFunctions.add(m, STRING, 3, 3, "REGEXP_REPLACE");
        MySqlFunctions.add(m, STRING, 2, Integer.MAX_VALUE, "MAKE_SET");
        MySqlFunctions.add(m, STRING, 3, 5, "EXPORT_SET");
        MySqlFunctions.add(m, STRING, 3, Integer.MAX_VALUE, "JSON_SET", "JSON_INSERT", "JSON_REPLACE",
            "JSON_ARRAY_APPEND", "JSON_ARRAY_INSERT", "JSON_SEARCH");
        MySqlFunctions.add(m, STRING, 2, Integer.MAX_VALUE, "JSON_REMOVE", "JSON_MERGE", "JSON_MERGE_PATCH",
            "JSON_MERGE_PRESERVE");
        MySqlFunctions.add(m, BYTES, 1, 1, "UNHEX", "INET6_ATON");
        // numbers
        MySqlFunctions.add(m, INTEGER, 1, 1, "BIT_LENGTH", "BIT_COUNT", "INET_ATON", "IS_IPV4", "IS_IPV6",
            "COERCIBILITY", "TO_SECONDS", "MICROSECOND", "CRC32C");
        MySqlFunctions.add(m, INTEGER, 2, 2, "PERIOD_ADD", "PERIOD_DIFF", "REGEXP_INSTR", "JSON_OVERLAPS");
        MySqlFunctions.add(m, INTEGER, 2, 3, "JSON_CONTAINS");
        MySqlFunctions.add(m, DOUBLE, 2, 2, "ATAN2");
        // dates and times
        MySqlFunctions.add(m, TIME, 3, 3, "MAKETIME");
        MySqlFunctions.add(m, DATETIME, 3, 3, "CONVERT_TZ");
        MySqlFunctions.add(m, b -> (b.getOperandCount() == 1 ? DATETIME : STRING).inferReturnType(b), 1, 2,
            "FROM_UNIXTIME");
        m.put(MySqlCollate.COLLATE.getName(), MySqlCollate.COLLATE);
        m.put(MySqlCollate.BINARY.getName(), MySqlCollate.BINARY);
        return Map.copyOf(m);
    }

    /** The function declared under {@code name}, or null. */
    static SqlFunction lookup(String name) {
        return ALL.get(name.toUpperCase(Locale.ROOT));
    }
}
