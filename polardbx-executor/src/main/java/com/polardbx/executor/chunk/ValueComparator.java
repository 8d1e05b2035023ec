package com.polardbx.executor.chunk;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;

/**
 * Orders two SQL values the way MySQL does; the single place the executor compares values.
 *
 * <p>Numbers compare by value across Long, BigInteger, BigDecimal and Double (a Double on either side makes it a
 * double comparison, as in MySQL). A string against a number compares as doubles. Two strings compare under the
 * given {@link Collation}; binary strings compare as unsigned bytes. {@code NULL} sorts before everything (MySQL
 * puts NULLs first in ascending order and last in descending order).
 */
public final class ValueComparator {
    private ValueComparator() {
    }

    /** Compares two values; {@code null} is the smallest. */
    public static int compare(Object a, Object b, Collation collation) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a instanceof String sa && b instanceof String sb) {
            return collation.compare(sa, sb);
        }
        if (a instanceof byte[] ba && b instanceof byte[] bb) {
            return Arrays.compareUnsigned(ba, bb);
        }
        if (Values.isNumber(a) && Values.isNumber(b)) {
            return compareNumbers(a, b);
        }
        if (a instanceof byte[] || b instanceof byte[]) {
            return Arrays.compareUnsigned(Values.toBytes(a), Values.toBytes(b));
        }
        return Double.compare(Values.toDouble(a), Values.toDouble(b));
    }

    /** Compares two non-null numbers by value. */
    public static int compareNumbers(Object a, Object b) {
        if (a instanceof Long la && b instanceof Long lb) {
            return Long.compare(la, lb);
        }
        if (a instanceof Double || b instanceof Double || a instanceof Float || b instanceof Float) {
            return Double.compare(((Number) a).doubleValue(), ((Number) b).doubleValue());
        }
        return Values.toDecimal(a).compareTo(Values.toDecimal(b));
    }

    /**
     * A key whose {@code equals}/{@code hashCode} agree with {@link #compare} returning 0 for values of one column
     * type: strings map to their collation key, numbers to a canonical decimal, bytes to a wrapper.
     */
    public static Object hashKey(Object v, Collation collation) {
        if (v == null) {
            return NullKey.INSTANCE;
        }
        if (v instanceof String s) {
            return collation.sortKey(s);
        }
        if (v instanceof byte[] b) {
            return new BytesKey(b);
        }
        if (v instanceof Long l) {
            return canonical(BigDecimal.valueOf(l));
        }
        if (v instanceof BigInteger bi) {
            return canonical(new BigDecimal(bi));
        }
        if (v instanceof BigDecimal d) {
            return canonical(d);
        }
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e18 ? canonical(BigDecimal.valueOf(d.longValue())) : d;
        }
        return v;
    }

    /** One representation per numeric value: 70, 70.00 and 7E+1 all become 7E+1 (BigDecimal.equals sees scale). */
    private static BigDecimal canonical(BigDecimal d) {
        return d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    }

    /** Hash key of SQL NULL (NULLs group together). */
    private enum NullKey { INSTANCE }

    /** Value-equality wrapper for byte arrays. */
    private record BytesKey(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof BytesKey k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
