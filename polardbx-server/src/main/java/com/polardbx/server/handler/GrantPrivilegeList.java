package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.user.Privilege;
import com.polardbx.optimizer.parse.MySqlParser;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The privilege list of {@code GRANT privs ON target TO ...} / {@code REVOKE privs ON target FROM ...}, read by the CN
 * because Druid's parser knows only MySQL 5.7's names and refuses MariaDB's (BINLOG ADMIN, SLAVE MONITOR, ...).
 * The statement is handed to Druid with the list replaced by {@code USAGE}, for the accounts and the target.
 * Stateless.
 *
 * @param privileges what the list names ({@code USAGE} names nothing)
 * @param rewritten the statement with {@code USAGE} in place of the list
 */
public record GrantPrivilegeList(Set<Privilege> privileges, String rewritten) {
    private static final Pattern HEAD = Pattern.compile("(?is)^(\\s*(?:GRANT|REVOKE)\\s+)");

    /**
     * The list of a GRANT or REVOKE with an {@code ON} clause and no column list, or null for any other statement
     * (roles, {@code REVOKE ALL PRIVILEGES, GRANT OPTION FROM}, column privileges: left to Druid as before).
     * A name MariaDB does not know is 1064.
     */
    public static GrantPrivilegeList read(String sql) {
        Matcher head = HEAD.matcher(sql);
        if (!head.find()) {
            return null;
        }
        int start = head.end();
        int on = onKeyword(sql, start);
        if (on < 0) {
            return null;
        }
        String list = sql.substring(start, on);
        if (list.contains("(")) {
            return null;
        }
        Set<Privilege> privileges = EnumSet.noneOf(Privilege.class);
        int offset = start;
        for (String item : list.split(",", -1)) {
            String name = item.trim().replaceAll("\\s+", " ");
            if (!name.equalsIgnoreCase("USAGE")) {
                try {
                    privileges.add(Privilege.fromSql(name));
                } catch (IllegalArgumentException e) {
                    throw new SqlError(ErrorCode.ER_PARSE, MySqlParser.syntaxMessage(sql,
                        "pos " + (offset + item.length() - item.stripLeading().length() + firstWord(name).length())));
                }
            }
            offset += item.length() + 1;
        }
        return new GrantPrivilegeList(privileges, sql.substring(0, start) + "USAGE " + sql.substring(on));
    }

    private static String firstWord(String name) {
        int space = name.indexOf(' ');
        return space < 0 ? name : name.substring(0, space);
    }

    /** Where the word {@code ON} that ends the list starts, or -1; privilege names hold no quotes or keywords ON. */
    private static int onKeyword(String sql, int from) {
        String upper = sql.toUpperCase(Locale.ROOT);
        for (int i = from; i + 2 <= sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`' || c == ';') {
                return -1;
            }
            if (upper.startsWith("ON", i) && Character.isWhitespace(sql.charAt(i - 1))
                && (i + 2 == sql.length() || !Character.isLetterOrDigit(sql.charAt(i + 2))
                && sql.charAt(i + 2) != '_')) {
                return i;
            }
        }
        return -1;
    }
}
