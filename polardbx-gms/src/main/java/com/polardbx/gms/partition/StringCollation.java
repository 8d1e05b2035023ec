package com.polardbx.gms.partition;

import com.polardbx.common.type.GeneralCiWeights;
import java.util.Locale;

/**
 * The string collations partition routing reproduces exactly (version 2 of the partition function): a string's key is
 * the sequence of its characters' weights under the column's collation, so two strings route alike exactly when the
 * data node says they are equal, and keys order like the data node orders the strings.
 *
 * <p>Supported: utf8mb4/utf8mb3 {@code general_ci}, {@code general_nopad_ci}, {@code bin} and {@code nopad_bin}.
 * Collations with expansions, contractions or ignorable characters (the UCA ones: {@code unicode_ci},
 * {@code unicode_520_ci}, {@code uca1400_*}, language tailorings) and other character sets are not: a new table cannot
 * be partitioned by a string column in one of them.
 */
enum StringCollation {
    GENERAL_CI(true, true),
    GENERAL_NOPAD_CI(true, false),
    BIN(false, true),
    NOPAD_BIN(false, false);

    private final boolean folded;
    private final boolean padSpace;

    StringCollation(boolean folded, boolean padSpace) {
        this.folded = folded;
        this.padSpace = padSpace;
    }

    /**
     * The collation of a column's collation name (none: the data nodes' default, utf8mb4_general_ci), or {@code null}
     * when routing cannot reproduce it.
     */
    static StringCollation of(String name) {
        String n = name == null || name.isEmpty() ? "utf8mb4_general_ci" : name.toLowerCase(Locale.ROOT);
        int underscore = n.indexOf('_');
        String charset = underscore < 0 ? n : n.substring(0, underscore);
        if (!charset.equals("utf8mb4") && !charset.equals("utf8mb3") && !charset.equals("utf8")) {
            return null;
        }
        return switch (n.substring(underscore + 1)) {
            case "general_ci" -> GENERAL_CI;
            case "general_nopad_ci" -> GENERAL_NOPAD_CI;
            case "bin" -> BIN;
            case "nopad_bin" -> NOPAD_BIN;
            default -> null;
        };
    }

    /**
     * The routing key of {@code s}. PAD SPACE collations drop trailing characters that weigh as a space (the data node
     * compares the shorter string as if padded with spaces); {@code fixedChar} (CHAR columns) drops trailing spaces in
     * any collation, as the data node does when it stores the value.
     */
    CollationKey key(String s, boolean fixedChar) {
        int[] weights = new int[s.codePointCount(0, s.length())];
        int n = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            weights[n++] = folded ? GeneralCiWeights.weight(cp) : cp;
            i += Character.charCount(cp);
        }
        int space = folded ? GeneralCiWeights.weight(' ') : ' ';
        if (padSpace) {
            while (n > 0 && weights[n - 1] == space) {
                n--;
            }
        } else if (fixedChar) {
            int end = s.length();
            while (end > 0 && s.charAt(end - 1) == ' ') {
                end--;
                n--;
            }
        }
        return new CollationKey(java.util.Arrays.copyOf(weights, n), padSpace ? space : -1);
    }
}
