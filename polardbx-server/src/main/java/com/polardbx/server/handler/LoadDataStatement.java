package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.RawByteLiterals;
import com.polardbx.common.sql.SqlText;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A parsed {@code LOAD DATA [LOCAL] INFILE} statement: MySQL's grammar, read here because the parser we use refuses
 * parts of it ({@code CHARACTER SET utf8mb4}).
 *
 * @param columns target columns and {@code @variables}, in field order; empty for all columns of the table
 * @param assignments {@code SET col = expr} as (column, expression text) pairs
 */
public record LoadDataStatement(boolean local, String fileName, Duplicates duplicates, String schema, String table,
                                String charset, byte[] fieldsTerminatedBy, int enclosedBy, boolean optionallyEnclosed,
                                int escapedBy, byte[] linesStartingBy, byte[] linesTerminatedBy, long ignoreLines,
                                List<String> columns, List<String[]> assignments) {
    /** What a row whose key exists already does. */
    public enum Duplicates { ERROR, IGNORE, REPLACE }

    private static final Pattern START = Pattern.compile("(?is)^\\s*LOAD\\s+DATA\\b.*");

    /** Whether {@code sql} is a LOAD DATA statement. */
    public static boolean matches(String sql) {
        return START.matcher(sql).matches();
    }

    /** Parses the statement; 1064 when it is not valid LOAD DATA syntax. */
    public static LoadDataStatement parse(String sql) {
        return new Reader(sql).statement();
    }

    /** A small token reader over the statement text. */
    private static final class Reader {
        private final String sql;
        private int pos;

        Reader(String sql) {
            this.sql = sql;
        }

        LoadDataStatement statement() {
            expect("LOAD");
            expect("DATA");
            accept("LOW_PRIORITY");
            accept("CONCURRENT");
            boolean local = accept("LOCAL");
            expect("INFILE");
            String file = string();
            // LOCAL without REPLACE skips duplicates, as MySQL does: it can't stop the client's file half-way
            Duplicates duplicates = accept("REPLACE") ? Duplicates.REPLACE : accept("IGNORE") || local
                ? Duplicates.IGNORE : Duplicates.ERROR;
            expect("INTO");
            expect("TABLE");
            String first = name();
            String schema = null;
            String table = first;
            if (peek('.')) {
                pos++;
                schema = first;
                table = name();
            }
            if (accept("PARTITION")) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "LOAD DATA ... PARTITION (...)");
            }
            String charset = null;
            if (accept("CHARACTER")) {
                expect("SET");
                charset = word();
            } else if (accept("CHARSET")) {
                charset = word();
            }
            byte[] fieldsTerminated = {'\t'};
            int enclosed = -1;
            boolean optionally = false;
            int escaped = '\\';
            if (accept("FIELDS") || accept("COLUMNS")) {
                for (boolean more = true; more; ) {
                    if (accept("TERMINATED")) {
                        expect("BY");
                        fieldsTerminated = bytes(string());
                    } else if (accept("OPTIONALLY")) {
                        optionally = true;
                        expect("ENCLOSED");
                        expect("BY");
                        enclosed = singleByte(string());
                    } else if (accept("ENCLOSED")) {
                        expect("BY");
                        enclosed = singleByte(string());
                    } else if (accept("ESCAPED")) {
                        expect("BY");
                        escaped = singleByte(string());
                    } else {
                        more = false;
                    }
                }
            }
            byte[] linesStarting = new byte[0];
            byte[] linesTerminated = {'\n'};
            if (accept("LINES")) {
                for (boolean more = true; more; ) {
                    if (accept("STARTING")) {
                        expect("BY");
                        linesStarting = bytes(string());
                    } else if (accept("TERMINATED")) {
                        expect("BY");
                        linesTerminated = bytes(string());
                    } else {
                        more = false;
                    }
                }
            }
            long ignore = 0;
            if (accept("IGNORE")) {
                ignore = Long.parseLong(number());
                if (!accept("LINES")) {
                    expect("ROWS");
                }
            }
            List<String> columns = new ArrayList<>();
            if (peek('(')) {
                pos++;
                do {
                    columns.add(peek('@') ? variable() : name());
                } while (acceptChar(','));
                expectChar(')');
            }
            List<String[]> assignments = new ArrayList<>();
            if (accept("SET")) {
                do {
                    String column = name();
                    expectChar('=');
                    assignments.add(new String[] {column, expression()});
                } while (acceptChar(','));
            }
            skipSpace();
            if (pos < sql.length() && sql.charAt(pos) == ';') {
                pos++;
                skipSpace();
            }
            if (pos < sql.length()) {
                throw syntax();
            }
            if (linesTerminated.length == 0 && fieldsTerminated.length == 0) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "LOAD DATA with empty field and line terminators");
            }
            return new LoadDataStatement(local, file, duplicates, schema, table, charset, fieldsTerminated, enclosed,
                optionally, escaped, linesStarting, linesTerminated, ignore, List.copyOf(columns),
                List.copyOf(assignments));
        }

        /** A SET expression: text up to a top-level comma or the end. */
        private String expression() {
            skipSpace();
            int start = pos;
            int depth = 0;
            while (pos < sql.length()) {
                int skipped = SqlText.skipQuoteOrComment(sql, pos);
                if (skipped >= 0) {
                    pos = skipped;
                    continue;
                }
                char c = sql.charAt(pos);
                if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                } else if ((c == ',' || c == ';') && depth == 0) {
                    break;
                }
                pos++;
            }
            String text = sql.substring(start, pos).strip();
            if (text.isEmpty()) {
                throw syntax();
            }
            return text;
        }

        private static byte[] bytes(String s) {
            return s.getBytes(StandardCharsets.UTF_8);
        }

        private int singleByte(String s) {
            byte[] b = bytes(s);
            if (b.length > 1) {
                throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "LOAD DATA: ENCLOSED BY and ESCAPED BY take one"
                    + " character");
            }
            return b.length == 0 ? -1 : b[0] & 0xFF;
        }

        private String string() {
            skipSpace();
            if (pos >= sql.length() || sql.charAt(pos) != '\'' && sql.charAt(pos) != '"') {
                throw syntax();
            }
            int end = SqlText.closingQuote(sql, pos, sql.charAt(pos));
            String value = RawByteLiterals.value(sql.substring(pos, end));
            pos = end;
            return value;
        }

        private String name() {
            skipSpace();
            if (pos < sql.length() && sql.charAt(pos) == '`') {
                int end = SqlText.closingQuote(sql, pos, '`');
                String n = sql.substring(pos + 1, end - 1).replace("``", "`");
                pos = end;
                return n;
            }
            return word();
        }

        private String variable() {
            pos++; // '@'
            return "@" + name();
        }

        private String word() {
            skipSpace();
            int start = pos;
            while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_'
                || sql.charAt(pos) == '$')) {
                pos++;
            }
            if (start == pos) {
                throw syntax();
            }
            return sql.substring(start, pos);
        }

        private String number() {
            String w = word();
            if (!w.chars().allMatch(Character::isDigit)) {
                throw syntax();
            }
            return w;
        }

        private boolean peekWord(String keyword) {
            skipSpace();
            int end = pos + keyword.length();
            return sql.regionMatches(true, pos, keyword, 0, keyword.length())
                && (end >= sql.length() || !Character.isLetterOrDigit(sql.charAt(end)) && sql.charAt(end) != '_');
        }

        private boolean accept(String keyword) {
            if (peekWord(keyword)) {
                pos += keyword.length();
                return true;
            }
            return false;
        }

        private void expect(String keyword) {
            if (!accept(keyword)) {
                throw syntax();
            }
        }

        private boolean peek(char c) {
            skipSpace();
            return pos < sql.length() && sql.charAt(pos) == c;
        }

        private boolean acceptChar(char c) {
            if (peek(c)) {
                pos++;
                return true;
            }
            return false;
        }

        private void expectChar(char c) {
            if (!acceptChar(c)) {
                throw syntax();
            }
        }

        private void skipSpace() {
            while (pos < sql.length()) {
                int skipped = Character.isWhitespace(sql.charAt(pos)) ? pos + 1
                    : sql.charAt(pos) == '/' || sql.charAt(pos) == '#' || sql.charAt(pos) == '-'
                        ? SqlText.skipQuoteOrComment(sql, pos) : -1;
                if (skipped < 0) {
                    return;
                }
                pos = skipped;
            }
        }

        private SqlError syntax() {
            String near = sql.substring(Math.min(pos, sql.length()));
            return new SqlError(ErrorCode.ER_PARSE, "check the manual that corresponds to your MySQL server version"
                + " for the right syntax to use near '" + (near.length() > 80 ? near.substring(0, 80) : near)
                + "' at line 1");
        }
    }
}
