package com.polardbx.common.result;

import java.util.List;

/**
 * A stream of result rows handed from the executor to the protocol layer.
 *
 * <p>Values are Java objects: {@code null}, {@link Long}, {@link java.math.BigInteger} (unsigned BIGINT),
 * {@link java.math.BigDecimal}, {@link Double}, {@link Float}, {@link String} (also for temporal types, in MySQL's
 * text form such as {@code 2024-01-31 10:00:00}) and {@code byte[]} (binary strings). Call {@link #next()} until it
 * returns {@code null}, then {@link #close()}. Not thread-safe: one consumer.
 */
public interface RowCursor extends AutoCloseable {
    List<ColumnMeta> columns();

    /** Returns the next row, or {@code null} at the end. */
    Object[] next();

    @Override
    void close();

    /** The same rows described by {@code newColumns} (metadata rewritten after the rows were planned). */
    default RowCursor withColumns(List<ColumnMeta> newColumns) {
        RowCursor rows = this;
        return new RowCursor() {
            @Override
            public List<ColumnMeta> columns() {
                return newColumns;
            }

            @Override
            public Object[] next() {
                return rows.next();
            }

            @Override
            public void close() {
                rows.close();
            }
        };
    }
}
