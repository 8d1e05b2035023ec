package com.polardbx.executor.chunk;

import com.polardbx.common.type.GeneralCiWeights;

/**
 * The string collations the executor orders by, matching the data nodes so that merging DN-sorted streams is correct.
 *
 * <p>{@code GENERAL_CI} is MySQL's utf8mb4_general_ci: one weight per character (upper case, accents folded,
 * {@code ß} = {@code s}, characters outside the BMP all weigh U+FFFD; see {@link GeneralCiWeights}), trailing spaces
 * ignored. {@code BIN}
 * is utf8mb4_bin: code points, trailing spaces ignored. {@code BINARY} compares exactly, without padding.
 */
public enum Collation {
    GENERAL_CI(45),
    BIN(46),
    BINARY(63);

    private final int id;

    Collation(int id) {
        this.id = id;
    }

    /** MySQL's collation id (as in the column definition packet). */
    public int id() {
        return id;
    }

    /** The collation for a MySQL collation id or name; unknown {@code _ci} collations fall back to general_ci. */
    public static Collation ofId(int id) {
        return switch (id) {
            case 63 -> BINARY;
            case 46, 83, 65 -> BIN;
            default -> GENERAL_CI;
        };
    }

    /** Compares two strings under this collation. */
    public int compare(String a, String b) {
        return switch (this) {
            case GENERAL_CI -> compareGeneralCi(a, b);
            case BIN -> compareCodePointsPadded(a, b);
            case BINARY -> compareCodePoints(a, b);
        };
    }

    /** A key equal for exactly the strings this collation considers equal (for hashing: GROUP BY, joins). */
    public String sortKey(String s) {
        return switch (this) {
            case GENERAL_CI -> generalCiKey(s);
            case BIN -> stripTrailingSpaces(s);
            case BINARY -> s;
        };
    }

    /** {@code sortKey(s).hashCode()} without building the key (routing rows to parallel workers hashes every row). */
    public int sortKeyHash(String s) {
        int len = this == BINARY ? s.length() : trimmedLength(s);
        int h = 0;
        if (this != GENERAL_CI) {
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

    /** The general_ci weight of one UTF-16 code unit; supplementary characters weigh U+FFFD. */
    public static char generalCiWeight(int codePoint) {
        return GeneralCiWeights.weight(codePoint);
    }

    private static int compareGeneralCi(String a, String b) {
        int i = 0;
        int j = 0;
        int la = trimmedLength(a);
        int lb = trimmedLength(b);
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

    private static String generalCiKey(String s) {
        int len = trimmedLength(s);
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
