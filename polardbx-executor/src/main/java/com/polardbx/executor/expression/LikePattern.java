package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Collation;

/**
 * A compiled LIKE pattern: {@code %} matches any sequence, {@code _} one character, the escape character makes the
 * next one literal. Characters compare under the collation (general_ci: case- and accent-insensitive); unlike {@code =},
 * trailing spaces are significant.
 */
final class LikePattern {
    private final int[] pattern;
    /** Per pattern position: 0 literal, 1 '_', 2 '%'. */
    private final byte[] kinds;
    private final Collation collation;

    private LikePattern(int[] pattern, byte[] kinds, Collation collation) {
        this.pattern = pattern;
        this.kinds = kinds;
        this.collation = collation;
    }

    static LikePattern compile(String pattern, int escape, Collation collation) {
        int[] cps = pattern.codePoints().toArray();
        int[] chars = new int[cps.length];
        byte[] kinds = new byte[cps.length];
        int n = 0;
        for (int i = 0; i < cps.length; i++) {
            int c = cps[i];
            if (c == escape && i + 1 < cps.length) {
                chars[n] = cps[++i];
                kinds[n++] = 0;
            } else if (c == '%') {
                if (n > 0 && kinds[n - 1] == 2) {
                    continue;
                }
                kinds[n++] = 2;
            } else if (c == '_') {
                kinds[n++] = 1;
            } else {
                chars[n] = c;
                kinds[n++] = 0;
            }
        }
        return new LikePattern(java.util.Arrays.copyOf(chars, n), java.util.Arrays.copyOf(kinds, n), collation);
    }

    boolean matches(String value) {
        int[] text = value.codePoints().toArray();
        // Iterative wildcard matching with backtracking to the last '%'.
        int t = 0;
        int p = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.length) {
            if (p < pattern.length && kinds[p] != 2 && (kinds[p] == 1 || same(pattern[p], text[t]))) {
                p++;
                t++;
            } else if (p < pattern.length && kinds[p] == 2) {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < pattern.length && kinds[p] == 2) {
            p++;
        }
        return p == pattern.length;
    }

    private boolean same(int a, int b) {
        if (a == b) {
            return true;
        }
        return collation.folded() && Collation.generalCiWeight(a) == Collation.generalCiWeight(b);
    }
}
