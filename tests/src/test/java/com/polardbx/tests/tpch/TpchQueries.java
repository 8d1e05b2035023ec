package com.polardbx.tests.tpch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The 22 TPC-H queries of {@code src/test/resources/tpch/qNN.sql} (on the classpath), comment lines removed. */
public final class TpchQueries {
    public static final int COUNT = 22;

    private TpchQueries() {
    }

    /** "q01" .. "q22". */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= COUNT; i++) {
            names.add(String.format(Locale.ROOT, "q%02d", i));
        }
        return names;
    }

    /** The text of one query without comment lines or a trailing semicolon. */
    public static String text(String name) {
        String resource = "/tpch/" + name + ".sql";
        try (InputStream in = TpchQueries.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("missing resource " + resource);
            }
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.strip().startsWith("--")) {
                    sb.append(line).append('\n');
                }
            }
            String sql = sb.toString().strip();
            return sql.endsWith(";") ? sql.substring(0, sql.length() - 1) : sql;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the outermost query ends with ORDER BY (its rows must come back in that order). */
    public static boolean isOrdered(String sql) {
        String lower = sql.toLowerCase(Locale.ROOT);
        return lower.lastIndexOf("order by") > lower.lastIndexOf(')');
    }
}
