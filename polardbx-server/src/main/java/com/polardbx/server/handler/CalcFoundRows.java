package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlSelectQueryBlock;
import java.util.regex.Pattern;

/**
 * {@code SELECT SQL_CALC_FOUND_ROWS ... LIMIT n}: the rows are the query's without the keyword, and FOUND_ROWS()
 * afterwards is what {@code SELECT COUNT(*)} over the query without its LIMIT counts. The CN runs that count as a
 * second query (MySQL counts while it reads; across shards a separate count is the simple correct way). Stateless.
 */
final class CalcFoundRows {
    private static final Pattern KEYWORD = Pattern.compile("(?i)\\bSQL_CALC_FOUND_ROWS\\b");

    private CalcFoundRows() {
    }

    /** The query block asking for the count, or null. */
    static MySqlSelectQueryBlock block(SQLSelectStatement select) {
        return select.getSelect().getQueryBlock() instanceof MySqlSelectQueryBlock b && b.isCalcFoundRows() ? b : null;
    }

    /** The statement's text without the keyword (labels are still cut from it). */
    static String withoutKeyword(String sql) {
        return KEYWORD.matcher(sql).replaceFirst("");
    }

    /** A query counting the rows of {@code select} without its LIMIT. */
    static String countQuery(SQLSelectStatement select) {
        SQLSelectStatement copy = select.clone();
        MySqlSelectQueryBlock block = (MySqlSelectQueryBlock) copy.getSelect().getQueryBlock();
        block.setCalcFoundRows(false);
        block.setLimit(null);
        copy.getSelect().setLimit(null);
        return "SELECT COUNT(*) FROM (" + SQLUtils.toMySqlString(copy) + ") AS found_rows_count";
    }
}
