package com.polardbx.server.handler;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * information_schema.KEYWORDS as MySQL 8 has it (WORD, RESERVED): MariaDB's table has no RESERVED column, and a
 * client that believes the CN's MySQL 8 version asks for it. The words are MariaDB's; RESERVED marks MySQL 8.0's
 * reserved words, listed in a resource.
 */
final class ReservedWords {
    private static final List<String> RESERVED = load();
    private static final String KEYWORDS_TABLE = "(SELECT WORD, CAST(UPPER(WORD) IN ("
        + RESERVED.stream().map(w -> "'" + w + "'").collect(Collectors.joining(","))
        + ") AS SIGNED) AS RESERVED FROM information_schema.KEYWORDS)";

    private ReservedWords() {
    }

    /** A derived table to read in place of information_schema.KEYWORDS on a DN. */
    static String keywordsTable() {
        return KEYWORDS_TABLE;
    }

    private static List<String> load() {
        try (InputStream in = ReservedWords.class.getResourceAsStream("mysql-reserved-words.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#"))
                .flatMap(l -> Arrays.stream(l.trim().split("\\s+"))).filter(w -> !w.isEmpty()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
