package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Helpers for operator tests: build chunk sources from rows and collect a source's rows. */
final class TestingRows {
    private TestingRows() {
    }

    static ValuesOperator values(List<ColumnType> types, Object[]... rows) {
        return ValuesOperator.ofRows(types, Arrays.asList(rows));
    }

    /** A ChunkSource over rows, split into chunks of {@code chunkSize}. */
    static ChunkSource source(List<ColumnType> types, int chunkSize, Object[]... rows) {
        List<Chunk> chunks = new ArrayList<>();
        ChunkBuilder b = new ChunkBuilder(types, chunkSize);
        for (Object[] r : rows) {
            b.appendRow(r);
            if (b.isFull()) {
                chunks.add(b.build());
            }
        }
        if (!b.isEmpty()) {
            chunks.add(b.build());
        }
        QueryContext ctx = QueryContext.unlimited("test");
        return new Driver(ctx, List.of(new ValuesOperator(chunks)));
    }

    /** One chunk holding one row. */
    static Chunk chunk(List<ColumnType> types, Object[] row) {
        ChunkBuilder b = new ChunkBuilder(types, 1);
        b.appendRow(row);
        return b.build();
    }

    static List<List<Object>> collect(ChunkSource source) {
        List<List<Object>> rows = new ArrayList<>();
        try (source) {
            for (Chunk c = source.next(); c != null; c = source.next()) {
                for (int p = 0; p < c.positionCount(); p++) {
                    rows.add(Arrays.asList(c.row(p)));
                }
            }
        }
        return rows;
    }

    static List<List<Object>> run(QueryContext ctx, Operator... operators) {
        return collect(new Driver(ctx, List.of(operators)));
    }

    static List<Object> row(Object... values) {
        return Arrays.asList(values);
    }
}
