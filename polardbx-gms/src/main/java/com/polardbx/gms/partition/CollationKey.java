package com.polardbx.gms.partition;

import java.util.Arrays;

/**
 * The canonical partition value of a string under version 2 of the partition function: its weights under the
 * column's collation ({@link StringCollation}), equal and ordered exactly as the data node compares the strings.
 *
 * @param weights one weight per character, trailing pad weights already dropped for PAD SPACE collations
 * @param padWeight the weight the shorter key is padded with when compared (PAD SPACE), or -1 (NO PAD)
 */
record CollationKey(int[] weights, int padWeight) implements Comparable<CollationKey> {

    @Override
    public int compareTo(CollationKey o) {
        int n = Math.min(weights.length, o.weights.length);
        for (int i = 0; i < n; i++) {
            if (weights[i] != o.weights[i]) {
                return Integer.compare(weights[i], o.weights[i]);
            }
        }
        // PAD SPACE: the rest of the longer key compares with the pad weight; NO PAD: the longer key is greater.
        for (int i = n; i < weights.length; i++) {
            int c = padWeight < 0 ? 1 : Integer.compare(weights[i], padWeight);
            if (c != 0) {
                return c;
            }
        }
        for (int i = n; i < o.weights.length; i++) {
            int c = padWeight < 0 ? -1 : Integer.compare(padWeight, o.weights[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CollationKey k && Arrays.equals(weights, k.weights);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return Arrays.toString(weights);
    }
}
