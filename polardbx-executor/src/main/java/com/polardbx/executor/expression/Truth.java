package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.Values;

/** MySQL truth values: booleans are the integers 1 and 0, NULL is unknown; any non-zero number is true. */
public final class Truth {
    public static final Long TRUE = 1L;
    public static final Long FALSE = 0L;

    private Truth() {
    }

    /** Whether a non-null value is true (non-zero; strings by their numeric value). */
    public static boolean isTrue(Object value) {
        if (value instanceof Long l) {
            return l != 0;
        }
        return Values.toDouble(value) != 0;
    }

    /** The MySQL integer for a Java boolean. */
    public static Long of(boolean b) {
        return b ? TRUE : FALSE;
    }
}
