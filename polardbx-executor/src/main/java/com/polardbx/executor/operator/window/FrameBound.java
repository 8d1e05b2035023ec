package com.polardbx.executor.operator.window;

import java.math.BigDecimal;

/** One end of a window frame: UNBOUNDED PRECEDING/FOLLOWING, CURRENT ROW, or {@code offset} PRECEDING/FOLLOWING. */
public record FrameBound(Kind kind, BigDecimal offset) {
    /** Where the bound lies relative to the current row. */
    public enum Kind { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

    public static final FrameBound UNBOUNDED_PRECEDING = new FrameBound(Kind.UNBOUNDED_PRECEDING, null);
    public static final FrameBound CURRENT_ROW = new FrameBound(Kind.CURRENT_ROW, null);
    public static final FrameBound UNBOUNDED_FOLLOWING = new FrameBound(Kind.UNBOUNDED_FOLLOWING, null);

    public static FrameBound preceding(long n) {
        return new FrameBound(Kind.PRECEDING, BigDecimal.valueOf(n));
    }

    public static FrameBound following(long n) {
        return new FrameBound(Kind.FOLLOWING, BigDecimal.valueOf(n));
    }

    public static FrameBound preceding(BigDecimal n) {
        return new FrameBound(Kind.PRECEDING, n);
    }

    public static FrameBound following(BigDecimal n) {
        return new FrameBound(Kind.FOLLOWING, n);
    }
}
