package com.polardbx.executor.operator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rows are split among workers once: each row in exactly one part, in input order, equal keys together. */
class TestKeyRouter {
    private static final List<ColumnType> PROBE = List.of(ColumnType.BIGINT, ColumnType.varchar(Collation.GENERAL_CI));
    private static final List<ColumnType> BUILD = List.of(ColumnType.decimal(2),
        ColumnType.varchar(Collation.GENERAL_CI));

    private static Chunk chunk(List<ColumnType> types, Object[]... rows) {
        ChunkBuilder b = new ChunkBuilder(types);
        for (Object[] r : rows) {
            b.appendRow(r);
        }
        return b.build();
    }

    /** The worker of each row of {@code chunk}, checking that the parts hold exactly its rows in order. */
    private static int[] workers(KeyRouter router, Chunk chunk, int degree) {
        Chunk[] parts = router.split(chunk);
        assertEquals(degree, parts.length);
        int[] worker = new int[chunk.positionCount()];
        int[] next = new int[degree];
        List<Integer> seen = new ArrayList<>();
        for (int p = 0; p < chunk.positionCount(); p++) {
            for (int w = 0; w < degree; w++) {
                if (parts[w] != null && next[w] < parts[w].positionCount()
                    && Arrays.equals(parts[w].row(next[w]), chunk.row(p))) {
                    worker[p] = w;
                    next[w]++;
                    seen.add(p);
                    break;
                }
            }
        }
        assertEquals(chunk.positionCount(), seen.size());
        for (int w = 0; w < degree; w++) {
            assertEquals(parts[w] == null ? 0 : parts[w].positionCount(), next[w]);
        }
        return worker;
    }

    @Test
    void joinKeysEqualInTheJoinMeetInOneWorker() {
        int degree = 4;
        int[] keys = {0, 1};
        JoinKeyRouter router = new JoinKeyRouter(PROBE, keys, BUILD, keys, degree);
        List<Object[]> probeRows = new ArrayList<>();
        List<Object[]> buildRows = new ArrayList<>();
        for (long k = 0; k < 200; k++) {
            probeRows.add(new Object[] {k, "name é " + k});
            buildRows.add(new Object[] {BigDecimal.valueOf(k).setScale(2), "NAME E " + k + "  "});
        }
        probeRows.add(new Object[] {null, "x"});
        buildRows.add(new Object[] {null, "x"});
        int[] probe = workers(router.probe, chunk(PROBE, probeRows.toArray(new Object[0][])), degree);
        int[] build = workers(router.build, chunk(BUILD, buildRows.toArray(new Object[0][])), degree);
        assertArrayEquals(probe, build);
        assertEquals(degree, Arrays.stream(probe).distinct().count(), "rows spread over all workers");
    }

    @Test
    void nullKeysGoToOneWorkerAndALoneWorkerGetsTheChunkItself() {
        KeyRouter router = KeyRouter.forGroupBy(PROBE, new int[] {0}, 2);
        Chunk nulls = chunk(PROBE, new Object[] {null, "a"}, new Object[] {null, "b"}, new Object[] {null, null});
        Chunk[] parts = router.split(nulls);
        int w = parts[0] != null ? 0 : 1;
        assertSame(nulls, parts[w]);
        assertEquals(null, parts[1 - w]);
        assertEquals(2, router.split(new Chunk(0, nulls.block(0).copyPositions(new int[0], 0),
            nulls.block(1).copyPositions(new int[0], 0))).length);
    }
}
