package com.polardbx.executor.operator.window;

import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.chunk.Values;
import com.polardbx.executor.operator.SortKey;
import java.math.BigDecimal;

/**
 * A window frame: ROWS (positions) or RANGE (ORDER BY values) between two bounds. For each row it gives the frame as
 * positions {@code [start, end)} of the partition; the frame is empty when {@code end <= start}.
 *
 * <p>RANGE with an offset needs the one numeric ORDER BY key ({@code rangeKey}); a row whose key is NULL has its NULL
 * peers as the offset bounds, and NULLs lie outside every offset range of a non-NULL row (MySQL).
 * Both ends are non-decreasing from row to row, which incremental aggregates rely on.
 */
public record WindowFrame(boolean rows, FrameBound lower, FrameBound upper, SortKey rangeKey) {
    /** The frame of an aggregate window without ORDER BY: the whole partition. */
    public static final WindowFrame WHOLE_PARTITION =
        new WindowFrame(false, FrameBound.UNBOUNDED_PRECEDING, FrameBound.UNBOUNDED_FOLLOWING, null);
    /** The default frame with ORDER BY: from the partition start to the current row's last peer. */
    public static final WindowFrame TO_CURRENT_PEERS =
        new WindowFrame(false, FrameBound.UNBOUNDED_PRECEDING, FrameBound.CURRENT_ROW, null);

    public static WindowFrame rows(FrameBound lower, FrameBound upper) {
        return new WindowFrame(true, lower, upper, null);
    }

    public static WindowFrame range(FrameBound lower, FrameBound upper, SortKey rangeKey) {
        return new WindowFrame(false, lower, upper, rangeKey);
    }

    /** First position of the frame of {@code row}. */
    public int start(WindowPartition p, int row) {
        return position(p, row, lower, true);
    }

    /** Position after the frame of {@code row}. */
    public int end(WindowPartition p, int row) {
        return position(p, row, upper, false);
    }

    private int position(WindowPartition p, int row, FrameBound bound, boolean isStart) {
        int n = p.size();
        return switch (bound.kind()) {
            case UNBOUNDED_PRECEDING -> 0;
            case UNBOUNDED_FOLLOWING -> n;
            case CURRENT_ROW -> rows ? (isStart ? row : row + 1) : (isStart ? p.peerStart(row) : p.peerEnd(row));
            case PRECEDING, FOLLOWING -> rows ? rowsOffset(n, row, bound, isStart)
                : rangeOffset(p, row, bound, isStart);
        };
    }

    private static int rowsOffset(int n, int row, FrameBound bound, boolean isStart) {
        long offset = bound.offset().longValueExact();
        long target = bound.kind() == FrameBound.Kind.PRECEDING ? row - offset : row + offset;
        long position = isStart ? target : target + 1;
        return (int) Math.max(0, Math.min(n, position));
    }

    private int rangeOffset(WindowPartition p, int row, FrameBound bound, boolean isStart) {
        Object key = p.value(row, rangeKey.channel());
        if (key == null) {
            return isStart ? p.peerStart(row) : p.peerEnd(row);
        }
        BigDecimal value = Values.toDecimal(key);
        boolean towardsLarger = (bound.kind() == FrameBound.Kind.FOLLOWING) == rangeKey.ascending();
        BigDecimal target = towardsLarger ? value.add(bound.offset()) : value.subtract(bound.offset());
        // first position whose key lies at (start) or after (end) the target in window order
        int lo = 0;
        int hi = p.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            int c = ValueComparator.compare(p.value(mid, rangeKey.channel()), target, rangeKey.collation());
            c = rangeKey.ascending() ? c : -c;
            if (isStart ? c < 0 : c <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
