package com.polardbx.tests.slt;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The statements of the corpus the CN is known to get wrong, from {@code slt/known-failures.txt}: one line per
 * statement, {@code file | kind | reason | sql} where kind is {@code error} (the CN refuses, e.g. 1235) or
 * {@code wrong-result}. The runner checks that each listed statement still fails in the listed way, so a fixed one
 * must leave the list, and that every entry names a statement of the corpus.
 */
public final class KnownFailures {
    /** How a listed statement fails on the CN. */
    public enum Kind { ERROR, WRONG_RESULT }

    /** One entry of the list. */
    public record Entry(String file, Kind kind, String reason, String sql) {
    }

    private final Map<String, Entry> entries = new HashMap<>();
    private final Set<String> used = new HashSet<>();

    public static KnownFailures load(String resource) {
        KnownFailures known = new KnownFailures();
        try (InputStream in = KnownFailures.class.getResourceAsStream(resource)) {
            if (in == null) {
                return known;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split(" \\| ", 4);
                if (parts.length != 4) {
                    throw new IllegalArgumentException("bad known-failures line: " + line);
                }
                Kind kind = Kind.valueOf(parts[1].strip().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                Entry e = new Entry(parts[0].strip(), kind, parts[2].strip(), SltRecord.normalize(parts[3]));
                known.entries.put(key(e.file(), e.sql()), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return known;
    }

    private static String key(String file, String sql) {
        return file + "\n" + sql;
    }

    /** The entry for a statement, or null; marks it as used. */
    public synchronized Entry find(String file, SltRecord record) {
        String k = key(file, record.normalizedSql());
        Entry e = entries.get(k);
        if (e != null) {
            used.add(k);
        }
        return e;
    }

    /** Entries of {@code file} that matched no statement (call after running the whole file). */
    public synchronized java.util.List<Entry> unused(String file) {
        return entries.entrySet().stream().filter(en -> en.getValue().file().equals(file))
            .filter(en -> !used.contains(en.getKey())).map(Map.Entry::getValue).toList();
    }

    public synchronized int size() {
        return entries.size();
    }
}
