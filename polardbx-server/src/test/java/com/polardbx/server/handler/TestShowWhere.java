package com.polardbx.server.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLShowVariantsStatement;
import com.alibaba.druid.util.JdbcConstants;
import com.polardbx.common.error.SqlError;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** SHOW ... WHERE evaluated over the SHOW's own rows with MySQL's rules (case-insensitive, NULL unknown). */
class TestShowWhere {
    private static final List<String> COLUMNS = List.of("Variable_name", "Value");
    private static final List<Object[]> ROWS = List.of(new Object[] {"character_set_server", "utf8mb4"},
        new Object[] {"collation_server", "utf8mb4_general_ci"}, new Object[] {"sql_mode", "STRICT_TRANS_TABLES"},
        new Object[] {"gtid_purged", null});

    private static List<String> names(String show) {
        SQLShowVariantsStatement s = (SQLShowVariantsStatement) SQLUtils.parseSingleStatement(show,
            JdbcConstants.MYSQL);
        Predicate<Object[]> p = ShowWhere.of(s.getWhere(), COLUMNS);
        return ROWS.stream().filter(p).map(r -> (String) r[0]).toList();
    }

    @Test
    void keepsTheRowsTheConditionHolds() {
        assertEquals(List.of("character_set_server", "collation_server"),
            names("SHOW VARIABLES WHERE Variable_name IN ('character_set_server','COLLATION_SERVER')"));
        assertEquals(List.of("sql_mode"), names("SHOW VARIABLES WHERE variable_name = 'SQL_MODE'"));
        assertEquals(List.of("character_set_server", "sql_mode"),
            names("SHOW VARIABLES WHERE Variable_name LIKE 'char%' OR Value LIKE 'strict%'"));
        assertEquals(List.of("sql_mode"),
            names("SHOW VARIABLES WHERE Variable_name NOT IN ('character_set_server')"
                + " AND Value <> 'utf8mb4_general_ci'"));
        assertEquals(List.of("gtid_purged"), names("SHOW VARIABLES WHERE Value IS NULL"));
        assertEquals(ROWS.size(), names("SHOW VARIABLES").size());
    }

    @Test
    void refusesWhatItCannotEvaluate() {
        SqlError unknown = assertThrows(SqlError.class, () -> names("SHOW VARIABLES WHERE nope = 1"));
        assertEquals(1054, unknown.errno());
        SqlError function = assertThrows(SqlError.class, () -> names("SHOW VARIABLES WHERE LOWER(Value) = 'x'"));
        assertEquals(1235, function.errno());
    }
}
