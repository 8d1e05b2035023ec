package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The account a {@code SHOW GRANTS [FOR user[@host]]} names: the caller's own without FOR or with CURRENT_USER. */
final class GrantsTarget {
    private static final String NAME = "(?:'((?:[^']|'')*)'|\"((?:[^\"]|\"\")*)\"|`((?:[^`]|``)*)`|([\\w$.%-]+))";
    private static final Pattern SHOW_GRANTS = Pattern.compile(
        "(?is)^\\s*SHOW\\s+GRANTS\\s*(?:FOR\\s+(?:(CURRENT_USER)\\s*(?:\\(\\s*\\))?|" + NAME + "(?:\\s*@\\s*" + NAME
            + ")?))?\\s*;?\\s*$");

    private GrantsTarget() {
    }

    /** {user, host}; a user without a host means host {@code %}, as in MySQL. 1064 for anything else. */
    static String[] parse(String sql, String currentUser, String currentHost) {
        Matcher m = SHOW_GRANTS.matcher(sql);
        if (!m.matches()) {
            throw new SqlError(ErrorCode.ER_PARSE, "near '" + sql.strip() + "'");
        }
        String user = first(m, 2, 5);
        if (m.group(1) != null || user == null) {
            return new String[] {currentUser, currentHost};
        }
        String host = first(m, 6, 9);
        return new String[] {user, host == null ? "%" : host};
    }

    private static String first(Matcher m, int from, int to) {
        for (int g = from; g <= to; g++) {
            if (m.group(g) != null) {
                return m.group(g);
            }
        }
        return null;
    }
}
