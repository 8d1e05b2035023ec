package com.polardbx.executor.operator.window;

import com.polardbx.executor.operator.RowComparator;
import java.util.List;

/**
 * The rows of one window partition in window order, with their peer groups (rows equal on the ORDER BY keys; without
 * ORDER BY every row is a peer of every other). Immutable once built.
 */
public final class WindowPartition {
    private final List<Object[]> rows;
    private final int[] peerStart;
    private final int[] peerEnd;

    public WindowPartition(List<Object[]> rows, RowComparator orderKeys) {
        this.rows = rows;
        int n = rows.size();
        peerStart = new int[n];
        peerEnd = new int[n];
        int start = 0;
        for (int i = 1; i <= n; i++) {
            if (i == n || orderKeys.compare(rows.get(i - 1), rows.get(i)) != 0) {
                for (int j = start; j < i; j++) {
                    peerStart[j] = start;
                    peerEnd[j] = i;
                }
                start = i;
            }
        }
    }

    public int size() {
        return rows.size();
    }

    public Object value(int row, int channel) {
        return rows.get(row)[channel];
    }

    public Object[] row(int row) {
        return rows.get(row);
    }

    /** Index of the first peer of {@code row}. */
    public int peerStart(int row) {
        return peerStart[row];
    }

    /** Index after the last peer of {@code row}. */
    public int peerEnd(int row) {
        return peerEnd[row];
    }
}
