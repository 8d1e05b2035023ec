package com.polardbx.executor.operator.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.operator.SortKey;
import com.polardbx.executor.operator.window.FrameAggregate.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestWindowOperator {
    /** g VARCHAR (general_ci), k BIGINT (the ORDER BY key), d DECIMAL(10,2); sorted by g, k. */
    private static final List<ColumnType> TYPES = List.of(ColumnType.VARCHAR, ColumnType.BIGINT,
        ColumnType.decimal(2));
    private static final List<SortKey> BY_G = List.of(SortKey.asc(0, Collation.GENERAL_CI));
    private static final List<SortKey> BY_K = List.of(SortKey.asc(1, Collation.BINARY));

    private static final Object[][] ROWS = {
        {"a", null, new BigDecimal("5.00")},
        {"a", 1L, new BigDecimal("1.50")},
        {"A", 1L, null},
        {"a", 2L, new BigDecimal("2.00")},
        {"a", 4L, new BigDecimal("0.25")},
        {"b", 3L, new BigDecimal("7.00")},
    };

    private final QueryContext ctx = QueryContext.unlimited("q");

    /** Runs the operator over ROWS (in chunks of 2) and returns the appended function columns per row. */
    private List<List<Object>> run(List<SortKey> partition, List<SortKey> order, WindowFunction... functions) {
        WindowOperator op = new WindowOperator(ctx, TYPES, partition, order, List.of(functions));
        List<List<Object>> out = new ArrayList<>();
        for (int from = 0; from < ROWS.length; from += 2) {
            ChunkBuilder b = new ChunkBuilder(TYPES);
            for (int i = from; i < Math.min(ROWS.length, from + 2); i++) {
                b.appendRow(ROWS[i]);
            }
            op.addInput(b.build());
            drain(op, out);
        }
        op.finish();
        drain(op, out);
        op.close();
        return out;
    }

    private static void drain(WindowOperator op, List<List<Object>> out) {
        for (Chunk c = op.getOutput(); c != null; c = op.getOutput()) {
            for (int p = 0; p < c.positionCount(); p++) {
                out.add(Arrays.asList(c.row(p)).subList(TYPES.size(), c.channelCount()));
            }
        }
    }

    private static List<Object> column(List<List<Object>> rows, int f) {
        return rows.stream().map(r -> r.get(f)).toList();
    }

    @Test
    void rankingUsesPeersAndCollationEqualPartitionKeys() {
        List<List<Object>> out = run(BY_G, BY_K, RankingFunction.of(RankingFunction.Kind.ROW_NUMBER),
            RankingFunction.of(RankingFunction.Kind.RANK), RankingFunction.of(RankingFunction.Kind.DENSE_RANK),
            RankingFunction.of(RankingFunction.Kind.PERCENT_RANK), RankingFunction.of(RankingFunction.Kind.CUME_DIST));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 1L), column(out, 0));
        assertEquals(List.of(1L, 2L, 2L, 4L, 5L, 1L), column(out, 1));
        assertEquals(List.of(1L, 2L, 2L, 3L, 4L, 1L), column(out, 2));
        assertEquals(fractions("0", "0.25", "0.25", "0.75", "1", "0"), column(out, 3));
        assertEquals(fractions("0.2", "0.6", "0.6", "0.8", "1", "1"), column(out, 4));
        assertEquals(10, RankingFunction.of(RankingFunction.Kind.CUME_DIST).outputType().scale());
    }

    @Test
    void ntileGivesTheFirstBucketsOneRowMore() {
        assertEquals(List.of(1L, 1L, 2L, 2L, 3L, 1L), column(run(BY_G, BY_K, RankingFunction.ntile(3)), 0));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 1L), column(run(BY_G, BY_K, RankingFunction.ntile(9)), 0));
    }

    @Test
    void lagAndLeadStayInThePartitionAndUseTheDefault() {
        List<List<Object>> out = run(BY_G, BY_K, new OffsetFunction(1, -1, -1, null, ColumnType.BIGINT),
            new OffsetFunction(2, 2, 2, null, ColumnType.decimal(2)),
            new OffsetFunction(1, -3, -1, 0L, ColumnType.BIGINT));
        assertEquals(Arrays.asList(null, null, 1L, 1L, 2L, null), column(out, 0));
        assertEquals(Arrays.asList(null, dec("2.00"), dec("0.25"), dec("2.00"), dec("0.25"), dec("7.00")),
            column(out, 1));
        assertEquals(Arrays.asList(0L, 0L, 0L, null, 1L, 0L), column(out, 2)); // a NULL value is not replaced
    }

    @Test
    void defaultFramesRunToTheLastPeerOrOverTheWholePartition() {
        ColumnType dec = ColumnType.decimal(2);
        List<List<Object>> out = run(BY_G, BY_K, new FrameAggregate(Kind.SUM, 2, dec, WindowFrame.TO_CURRENT_PEERS),
            new FrameAggregate(Kind.COUNT, 2, dec, WindowFrame.WHOLE_PARTITION),
            new FrameAggregate(Kind.AVG, 2, dec, WindowFrame.TO_CURRENT_PEERS),
            new FrameAggregate(Kind.MIN, 2, dec, WindowFrame.TO_CURRENT_PEERS),
            new FrameAggregate(Kind.COUNT_STAR, -1, null, WindowFrame.TO_CURRENT_PEERS));
        assertEquals(List.of(dec("5.00"), dec("6.50"), dec("6.50"), dec("8.50"), dec("8.75"), dec("7.00")),
            column(out, 0));
        assertEquals(List.of(4L, 4L, 4L, 4L, 4L, 1L), column(out, 1));
        assertEquals(List.of(dec("5.000000"), dec("3.250000"), dec("3.250000"), dec("2.833333"), dec("2.187500"),
            dec("7.000000")), column(out, 2));
        assertEquals(List.of(dec("5.00"), dec("1.50"), dec("1.50"), dec("1.50"), dec("0.25"), dec("7.00")),
            column(out, 3));
        assertEquals(List.of(1L, 3L, 3L, 4L, 5L, 1L), column(out, 4));
        assertEquals(ColumnType.decimal(6), new FrameAggregate(Kind.AVG, 2, dec, null).outputType());
    }

    @Test
    void rowsFramesSlideAndMayBeEmpty() {
        ColumnType dec = ColumnType.decimal(2);
        WindowFrame around = WindowFrame.rows(FrameBound.preceding(1), FrameBound.following(1));
        WindowFrame ahead = WindowFrame.rows(FrameBound.following(1), FrameBound.following(2));
        List<List<Object>> out = run(BY_G, BY_K, new FrameAggregate(Kind.SUM, 2, dec, around),
            new FrameAggregate(Kind.MAX, 2, dec, around), new FrameAggregate(Kind.SUM, 2, dec, ahead),
            new FrameAggregate(Kind.SUM0, 2, dec, ahead), FrameValueFunction.first(2, ahead, dec),
            FrameValueFunction.last(2, around, dec), FrameValueFunction.nth(1, around, 2, ColumnType.BIGINT));
        assertEquals(List.of(dec("6.50"), dec("6.50"), dec("3.50"), dec("2.25"), dec("2.25"), dec("7.00")),
            column(out, 0));
        assertEquals(List.of(dec("5.00"), dec("5.00"), dec("2.00"), dec("2.00"), dec("2.00"), dec("7.00")),
            column(out, 1));
        assertEquals(Arrays.asList(dec("1.50"), dec("2.00"), dec("2.25"), dec("0.25"), null, null), column(out, 2));
        assertEquals(List.of(dec("1.50"), dec("2.00"), dec("2.25"), dec("0.25"), dec("0.00"), dec("0.00")),
            column(out, 3));
        assertEquals(Arrays.asList(dec("1.50"), null, dec("2.00"), dec("0.25"), null, null), column(out, 4));
        assertEquals(Arrays.asList(dec("1.50"), null, dec("2.00"), dec("0.25"), dec("0.25"), dec("7.00")),
            column(out, 5));
        assertEquals(Arrays.asList(1L, 1L, 1L, 2L, 4L, null), column(out, 6));
    }

    @Test
    void rangeFramesCompareOrderValuesAndKeepNullsApart() {
        ColumnType dec = ColumnType.decimal(2);
        WindowFrame oneAround = WindowFrame.range(FrameBound.preceding(1), FrameBound.following(1), BY_K.get(0));
        List<List<Object>> out = run(BY_G, BY_K, new FrameAggregate(Kind.SUM, 2, dec, oneAround),
            new FrameAggregate(Kind.COUNT_STAR, -1, null, oneAround));
        // k: NULL, 1, 1, 2, 4 | 3
        assertEquals(List.of(dec("5.00"), dec("3.50"), dec("3.50"), dec("3.50"), dec("0.25"), dec("7.00")),
            column(out, 0));
        assertEquals(List.of(1L, 3L, 3L, 3L, 1L, 1L), column(out, 1));
    }

    @Test
    void descendingRangeFramesLookTowardsLargerValues() {
        SortKey kDesc = SortKey.desc(0, Collation.BINARY);
        List<Object[]> rows = new ArrayList<>();
        for (Object k : Arrays.asList(4L, 2L, 1L, 1L, null)) {
            rows.add(new Object[] {k});
        }
        WindowPartition p = new WindowPartition(rows, new com.polardbx.executor.operator.RowComparator(List.of(kDesc)));
        WindowFrame frame = WindowFrame.range(FrameBound.preceding(2), FrameBound.CURRENT_ROW, kDesc);
        List<String> frames = new ArrayList<>();
        for (int i = 0; i < p.size(); i++) {
            frames.add(frame.start(p, i) + ".." + frame.end(p, i));
        }
        assertEquals(List.of("0..1", "0..2", "1..4", "1..4", "4..5"), frames);
    }

    @Test
    void aPartitionOverTheMemoryLimitFailsWith3170() {
        QueryContext small = QueryContext.create("small", 0); // the smallest limit there is
        WindowOperator op = new WindowOperator(small, TYPES, BY_G, BY_K,
            List.of(RankingFunction.of(RankingFunction.Kind.ROW_NUMBER)));
        ChunkBuilder b = new ChunkBuilder(TYPES);
        for (int i = 0; i < 10_000; i++) {
            b.appendRow(ROWS[1]); // one partition
        }
        SqlError e = assertThrows(SqlError.class, () -> op.addInput(b.build()));
        assertEquals(3170, e.errno());
        op.close();
        small.close();
    }

    /** PERCENT_RANK and CUME_DIST values: 10 decimals, as MariaDB prints them. */
    private static List<Object> fractions(String... values) {
        return Arrays.stream(values).map(v -> (Object) dec(v).setScale(10)).toList();
    }

    private static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }
}
