package com.polardbx.executor.operator;

import static com.polardbx.executor.operator.TestingRows.run;
import static com.polardbx.executor.operator.TestingSpill.TYPES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.memory.LocalMemoryContext;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestSortOperatorSpill {
    @TempDir
    Path dir;

    /** s under general_ci with NULLs first, then k descending with NULLs last; ties must keep input (id) order. */
    private static final List<SortKey> KEYS = List.of(SortKey.asc(2, Collation.GENERAL_CI),
        SortKey.desc(1, Collation.BINARY));

    @Test
    void externalSortEqualsInMemorySortIncludingTies() {
        List<Object[]> rows = TestingSpill.rows(1, 20_000, 3000);
        QueryContext big = TestingSpill.unlimited(dir);
        List<List<Object>> expected = run(big, ValuesOperator.ofRows(TYPES, rows), new SortOperator(big, TYPES, KEYS));
        assertEquals(0, big.spilledFiles());

        QueryContext tiny = TestingSpill.tiny(dir);
        List<List<Object>> actual = run(tiny, ValuesOperator.ofRows(TYPES, rows), new SortOperator(tiny, TYPES, KEYS));
        assertEquals(expected, actual); // exactly, order included
        TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
        assertTrue(tiny.spilledFiles() > 20, "many runs, so merged in several passes: " + tiny.spilledFiles());
    }

    @Test
    void descendingStringsAndDoublesSpillToo() {
        List<SortKey> keys = List.of(SortKey.desc(4, Collation.BINARY), SortKey.desc(2, Collation.GENERAL_CI));
        List<Object[]> rows = TestingSpill.rows(2, 5000, 50);
        QueryContext big = TestingSpill.unlimited(dir);
        QueryContext tiny = TestingSpill.tiny(dir);
        assertEquals(run(big, ValuesOperator.ofRows(TYPES, rows), new SortOperator(big, TYPES, keys)),
            run(tiny, ValuesOperator.ofRows(TYPES, rows), new SortOperator(tiny, TYPES, keys)));
        TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
    }

    @Test
    void anotherOperatorsReservationMakesTheSortSpill() {
        List<Object[]> rows = TestingSpill.rows(3, 200, 100);
        QueryContext tiny = TestingSpill.tiny(dir);
        SortOperator sort = new SortOperator(tiny, TYPES, KEYS);
        ValuesOperator values = ValuesOperator.ofRows(TYPES, rows);
        for (Chunk c = values.getOutput(); c != null; c = values.getOutput()) {
            sort.addInput(c);
        }
        assertEquals(0, tiny.spilledFiles());
        long held = tiny.memoryPool().reservedBytes();
        assertTrue(held > TestingSpill.TINY_LIMIT / 4, "sort holds " + held);
        // a non-spillable operator needs most of the pool: the sort is asked to spill its buffer as a run
        LocalMemoryContext other = tiny.newMemoryContext();
        other.setBytes(TestingSpill.TINY_LIMIT - 1000);
        assertEquals(1, tiny.spilledFiles());
        other.close();
        sort.finish();
        QueryContext big = TestingSpill.unlimited(dir);
        List<List<Object>> expected = run(big, ValuesOperator.ofRows(TYPES, rows), new SortOperator(big, TYPES, KEYS));
        List<List<Object>> actual = TestingRows.collect(new Driver(tiny, List.of(sort)));
        assertEquals(expected, actual);
        TestingSpill.assertSpilledAndCleanedUp(tiny, dir);
    }

    @Test
    void cancellingRemovesSpillFilesAtOnce() {
        QueryContext tiny = TestingSpill.tiny(dir);
        SortOperator sort = new SortOperator(tiny, TYPES, KEYS);
        ValuesOperator values = ValuesOperator.ofRows(TYPES, TestingSpill.rows(4, 5000, 500));
        Driver driver = new Driver(tiny, List.of(values, sort));
        for (Chunk c = values.getOutput(); c != null; c = values.getOutput()) {
            sort.addInput(c);
        }
        assertTrue(tiny.spillSpace().liveFiles() > 0);
        tiny.cancel(); // KILL QUERY from another session
        TestingSpill.assertNoFiles(dir);
        SqlError e = assertThrows(SqlError.class, driver::next);
        assertEquals(1317, e.errno());
        driver.close();
        assertEquals(0, tiny.memoryPool().reservedBytes());
    }

    @Test
    void aFailureDownstreamStillRemovesSpillFiles() {
        QueryContext tiny = TestingSpill.tiny(dir);
        Operator failing = new Operator() {
            @Override
            public boolean needsInput() {
                return true;
            }

            @Override
            public void addInput(Chunk chunk) {
                throw new IllegalStateException("boom");
            }

            @Override
            public Chunk getOutput() {
                return null;
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
            }
        };
        Driver driver = new Driver(tiny, List.of(ValuesOperator.ofRows(TYPES, TestingSpill.rows(5, 5000, 500)),
            new SortOperator(tiny, TYPES, KEYS), failing));
        assertThrows(IllegalStateException.class, driver::next);
        assertTrue(tiny.spilledFiles() > 0);
        driver.close();
        TestingSpill.assertNoFiles(dir);
        tiny.close();
    }
}
