package com.polardbx.common.sql;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;

/**
 * Expands or drops the executable comments of a statement text before anything parses it, as the server the CN
 * claims to be would: {@code /*! ... *}{@code /} is always SQL, {@code /*!NNNNN ... *}{@code /} is SQL when the
 * 5-digit version is at most {@link #mysqlVersionId()}, {@code /*M!NNNNNN ... *}{@code /} when the 6-digit version
 * is at most {@link #mariaDbVersionId()} (0: a MySQL server, which takes them for plain comments), and
 * {@link #CN_ONLY} when it holds a table's placement (SHOW CREATE TABLE writes it). Comments that are not executed
 * become a space. The result holds no executable comment outside quotes, so nothing the CN does not see can reach a
 * data node. Immutable and thread-safe.
 */
public final class ExecutableComments {
    private final int mysqlVersionId;
    private final int mariaDbVersionId;

    public ExecutableComments(int mysqlVersionId, int mariaDbVersionId) {
        this.mysqlVersionId = mysqlVersionId;
        this.mariaDbVersionId = mariaDbVersionId;
    }

    /** The rules of a server whose version string is {@code version} ("8.0.32-..." gives 80032; MySQL rules). */
    public static ExecutableComments forServerVersion(String version) {
        String[] parts = version.split("[.-]", 4);
        try {
            return new ExecutableComments(Integer.parseInt(parts[0]) * 10_000 + Integer.parseInt(parts[1]) * 100
                + Integer.parseInt(parts[2]), 0);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a MySQL version string: " + version, e);
        }
    }

    public int mysqlVersionId() {
        return mysqlVersionId;
    }

    public int mariaDbVersionId() {
        return mariaDbVersionId;
    }

    /**
     * The statement with every executable comment expanded or dropped; the same string when it has none.
     *
     * @throws SqlError 1064 for an executable comment that is never closed (MySQL's answer)
     */
    public String expand(String sql) {
        if (sql.indexOf("/*") < 0) {
            return sql;
        }
        StringBuilder out = new StringBuilder(sql.length());
        int open = 0; // executable comments being expanded: the next */ outside quotes closes one
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = SqlText.closingQuote(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if (c == '#' || c == '-' && isDashComment(sql, i)) {
                int nl = sql.indexOf('\n', i);
                int end = nl < 0 ? n : nl + 1;
                out.append(sql, i, end);
                i = end;
            } else if (c == '*' && open > 0 && sql.startsWith("*/", i)) {
                out.append(' ');
                open--;
                i += 2;
            } else if (c == '/' && sql.startsWith("/*", i)) {
                int body = versionedBody(sql, i);
                if (body == NOT_EXECUTABLE) {
                    int end = sql.indexOf("*/", i + 2);
                    end = end < 0 ? n : end + 2;
                    out.append(sql, i, end); // a plain comment (or an optimizer hint) stays as it is
                    i = end;
                } else if (body == DROPPED) {
                    int end = sql.indexOf("*/", i + 2);
                    if (end < 0) {
                        throw unclosed(sql, i);
                    }
                    out.append(' ');
                    i = end + 2;
                } else {
                    out.append(' ');
                    open++;
                    i = body;
                }
            } else {
                out.append(c);
                i++;
            }
        }
        if (open > 0) {
            throw unclosed(sql, sql.lastIndexOf("/*"));
        }
        return out.toString();
    }

    /**
     * The CN's own executable comment: MySQL and MariaDB skip {@code /*!99999 ... *}{@code /} (a version they have
     * not reached), their command-line clients keep it in a dump, and the CN runs it when it holds a table's
     * placement ({@code PARTITION BY}, {@code BROADCAST}, {@code SINGLE}), a global index or the word {@code LOCAL}.
     */
    public static final String CN_ONLY = "/*!99999";
    /** What a {@link #CN_ONLY} comment may hold; any other 99999 comment is skipped, as MySQL skips it. */
    private static final java.util.regex.Pattern PLACEMENT = java.util.regex.Pattern.compile(
        "(?i)\\s*(PARTITION\\s+BY|BROADCAST|SINGLE|,\\s*(UNIQUE\\s+)?(GLOBAL|CLUSTERED)\\s+INDEX)\\b"
            + "|(?i)\\s*LOCAL\\s*(?=\\*/)"); // a local key of an auto-partitioned table: /*!99999 LOCAL */ KEY k (c)

    private static final int NOT_EXECUTABLE = -1;
    private static final int DROPPED = -2;

    /**
     * For a comment opening at {@code i}: where the SQL inside an executed comment starts, {@link #DROPPED} for an
     * executable comment of a newer version, {@link #NOT_EXECUTABLE} for a plain comment.
     */
    private int versionedBody(String sql, int i) {
        if (sql.startsWith("/*!", i)) {
            int digits = digits(sql, i + 3);
            if (mariaDbVersionId > 0 && digits >= 6) {
                return Integer.parseInt(sql.substring(i + 3, i + 9)) <= mariaDbVersionId ? i + 9 : DROPPED;
            }
            if (digits == 5 && sql.startsWith(CN_ONLY, i) && PLACEMENT.matcher(sql).region(i + CN_ONLY.length(),
                sql.length()).lookingAt()) {
                return i + CN_ONLY.length(); // a table's placement from SHOW CREATE TABLE (see the class comment)
            }
            if (digits >= 5) {
                return Integer.parseInt(sql.substring(i + 3, i + 8)) <= mysqlVersionId ? i + 8 : DROPPED;
            }
            return i + 3; // no version: MySQL and MariaDB run the whole text, digits included
        }
        if (sql.startsWith("/*M!", i)) {
            if (mariaDbVersionId == 0) {
                return DROPPED; // MySQL reads it as a plain comment
            }
            int digits = digits(sql, i + 4);
            if (digits >= 6) {
                return Integer.parseInt(sql.substring(i + 4, i + 10)) <= mariaDbVersionId ? i + 10 : DROPPED;
            }
            if (digits >= 5) {
                return Integer.parseInt(sql.substring(i + 4, i + 9)) <= mariaDbVersionId ? i + 9 : DROPPED;
            }
            return i + 4;
        }
        return NOT_EXECUTABLE;
    }

    private static int digits(String sql, int from) {
        int i = from;
        while (i < sql.length() && i - from < 6 && Character.isDigit(sql.charAt(i)) && sql.charAt(i) < 128) {
            i++;
        }
        return i - from;
    }

    /** {@code --} starts a comment only when a space or control character (or the end) follows, as in MySQL. */
    private static boolean isDashComment(String sql, int i) {
        if (!sql.startsWith("--", i)) {
            return false;
        }
        return i + 2 >= sql.length() || sql.charAt(i + 2) <= ' ';
    }

    private static SqlError unclosed(String sql, int at) {
        String near = sql.substring(Math.max(at, 0), Math.min(sql.length(), Math.max(at, 0) + 80));
        return new SqlError(ErrorCode.ER_PARSE, "check the manual that corresponds to your MySQL server version for "
            + "the right syntax to use near '" + near + "' at line 1");
    }
}
