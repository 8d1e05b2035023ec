package com.polardbx.tests.slt;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses our sqllogictest dialect. A file is a sequence of blocks separated by blank lines; lines starting with
 * {@code #} are comments. A block is a header line followed by SQL (one or more lines):
 * <pre>
 * statement ok
 * statement error 1062
 * statement error 1054 message (the messages must be equal too)
 * query rowsort        (rows compared as a multiset)
 * query nosort         (rows compared in order: the query has a total ORDER BY)
 * query rowsort nocase (also ignore letter case, for general_ci group keys)
 * </pre>
 * Expected results are not in the file: the reference database is the oracle. In the SQL, {@code /*cn*}{@code /}
 * starts a clause only the CN gets (PARTITION BY, BROADCAST, SINGLE); the reference runs the text before it.
 */
public final class SltParser {
    private static final String CN_MARKER = "/*cn*/";

    private SltParser() {
    }

    public static List<SltRecord> parse(String fileName, String text) {
        List<SltRecord> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            String header = lines[i].strip();
            if (header.isEmpty() || header.startsWith("#")) {
                i++;
                continue;
            }
            int headerLine = i + 1;
            StringBuilder sql = new StringBuilder();
            i++;
            while (i < lines.length && !lines[i].isBlank()) {
                if (!lines[i].strip().startsWith("#")) {
                    sql.append(sql.length() == 0 ? "" : "\n").append(lines[i].stripTrailing());
                }
                i++;
            }
            if (sql.length() == 0) {
                throw new IllegalArgumentException(fileName + ":" + headerLine + ": block without SQL");
            }
            out.add(record(fileName, headerLine, header, sql.toString()));
        }
        return out;
    }

    private static SltRecord record(String fileName, int line, String header, String text) {
        String[] words = header.split("\\s+");
        int marker = text.indexOf(CN_MARKER);
        String cnSql = text.replace(CN_MARKER, " ");
        String referenceSql = marker < 0 ? text : text.substring(0, marker);
        boolean nocase = words.length > 2 && words[2].equals("nocase");
        switch (words[0] + " " + (words.length > 1 ? words[1] : "")) {
            case "statement ok":
                return new SltRecord(SltRecord.Kind.STATEMENT_OK, line, cnSql, referenceSql, 0, false);
            case "statement error":
                int errno = words.length > 2 ? Integer.parseInt(words[2]) : 0;
                boolean sameMessage = words.length > 3 && words[3].equals("message");
                return new SltRecord(SltRecord.Kind.STATEMENT_ERROR, line, cnSql, referenceSql, errno, false,
                    sameMessage);
            case "query rowsort":
                return new SltRecord(SltRecord.Kind.QUERY_ROWSORT, line, cnSql, referenceSql, 0, nocase);
            case "query nosort":
                return new SltRecord(SltRecord.Kind.QUERY_NOSORT, line, cnSql, referenceSql, 0, nocase);
            default:
                throw new IllegalArgumentException(fileName + ":" + line + ": unknown block header '" + header + "'");
        }
    }
}
