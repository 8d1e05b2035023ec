package com.polardbx.bench;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.executor.operator.Driver;
import com.polardbx.executor.operator.HashJoinOperator;
import com.polardbx.executor.operator.JoinType;
import com.polardbx.executor.operator.Operator;
import com.polardbx.executor.operator.ParallelHashJoinOperator;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.operator.ValuesOperator;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * In-memory INNER hash join on the CN with 1 and 2 worker threads ({@code polardbx_parallelism}): 400,000 probe rows
 * (BIGINT key, VARCHAR general_ci, DECIMAL) against 50,000 build rows (BIGINT key, VARCHAR), each probe row matching
 * one build row, by a BIGINT key ({@code longKey}) or by a general_ci VARCHAR key ({@code stringKey}). No data nodes
 * involved.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class JoinBenchmark {
    private static final List<ColumnType> PROBE = List.of(ColumnType.BIGINT, ColumnType.varchar(Collation.GENERAL_CI),
        ColumnType.decimal(2));
    private static final List<ColumnType> BUILD = List.of(ColumnType.BIGINT, ColumnType.varchar(Collation.GENERAL_CI));
    private static final int BUILD_ROWS = 50_000;

    @Param({"1", "2"})
    public int degree;

    private List<Chunk> probe;
    private List<Chunk> build;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        probe = new ArrayList<>();
        ChunkBuilder builder = new ChunkBuilder(PROBE);
        for (int i = 0; i < 400_000; i++) {
            int key = random.nextInt(BUILD_ROWS);
            builder.appendRow(new Object[] {(long) key, "name-" + key,
                BigDecimal.valueOf(random.nextInt(1_000_000), 2)});
            if (builder.isFull()) {
                probe.add(builder.build());
            }
        }
        probe.add(builder.build());
        build = new ArrayList<>();
        builder = new ChunkBuilder(BUILD);
        for (int key = 0; key < BUILD_ROWS; key++) {
            builder.appendRow(new Object[] {(long) key, "NAME-" + key});
            if (builder.isFull()) {
                build.add(builder.build());
            }
        }
        build.add(builder.build());
    }

    @Benchmark
    public long longKey() {
        return join(0, 0);
    }

    @Benchmark
    public long stringKey() {
        return join(1, 1);
    }

    private long join(int probeKey, int buildKey) {
        QueryContext context = QueryContext.unlimited("bench");
        ChunkSource buildSource = new Driver(context, List.of(new ValuesOperator(build)));
        int[] pk = {probeKey};
        int[] bk = {buildKey};
        Operator join = degree == 1
            ? new HashJoinOperator(context, JoinType.INNER, PROBE, pk, buildSource, BUILD, bk, null)
            : new ParallelHashJoinOperator(context, JoinType.INNER, PROBE, pk, buildSource, BUILD, bk, null, degree);
        try (Driver driver = new Driver(context, List.of(new ValuesOperator(probe), join))) {
            return driver.drain();
        }
    }
}
