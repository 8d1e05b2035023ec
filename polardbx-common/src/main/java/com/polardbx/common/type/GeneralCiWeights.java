package com.polardbx.common.type;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * The one-character weights of MySQL's utf8mb4_general_ci (and utf8mb3_general_ci): upper case, accents folded,
 * {@code ß} = {@code s}, characters outside the BMP all weigh U+FFFD.
 *
 * <p>Weights are computed from Unicode data, then corrected from {@code utf8mb4_general_ci.overrides}, measured on
 * MariaDB 10.11 for every BMP character. Shared by the executor (sorting, grouping) and partition routing, which
 * must agree with the data nodes on which strings are equal.
 */
public final class GeneralCiWeights {
    private static final String OVERRIDES = "utf8mb4_general_ci.overrides";
    private static final char[] WEIGHTS = build();

    private GeneralCiWeights() {
    }

    /** The general_ci weight of a code point; supplementary characters weigh U+FFFD. */
    public static char weight(int codePoint) {
        return codePoint > 0xFFFF ? '\uFFFD' : WEIGHTS[codePoint];
    }

    private static char[] build() {
        char[] weights = new char[0x10000];
        for (int c = 0; c < weights.length; c++) {
            weights[c] = compute((char) c);
        }
        applyOverrides(weights);
        return weights;
    }

    /** Applies the corrections measured on a data node (see the resource's header). */
    private static void applyOverrides(char[] weights) {
        try (InputStream in = GeneralCiWeights.class.getResourceAsStream(OVERRIDES)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + OVERRIDES);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                int from = Integer.parseInt(line.substring(0, 4), 16);
                int to = Integer.parseInt(line.substring(5, 9), 16);
                if (line.charAt(4) == '-') {
                    for (int c = from; c <= to; c++) {
                        weights[c] = (char) c;
                    }
                } else {
                    weights[from] = (char) to;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static char compute(char c) {
        if (c < 0x80) {
            return c >= 'a' && c <= 'z' ? (char) (c - 32) : c;
        }
        if (c == '\u00DF') {
            return 'S';
        }
        if (Character.isSurrogate(c)) {
            return '\uFFFD';
        }
        char base = c;
        if (Character.isLetter(c)) {
            // Accent folding: the first character of the canonical decomposition, when it is a letter.
            String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            if (decomposed.length() > 1 && Character.isLetter(decomposed.charAt(0))) {
                base = decomposed.charAt(0);
            }
        }
        int upper = Character.toUpperCase((int) base);
        return upper > 0xFFFF ? base : (char) upper;
    }
}
