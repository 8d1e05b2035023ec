package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ValueComparator;
import java.util.Comparator;
import java.util.List;

/** Compares rows by a list of {@link SortKey}s with MySQL's ordering rules. Stateless and thread-safe. */
public final class RowComparator implements Comparator<Object[]> {
    private final SortKey[] keys;

    public RowComparator(List<SortKey> keys) {
        this.keys = keys.toArray(new SortKey[0]);
    }

    /** Compares row {@code pa} of chunk {@code a} with row {@code pb} of chunk {@code b}. */
    public int compare(Chunk a, int pa, Chunk b, int pb) {
        for (SortKey key : keys) {
            int c = ValueComparator.compare(a.get(key.channel(), pa), b.get(key.channel(), pb), key.collation());
            if (c != 0) {
                return key.ascending() ? c : -c;
            }
        }
        return 0;
    }

    /** Compares two materialized rows. */
    @Override
    public int compare(Object[] a, Object[] b) {
        for (SortKey key : keys) {
            int c = ValueComparator.compare(a[key.channel()], b[key.channel()], key.collation());
            if (c != 0) {
                return key.ascending() ? c : -c;
            }
        }
        return 0;
    }
}
