package com.polardbx.optimizer.parse;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.parser.ParserException;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.CharsetIntroducers;
import java.util.List;

/**
 * Parses MySQL-dialect statement text into Druid ASTs; syntax errors become MySQL error 1064.
 *
 * <p>Druid covers the whole MySQL statement surface (DDL with partitions, SHOW, SET, DML variants); queries that go
 * through the cost-based path are re-parsed by Calcite from their text. Stateless and thread-safe.
 */
public final class MySqlParser {
    private MySqlParser() {
    }

    public static List<SQLStatement> parse(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new SqlError(ErrorCode.ER_EMPTY_QUERY);
        }
        try {
            // introduced literals first: Druid prints them back unescaped, and drops the X of _cs X'..'
            List<SQLStatement> statements = SQLUtils.parseStatements(
                IntervalOperands.rewrite(NegatedKeywordCalls.rewrite(CharsetIntroducers.rewrite(sql))), DbType.mysql);
            for (SQLStatement statement : statements) {
                if (MisparsedTrees.has(statement)) {
                    throw new SqlError(ErrorCode.ER_PARSE, syntaxMessage(sql, null));
                }
            }
            return statements;
        } catch (ParserException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new SqlError(e, ErrorCode.ER_PARSE, syntaxMessage(sql, e.getMessage()));
        } catch (SqlError e) {
            throw e;
        } catch (RuntimeException e) {
            // the parser tripped over malformed text (a null or a cast it did not expect): a syntax error to the client
            throw new SqlError(e, ErrorCode.ER_PARSE, syntaxMessage(sql, null));
        }
    }

    public static SQLStatement parseOne(String sql) {
        List<SQLStatement> statements = parse(sql);
        if (statements.size() != 1) {
            throw new SqlError(ErrorCode.ER_PARSE, syntaxMessage(sql, null));
        }
        return statements.get(0);
    }

    /** Builds MySQL's "check the manual ... near '...' at line N" text from Druid's position info. */
    public static String syntaxMessage(String sql, String druidMessage) {
        int pos = 0;
        if (druidMessage != null) {
            int at = druidMessage.indexOf("pos ");
            if (at >= 0) {
                int end = at + 4;
                while (end < druidMessage.length() && Character.isDigit(druidMessage.charAt(end))) {
                    end++;
                }
                try {
                    pos = Integer.parseInt(druidMessage.substring(at + 4, end));
                } catch (NumberFormatException ignored) {
                    pos = 0;
                }
            }
        }
        pos = Math.max(0, Math.min(pos, sql.length()));
        // Druid reports the position after the offending token; back up to its start.
        int start = pos;
        while (start > 0 && !Character.isWhitespace(sql.charAt(start - 1))) {
            start--;
        }
        String near = sql.substring(start);
        if (near.length() > 80) {
            near = near.substring(0, 80);
        }
        int line = 1;
        for (int i = 0; i < start; i++) {
            if (sql.charAt(i) == '\n') {
                line++;
            }
        }
        return "check the manual that corresponds to your MySQL server version for the right syntax to use near '"
            + near + "' at line " + line;
    }
}
