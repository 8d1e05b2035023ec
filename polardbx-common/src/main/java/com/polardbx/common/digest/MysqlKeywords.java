package com.polardbx.common.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The words MySQL 8's lexer reads as keywords, which a digest prints in upper case without quotes; every other
 * word is an identifier and is printed in backquotes. Function names such as COUNT or NOW are keywords only when
 * a {@code (} follows them directly, as in MySQL's lexer. Immutable.
 */
final class MysqlKeywords {
    private static final Set<String> KEYWORDS = load();
    /** Functions MySQL's lexer knows by name (its function symbols): keywords only right before {@code (}. */
    private static final Set<String> FUNCTIONS = Set.of("ADDDATE", "BIT_AND", "BIT_OR", "BIT_XOR", "CAST", "COUNT",
        "CURDATE", "CURTIME", "DATE_ADD", "DATE_SUB", "EXTRACT", "GROUP_CONCAT", "JSON_ARRAYAGG", "JSON_OBJECTAGG",
        "MAX", "MID", "MIN", "NOW", "POSITION", "SESSION_USER", "STD", "STDDEV", "STDDEV_POP", "STDDEV_SAMP",
        "ST_COLLECT", "SUBDATE", "SUBSTR", "SUBSTRING", "SUM", "SYSDATE", "SYSTEM_USER", "TRIM", "VARIANCE",
        "VAR_POP", "VAR_SAMP");

    private MysqlKeywords() {
    }

    /** Whether {@code upper} (an upper-case word) is a keyword; {@code call} tells whether a {@code (} follows it. */
    static boolean isKeyword(String upper, boolean call) {
        return KEYWORDS.contains(upper) || call && FUNCTIONS.contains(upper);
    }

    private static Set<String> load() {
        try (InputStream in = MysqlKeywords.class.getResourceAsStream("mysql-keywords.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#"))
                .flatMap(l -> Arrays.stream(l.trim().split("\\s+"))).filter(w -> !w.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
