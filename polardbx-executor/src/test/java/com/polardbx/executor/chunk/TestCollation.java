package com.polardbx.executor.chunk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TestCollation {
    @Test
    void generalCiIgnoresCaseAndTrailingSpaces() {
        assertEquals(0, Collation.GENERAL_CI.compare("abc", "ABC"));
        assertEquals(0, Collation.GENERAL_CI.compare("abc", "abc   "));
        assertTrue(Collation.GENERAL_CI.compare("abc", "abd") < 0);
        assertTrue(Collation.GENERAL_CI.compare("B", "a") > 0);
    }

    @Test
    void generalCiFoldsCommonLatinAccents() {
        assertEquals(0, Collation.GENERAL_CI.compare("café", "CAFE"));
        assertEquals(0, Collation.GENERAL_CI.compare("Ünïcödé", "unicode"));
        assertEquals(0, Collation.GENERAL_CI.compare("ß", "s"));
        assertEquals(0, Collation.GENERAL_CI.compare("ñ", "N"));
        // Ø and Æ have their own weights in general_ci
        assertTrue(Collation.GENERAL_CI.compare("Ø", "O") > 0);
    }

    @Test
    void generalCiPadSpaceComparesShorterAsPadded() {
        // 'a' vs 'a\t': the tab (0x09) sorts before the implicit pad space
        assertTrue(Collation.GENERAL_CI.compare("a\t", "a") < 0);
        assertTrue(Collation.GENERAL_CI.compare("a", "a\t") > 0);
        assertTrue(Collation.GENERAL_CI.compare("ab", "a") > 0);
    }

    @Test
    void supplementaryCharactersAllWeighTheSame() {
        assertEquals(0, Collation.GENERAL_CI.compare("😀", "😃"));
        assertTrue(Collation.GENERAL_CI.compare("z", "😀") < 0);
    }

    @Test
    void weightsMeasuredOnTheDataNodeOverrideUnicodeCaseMapping() {
        // MySQL's table predates these case pairs: they stay distinct
        assertTrue(Collation.GENERAL_CI.compare("\u0250", "\u2C6F") != 0);
        assertTrue(Collation.GENERAL_CI.compare("\u023B", "\u023C") != 0);
        // Hangul syllables are not decomposed into jamo
        assertTrue(Collation.GENERAL_CI.compare("\uAC00", "\u1100") != 0);
        // lunate sigma weighs as capital sigma
        assertEquals(0, Collation.GENERAL_CI.compare("\u03F2", "\u03A3"));
    }

    @Test
    void binComparesCodePointsPadded() {
        assertTrue(Collation.BIN.compare("B", "a") < 0);
        assertTrue(Collation.BIN.compare("a", "A") > 0);
        assertEquals(0, Collation.BIN.compare("a ", "a"));
        assertTrue(Collation.BIN.compare("é", "z") > 0);
    }

    @Test
    void binaryDoesNotPad() {
        assertTrue(Collation.BINARY.compare("a ", "a") > 0);
    }

    @Test
    void sortKeyAgreesWithCompare() {
        String[] words = {"abc", "ABC ", "Àbc", "abd", "ß", "S", "ss", "😀", "😃"};
        for (Collation c : comparable()) {
            for (String a : words) {
                for (String b : words) {
                    assertEquals(c.compare(a, b) == 0, c.sortKey(a).equals(c.sortKey(b)), c + " " + a + " " + b);
                }
            }
        }
    }

    @Test
    void sortKeyHashIsTheHashOfTheSortKey() {
        String[] words = {"", " ", "abc", "ABC  ", "Àbc", "ß", "😀x", "a\u00A0", "\uD83D"};
        for (Collation c : comparable()) {
            for (String w : words) {
                assertEquals(c.sortKey(w).hashCode(), c.sortKeyHash(w), c + " " + w);
            }
        }
    }

    private static java.util.List<Collation> comparable() {
        return java.util.Arrays.stream(Collation.values()).filter(c -> c != Collation.UCA).toList();
    }

    @Test
    void noPadCollationsCountTrailingSpaces() {
        assertTrue(Collation.GENERAL_NOPAD_CI.compare("a ", "A") > 0);
        assertEquals(0, Collation.GENERAL_NOPAD_CI.compare("É", "e"));
        assertTrue(Collation.NOPAD_BIN.compare("a ", "a") > 0);
        assertEquals(Collation.GENERAL_NOPAD_CI, Collation.ofId(1069));
        assertEquals(Collation.NOPAD_BIN, Collation.ofName("utf8mb4_nopad_bin"));
    }

    @Test
    void ucaCollationsAreRefusedNotComparedAsGeneralCi() {
        assertEquals(Collation.UCA, Collation.ofId(224));
        assertEquals(Collation.UCA, Collation.ofName("utf8mb4_unicode_520_ci"));
        assertEquals(1235, org.junit.jupiter.api.Assertions.assertThrows(com.polardbx.common.error.SqlError.class,
            () -> Collation.UCA.compare("ß", "ss")).errno());
        assertEquals(Collation.UCA, Collation.stronger(Collation.GENERAL_CI, Collation.UCA));
        assertEquals(Collation.BIN, Collation.stronger(Collation.BIN, Collation.GENERAL_NOPAD_CI));
    }
}
