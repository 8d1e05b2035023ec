package com.polardbx.executor.ddl;

import com.alibaba.druid.DbType;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.parser.ParserException;
import com.alibaba.druid.sql.parser.SQLParserUtils;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses DDL text with Druid's MySQL parser, covering the PolarDB-X syntax Druid lacks ({@code MODE='auto'} on
 * {@code CREATE DATABASE}). Stateless.
 */
public final class DdlStatementParser {
    private static final Pattern CREATE_DATABASE = Pattern.compile("^\\s*CREATE\\s+(DATABASE|SCHEMA)\\b",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern MODE_OPTION = Pattern.compile("\\bMODE\\s*=?\\s*(['\"]?)(\\w+)\\1",
        Pattern.CASE_INSENSITIVE);

    /** Druid needs ALGORITHM or DEFINER before SQL SECURITY in CREATE/ALTER VIEW; MySQL does not. */
    private static final Pattern BARE_SQL_SECURITY = Pattern.compile(
        "^(\\s*(?:CREATE(?:\\s+OR\\s+REPLACE)?|ALTER)\\s+)(SQL\\s+SECURITY\\b)", Pattern.CASE_INSENSITIVE);

    private DdlStatementParser() {
    }

    /** Parses one DDL statement; 1064 on a syntax error. */
    public static SQLStatement parse(String sql) {
        String text = CREATE_DATABASE.matcher(sql).find() ? MODE_OPTION.matcher(sql).replaceAll(" ") : sql;
        text = BARE_SQL_SECURITY.matcher(text).replaceFirst("$1ALGORITHM=UNDEFINED $2"); // UNDEFINED: the default
        try {
            return SQLParserUtils.createSQLStatementParser(text, DbType.mysql).parseStatement();
        } catch (ParserException e) {
            throw new SqlError(e, ErrorCode.ER_PARSE, e.getMessage());
        } catch (SqlError e) {
            throw e;
        } catch (RuntimeException e) {
            // the parser tripped over malformed text (a null or a cast it did not expect): a syntax error to the client
            throw new SqlError(e, ErrorCode.ER_PARSE, com.polardbx.optimizer.parse.MySqlParser.syntaxMessage(sql, null));
        }
    }

    /** The {@code MODE} option of a {@code CREATE DATABASE} text, lower case, or {@code null} when absent. */
    static String databaseMode(String sql) {
        if (sql == null || !CREATE_DATABASE.matcher(sql).find()) {
            return null;
        }
        Matcher m = MODE_OPTION.matcher(sql);
        return m.find() ? m.group(2).toLowerCase(Locale.ROOT) : null;
    }
}
