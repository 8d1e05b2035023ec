package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.row;
import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingRows.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import com.polardbx.executor.expression.ExpressionCompiler;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;

class TestPipelines {
    private static final List<ColumnType> TYPES = List.of(ColumnType.BIGINT, ColumnType.VARCHAR);
    private final QueryContext ctx = QueryContext.unlimited("q");
    private final RelDataTypeFactory tf = new JavaTypeFactoryImpl();
    private final RexBuilder rex = new RexBuilder(tf);
    private final ExpressionCompiler compiler = new ExpressionCompiler(rex);

    private RexNode ref(int i) {
        return rex.makeInputRef(tf.createTypeWithNullability(tf.createSqlType(i == 0 ? SqlTypeName.BIGINT
            : SqlTypeName.VARCHAR), true), i);
    }

    @Test
    void filterProjectKeepsOnlyTrueRows() {
        Expression filter = compiler.compile(rex.makeCall(SqlStdOperatorTable.GREATER_THAN, ref(0),
            rex.makeExactLiteral(BigDecimal.ONE)), TYPES);
        Expression times = compiler.compile(rex.makeCall(SqlStdOperatorTable.DIVIDE, ref(0),
            rex.makeExactLiteral(BigDecimal.valueOf(4))), TYPES);
        Expression upper = compiler.compile(rex.makeCall(SqlStdOperatorTable.UPPER, ref(1)), TYPES);
        FilterProjectOperator op = new FilterProjectOperator(TYPES, filter, List.of(times, upper));
        List<List<Object>> out = run(ctx, values(TYPES, new Object[] {1L, "a"}, new Object[] {null, "b"},
            new Object[] {2L, "c"}, new Object[] {5L, null}), op);
        assertEquals(List.of(row(new BigDecimal("0.5000"), "C"), row(new BigDecimal("1.2500"), null)), out);
        assertEquals(ColumnType.decimal(4), op.outputTypes().get(0));
    }

    @Test
    void hashJoinInnerAndLeftWithNullKeys() {
        List<ColumnType> buildTypes = List.of(ColumnType.VARCHAR, ColumnType.BIGINT);
        Object[][] probe = {{1L, "x"}, {2L, "Y"}, {null, "z"}, {3L, "q"}};
        ChunkSource build = TestingRows.source(buildTypes, 2, new Object[] {"y", 20L}, new Object[] {"x", 10L},
            new Object[] {"X ", 11L}, new Object[] {null, 99L});
        List<List<Object>> inner = run(ctx, values(TYPES, probe), new HashJoinOperator(ctx, JoinType.INNER, TYPES,
            new int[] {1}, build, buildTypes, new int[] {0}, null));
        assertEquals(List.of(row(1L, "x", "x", 10L), row(1L, "x", "X ", 11L), row(2L, "Y", "y", 20L)), inner);

        ChunkSource build2 = TestingRows.source(buildTypes, 2, new Object[] {"y", 20L}, new Object[] {"x", 10L});
        // residual: probe.id * 10 = build.value; row 3 has no key match, row null has a NULL key
        List<ColumnType> outTypes = List.of(ColumnType.BIGINT, ColumnType.VARCHAR, ColumnType.VARCHAR,
            ColumnType.BIGINT);
        RexNode idTimes10 = rex.makeCall(SqlStdOperatorTable.MULTIPLY, ref(0), rex.makeExactLiteral(BigDecimal.TEN));
        RexNode buildValue = rex.makeInputRef(tf.createSqlType(SqlTypeName.BIGINT), 3);
        Expression residual = compiler.compile(rex.makeCall(SqlStdOperatorTable.EQUALS, idTimes10, buildValue),
            outTypes);
        List<List<Object>> left = run(ctx, values(TYPES, probe), new HashJoinOperator(ctx, JoinType.LEFT, TYPES,
            new int[] {1}, build2, buildTypes, new int[] {0}, residual));
        assertEquals(List.of(row(1L, "x", "x", 10L), row(2L, "Y", "y", 20L), row(null, "z", null, null),
            row(3L, "q", null, null)), left);
    }

    @Test
    void driverStopsOnCancel() {
        QueryContext cancellable = QueryContext.unlimited("c");
        AtomicBoolean closed = new AtomicBoolean();
        SourceOperator endless = new SourceOperator() {
            @Override
            public Chunk getOutput() {
                return new Chunk(1);
            }

            @Override
            public void finish() {
            }

            @Override
            public boolean isFinished() {
                return false;
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        Driver driver = new Driver(cancellable, List.of(endless));
        assertEquals(1, driver.next().positionCount());
        cancellable.cancel();
        SqlError e = assertThrows(SqlError.class, driver::next);
        assertEquals(1317, e.errno());
        driver.close();
        assertTrue(closed.get());
    }

    @Test
    void chunkRowCursorStreamsRowsAndCloses() {
        List<ColumnMeta> metas = List.of(ColumnMeta.computed("id", MysqlType.LONGLONG),
            ColumnMeta.computed("name", MysqlType.VAR_STRING));
        Driver driver = new Driver(ctx, List.of(values(TYPES, new Object[] {1L, "a"}, new Object[] {null, "b"}),
            new LimitOperator(TYPES, 0, 5)));
        try (ChunkRowCursor cursor = new ChunkRowCursor(metas, driver)) {
            assertEquals(metas, cursor.columns());
            assertArrayEquals(new Object[] {1L, "a"}, cursor.next());
            assertArrayEquals(new Object[] {null, "b"}, cursor.next());
            assertNull(cursor.next());
            assertNull(cursor.next());
        }
    }
}
