package com.polardbx.executor.operator;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.chunk.Chunk;
import java.util.List;

/** Adapts a stream of chunks (usually a {@link Driver}) to the protocol layer's row-at-a-time {@link RowCursor}. */
public final class ChunkRowCursor implements RowCursor {
    private final List<ColumnMeta> columns;
    private final ChunkSource source;
    private Chunk chunk;
    private int position;
    private boolean done;
    private boolean closed;

    public ChunkRowCursor(List<ColumnMeta> columns, ChunkSource source) {
        this.columns = List.copyOf(columns);
        this.source = source;
    }

    @Override
    public List<ColumnMeta> columns() {
        return columns;
    }

    @Override
    public Object[] next() {
        while (!done && (chunk == null || position >= chunk.positionCount())) {
            chunk = source.next();
            position = 0;
            if (chunk == null) {
                done = true;
            }
        }
        if (done) {
            return null;
        }
        return chunk.row(position++);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            done = true;
            source.close();
        }
    }
}
