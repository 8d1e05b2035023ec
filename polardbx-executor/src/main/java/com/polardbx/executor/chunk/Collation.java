package com.polardbx.executor.chunk;

import com.polardbx.common.type.GeneralCiWeights;

/**
 * The string collations the executor orders by, matching the data nodes so that merging DN-sorted streams is correct.
 *
 * <p>{@code GENERAL_CI} is MySQL's utf8mb4_general_ci: one weight per character (upper case, accents folded,
 * {@code ß} = {@code s}, characters outside the BMP all weigh U+FFFD; see {@link GeneralCiWeights}), trailing spaces
 * ignored (PAD SPACE). {@code GENERAL_NOPAD_CI} weighs alike without padding: {@code 'a '} is greater than
 * {@code 'a'}. {@code BIN} is utf8mb4_bin: code points, trailing spaces ignored; {@code NOPAD_BIN} code points without
 * padding. {@code BINARY} compares exactly, without padding. {@code UCA} stands for the Unicode Collation Algorithm
 * collations (unicode_ci, unicode_520_ci, uca1400, language tailorings) with expansions ({@code ß} = {@code ss}) and
 * ignorable characters the CN does not reproduce: comparing such strings in the CN is refused with 1235.
 */
public enum Collation {
    GENERAL_CI(45),
    GENERAL_NOPAD_CI(1069),
    BIN(46),
    NOPAD_BIN(1070),
    BINARY(63),
    UCA(224);

    private final int id;

    Collation(int id) {
        this.id = id;
    }

    /** MySQL's collation id (as in the column definition packet). */
    public int id() {
        return id;
    }

    /**
     * The collation for a MySQL collation id; the UCA ids of utf8mb3 and utf8mb4 are {@link #UCA}, other unknown ids
     * fall back to general_ci.
     */
    public static Collation ofId(int id) {
        return switch (id) {
            case 63 -> BINARY;
            case 46, 83, 65, 47 -> BIN;
            case 1070, 1107 -> NOPAD_BIN;
            case 1069, 1057 -> GENERAL_NOPAD_CI;
            default -> id >= 192 && id <= 247 || id >= 576 && id <= 671 || id >= 1216 && id <= 1300 || id >= 2048
                ? UCA : GENERAL_CI;
        };
    }

    /** The collation for a MySQL collation name ({@code utf8mb4_nopad_bin}); unknown names are general_ci. */
    public static Collation ofName(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        if (n.equals("binary")) {
            return BINARY;
        }
        if (n.contains("_bin")) {
            return n.contains("nopad") ? NOPAD_BIN : BIN;
        }
        if (n.contains("unicode") || n.contains("uca") || n.contains("0900") || !n.contains("general")
            && (n.startsWith("utf8mb4_") || n.startsWith("utf8mb3_") || n.startsWith("utf8_"))) {
            return UCA;
        }
        return n.contains("nopad") ? GENERAL_NOPAD_CI : GENERAL_CI;
    }

    /**
     * The collation two string operands compare under: a binary string wins, then a {@code _bin} collation, then a
     * NO PAD one, then a UCA one (so that it is refused rather than compared as general_ci).
     */
    public static Collation stronger(Collation a, Collation b) {
        return a.rank() >= b.rank() ? a : b;
    }

    private int rank() {
        return switch (this) {
            case GENERAL_CI -> 0;
            case GENERAL_NOPAD_CI -> 1;
            case UCA -> 2;
            case BIN -> 3;
            case NOPAD_BIN -> 4;
            case BINARY -> 5;
        };
    }

    /** Case and accents do not matter (LIKE compares characters by weight). */
    public boolean folded() {
        return this == GENERAL_CI || this == GENERAL_NOPAD_CI;
    }

    /** Compares two strings under this collation. */
    public int compare(String a, String b) {
        return switch (this) {
            case GENERAL_CI -> compareGeneralCi(a, b, true);
            case GENERAL_NOPAD_CI -> compareGeneralCi(a, b, false);
            case BIN -> compareCodePointsPadded(a, b);
            case NOPAD_BIN, BINARY -> compareCodePoints(a, b);
            case UCA -> throw unsupported();
        };
    }

    /** A key equal for exactly the strings this collation considers equal (for hashing: GROUP BY, joins). */
    public String sortKey(String s) {
        return switch (this) {
            case GENERAL_CI -> generalCiKey(s, trimmedLength(s));
            case GENERAL_NOPAD_CI -> generalCiKey(s, s.length());
            case BIN -> stripTrailingSpaces(s);
            case NOPAD_BIN, BINARY -> s;
            case UCA -> throw unsupported();
        };
    }

    /** {@code sortKey(s).hashCode()} without building the key (routing rows to parallel workers hashes every row). */
    public int sortKeyHash(String s) {
        if (this == UCA) {
            throw unsupported();
        }
        boolean padded = this == GENERAL_CI || this == BIN;
        int len = padded ? trimmedLength(s) : s.length();
        int h = 0;
        if (!folded()) {
            for (int i = 0; i < len; i++) {
                h = 31 * h + s.charAt(i); // as String.hashCode of the trimmed string
            }
            return h;
        }
        for (int i = 0; i < len; ) {
            int cp = s.codePointAt(i);
            h = 31 * h + generalCiWeight(cp);
            i += Character.charCount(cp);
        }
        return h;
    }

    private static com.polardbx.common.error.SqlError unsupported() {
        return new com.polardbx.common.error.SqlError(com.polardbx.common.error.ErrorCode.ER_NOT_SUPPORTED_YET,
            "comparing strings of a Unicode Collation Algorithm collation (utf8mb4_unicode_ci ...) across shards;"
                + " use utf8mb4_general_ci or utf8mb4_bin, or COLLATE one of them");
    }

    /** The general_ci weight of one UTF-16 code unit; supplementary characters weigh U+FFFD. */
    public static char generalCiWeight(int codePoint) {
        return GeneralCiWeights.weight(codePoint);
    }

    private static int compareGeneralCi(String a, String b, boolean padSpace) {
        int i = 0;
        int j = 0;
        int la = padSpace ? trimmedLength(a) : a.length();
        int lb = padSpace ? trimmedLength(b) : b.length();
        while (i < la && j < lb) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            int diff = generalCiWeight(ca) - generalCiWeight(cb);
            if (diff != 0) {
                return diff;
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        if (!padSpace) {
            return Boolean.compare(i < la, j < lb); // NO PAD: a proper prefix is smaller
        }
        // PAD SPACE: the shorter string is compared as if padded with spaces.
        if (i < la) {
            return comparePadding(a, i, la);
        }
        if (j < lb) {
            return -comparePadding(b, j, lb);
        }
        return 0;
    }

    private static int comparePadding(String s, int from, int to) {
        for (int k = from; k < to; ) {
            int cp = s.codePointAt(k);
            int diff = generalCiWeight(cp) - ' ';
            if (diff != 0) {
                return diff;
            }
            k += Character.charCount(cp);
        }
        return 0;
    }

    private static int compareCodePointsPadded(String a, String b) {
        int la = trimmedLength(a);
        int lb = trimmedLength(b);
        int i = 0;
        int j = 0;
        while (i < la && j < lb) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        if (i < la) {
            return Integer.compare(a.codePointAt(i), ' ');
        }
        if (j < lb) {
            return Integer.compare(' ', b.codePointAt(j));
        }
        return 0;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static String generalCiKey(String s, int len) {
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; ) {
            int cp = s.codePointAt(i);
            sb.append(generalCiWeight(cp));
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static String stripTrailingSpaces(String s) {
        int len = trimmedLength(s);
        return len == s.length() ? s : s.substring(0, len);
    }

    private static int trimmedLength(String s) {
        int len = s.length();
        while (len > 0 && s.charAt(len - 1) == ' ') {
            len--;
        }
        return len;
    }
}
