package com.polardbx.server.handler;

import java.util.List;

/**
 * Rows the CN computed, written as a derived table a DN can read in place of an information_schema table:
 * {@code (SELECT v AS c1, ... UNION ALL SELECT ...)}, or an empty one with the same columns. Stateless.
 */
final class DerivedTables {
    private DerivedTables() {
    }

    static String of(List<String> columns, List<Object[]> rows) {
        StringBuilder sql = new StringBuilder("(");
        if (rows.isEmpty()) {
            sql.append("SELECT ");
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append("NULL AS `").append(columns.get(c)).append('`');
            }
            return sql.append(" FROM DUAL WHERE 0)").toString();
        }
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "SELECT " : " UNION ALL SELECT ");
            Object[] row = rows.get(r);
            for (int c = 0; c < columns.size(); c++) {
                sql.append(c == 0 ? "" : ", ").append(ProcessListRows.literal(row[c]));
                if (r == 0) {
                    sql.append(" AS `").append(columns.get(c)).append('`');
                }
            }
        }
        return sql.append(')').toString();
    }
}
