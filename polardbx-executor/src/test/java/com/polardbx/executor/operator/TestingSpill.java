package com.polardbx.executor.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.memory.MemoryPool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/** Random rows and checks for spill tests: the same plan with an unlimited pool and with a tiny one. */
final class TestingSpill {
    /** The tiny limit the spill tests run with. */
    static final long TINY_LIMIT = 64 * 1024;
    /** id BIGINT, k BIGINT, s VARCHAR (utf8mb4_general_ci), d DECIMAL(10,2), f DOUBLE. */
    static final List<ColumnType> TYPES = List.of(ColumnType.BIGINT, ColumnType.BIGINT,
        ColumnType.varchar(Collation.GENERAL_CI), ColumnType.decimal(2), ColumnType.DOUBLE);
    private static final String[] WORDS = {"apple", "Banana", "straße", "strase", "café", "cafe", "Zebra", "", " ",
        "éclair", "ECLAIR"};

    private TestingSpill() {
    }

    static QueryContext unlimited(Path spillDir) {
        return new QueryContext("unlimited", MemoryPool.unlimited("unlimited"), spillDir);
    }

    static QueryContext tiny(Path spillDir) {
        return new QueryContext("tiny", new MemoryPool("tiny", TINY_LIMIT), spillDir);
    }

    /**
     * Rows of {@link #TYPES}: NULLs in every column but id, many duplicates, and strings that differ only in case,
     * accents or trailing spaces (equal under general_ci). {@code keys} bounds the distinct (k, s) pairs.
     */
    static List<Object[]> rows(long seed, int count, int keys) {
        Random random = new Random(seed);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int key = random.nextInt(keys);
            Long k = random.nextInt(20) == 0 ? null : (long) (key % 97);
            String s = random.nextInt(25) == 0 ? null : variant(random, WORDS[key % WORDS.length] + (key / 97));
            BigDecimal d = random.nextInt(10) == 0 ? null : BigDecimal.valueOf(random.nextInt(100_000) - 50_000, 2);
            Double f = random.nextInt(10) == 0 ? null : (random.nextDouble() - 0.3) * 1e3;
            rows.add(new Object[] {(long) i, k, s, d, f});
        }
        return rows;
    }

    /** The same word in another case, maybe with trailing spaces: one group under general_ci. */
    private static String variant(Random random, String word) {
        String w = switch (random.nextInt(3)) {
            case 0 -> word.toUpperCase(Locale.ROOT);
            case 1 -> word.toLowerCase(Locale.ROOT);
            default -> word;
        };
        return random.nextInt(4) == 0 ? w + "  " : w;
    }

    /** Rows in a canonical order, for results whose order SQL does not define. */
    static List<List<Object>> sorted(List<List<Object>> rows) {
        List<Map.Entry<String, List<Object>>> keyed = new ArrayList<>();
        for (List<Object> row : rows) {
            keyed.add(Map.entry(render(row), row));
        }
        keyed.sort(Map.Entry.comparingByKey());
        return keyed.stream().map(Map.Entry::getValue).toList();
    }

    private static String render(List<Object> row) {
        StringBuilder sb = new StringBuilder();
        for (Object v : row) {
            sb.append(v == null ? "~NULL" : v.getClass().getSimpleName() + ':'
                + (v instanceof byte[] b ? Arrays.toString(b) : v.toString())).append('|');
        }
        return sb.toString();
    }

    /** Asserts that the tiny run spilled, gave its memory back and left no file behind. */
    static void assertSpilledAndCleanedUp(QueryContext tiny, Path spillDir) {
        assertTrue(tiny.spilledFiles() > 0, "expected spill files");
        assertTrue(tiny.spilledBytes() > 0, "expected spilled bytes");
        assertEquals(0, tiny.memoryPool().reservedBytes(), "memory given back");
        assertTrue(tiny.memoryPool().peakBytes() <= TINY_LIMIT);
        assertNoFiles(spillDir);
        assertEquals(0, tiny.spillSpace().liveFiles());
    }

    static void assertNoFiles(Path spillDir) {
        if (!Files.exists(spillDir)) {
            return;
        }
        try (Stream<Path> files = Files.list(spillDir)) {
            assertEquals(List.of(), files.toList(), "spill files left behind");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
