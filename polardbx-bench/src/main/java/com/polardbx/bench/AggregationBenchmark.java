package com.polardbx.bench;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.operator.AggregateCall;
import com.polardbx.executor.operator.AggregateKind;
import com.polardbx.executor.operator.AggregateMode;
import com.polardbx.executor.operator.Driver;
import com.polardbx.executor.operator.HashAggregationOperator;
import com.polardbx.executor.operator.Operator;
import com.polardbx.executor.operator.ParallelHashAggregationOperator;
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
 * In-memory GROUP BY on the CN with 1 and 2 worker threads ({@code polardbx_parallelism}): 400,000 rows of
 * (BIGINT key with 50,000 values, VARCHAR general_ci, DECIMAL, DOUBLE) aggregated with COUNT(*), SUM(decimal),
 * AVG(double) and MIN(varchar). No data nodes involved.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class AggregationBenchmark {
    private static final List<ColumnType> TYPES = List.of(ColumnType.BIGINT, ColumnType.varchar(Collation.GENERAL_CI),
        ColumnType.decimal(2), ColumnType.DOUBLE);
    private static final List<AggregateCall> CALLS = List.of(AggregateCall.countStar(AggregateMode.SINGLE),
        AggregateCall.of(AggregateKind.SUM, AggregateMode.SINGLE, 2, TYPES.get(2)),
        AggregateCall.of(AggregateKind.AVG, AggregateMode.SINGLE, 3, ColumnType.DOUBLE),
        AggregateCall.of(AggregateKind.MIN, AggregateMode.SINGLE, 1, TYPES.get(1)));

    @Param({"1", "2"})
    public int degree;

    private List<Chunk> chunks;

    @Setup
    public void setUp() {
        Random random = new Random(1);
        chunks = new ArrayList<>();
        ChunkBuilder builder = new ChunkBuilder(TYPES);
        for (int i = 0; i < 400_000; i++) {
            builder.appendRow(new Object[] {(long) random.nextInt(50_000), "name-" + random.nextInt(1000),
                BigDecimal.valueOf(random.nextInt(1_000_000), 2), random.nextDouble()});
            if (builder.isFull()) {
                chunks.add(builder.build());
            }
        }
        chunks.add(builder.build());
    }

    @Benchmark
    public long groupBy() {
        QueryContext context = QueryContext.unlimited("bench");
        Operator aggregation = degree == 1 ? new HashAggregationOperator(context, TYPES, new int[] {0}, CALLS)
            : new ParallelHashAggregationOperator(context, TYPES, new int[] {0}, CALLS, degree);
        try (Driver driver = new Driver(context, List.of(new ValuesOperator(chunks), aggregation))) {
            return driver.drain();
        }
    }
}
