package com.polardbx.common.digest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The words MySQL 8's lexer reads as keywords, which a digest prints in upper case without quotes; every other
 * word is an identifier and is printed in backquotes. Function names such as COUNT or NOW are keywords only when
 * a {@code (} follows them directly, as in MySQL's lexer. Looked up straight from the statement's characters (an
 * open-addressing table hashed case-insensitively), so no word is copied or upper-cased to be looked up. Immutable.
 */
final class MysqlKeywords {
    /** Functions MySQL's lexer knows by name (its function symbols): keywords only right before {@code (}. */
    private static final List<String> FUNCTIONS = List.of("ADDDATE", "BIT_AND", "BIT_OR", "BIT_XOR", "CAST",
        "COUNT", "CURDATE", "CURTIME", "DATE_ADD", "DATE_SUB", "EXTRACT", "GROUP_CONCAT", "JSON_ARRAYAGG",
        "JSON_OBJECTAGG", "MAX", "MID", "MIN", "NOW", "POSITION", "SESSION_USER", "STD", "STDDEV", "STDDEV_POP",
        "STDDEV_SAMP", "ST_COLLECT", "SUBDATE", "SUBSTR", "SUBSTRING", "SUM", "SYSDATE", "SYSTEM_USER", "TRIM",
        "VARIANCE", "VAR_POP", "VAR_SAMP");
    /** Longer words are never keywords (the longest is about 30 characters). */
    private static final int MAX_LENGTH = 64;

    /** The upper-case words, at the slot their hash chose (linear probing); a power of two long. */
    private static final String[] WORDS;
    /** Whether the word in the same slot is a keyword only before {@code (}. */
    private static final boolean[] FUNCTION_ONLY;

    static {
        List<String> keywords = load();
        int slots = Integer.highestOneBit(Math.max(16, (keywords.size() + FUNCTIONS.size()) * 4));
        WORDS = new String[slots];
        FUNCTION_ONLY = new boolean[slots];
        for (String k : keywords) {
            put(k, false);
        }
        for (String f : FUNCTIONS) {
            put(f, true);
        }
    }

    private MysqlKeywords() {
    }

    /**
     * The keyword {@code sql[start..end)} spells in any case, upper case (a shared constant), or null when it is no
     * keyword; {@code call} tells whether a {@code (} follows it. Words with characters outside ASCII never are.
     */
    static String keyword(String sql, int start, int end, boolean call) {
        if (end - start > MAX_LENGTH) {
            return null;
        }
        int h = 0;
        for (int i = start; i < end; i++) {
            char c = sql.charAt(i);
            if (c >= 0x80) {
                return null;
            }
            h = 31 * h + upper(c);
        }
        int mask = WORDS.length - 1;
        for (int slot = spread(h) & mask; WORDS[slot] != null; slot = (slot + 1) & mask) {
            String w = WORDS[slot];
            if (w.length() == end - start && sameUpper(w, sql, start)) {
                return !FUNCTION_ONLY[slot] || call ? w : null;
            }
        }
        return null;
    }

    private static boolean sameUpper(String word, String sql, int start) {
        for (int k = 0; k < word.length(); k++) {
            if (word.charAt(k) != upper(sql.charAt(start + k))) {
                return false;
            }
        }
        return true;
    }

    private static char upper(char c) {
        return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }

    private static void put(String word, boolean functionOnly) {
        int mask = WORDS.length - 1;
        int slot = spread(word.hashCode()) & mask; // an upper-case ASCII word hashes as keyword() hashes it
        while (WORDS[slot] != null) {
            if (WORDS[slot].equals(word)) {
                return; // a keyword stays one even where it is also a function name
            }
            slot = (slot + 1) & mask;
        }
        WORDS[slot] = word;
        FUNCTION_ONLY[slot] = functionOnly;
    }

    private static List<String> load() {
        try (InputStream in = MysqlKeywords.class.getResourceAsStream("mysql-keywords.txt")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return Arrays.stream(text.split("\n")).filter(l -> !l.startsWith("#"))
                .flatMap(l -> Arrays.stream(l.trim().split("\\s+"))).filter(w -> !w.isEmpty()).distinct().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
