package com.polardbx.bench;

import com.polardbx.common.digest.DigestText;
import com.polardbx.common.digest.DigestTextCache;
import com.polardbx.common.digest.StatementDigest;
import com.polardbx.common.digest.TestingReferenceDigestText;
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
 * What a statement digest costs per statement, in ns, for sysbench's statements as the text protocol sends them
 * (every statement a new text: its literals differ). Each operation first makes the statement a new string, as the
 * CN decodes every statement into a new one ({@code newString} is that alone, to subtract). {@code reference} is
 * the first implementation (one string per token), {@code digestText} the one-pass lexer the CN uses,
 * {@code cachedDistinct} the CN's path through its text cache when no text repeats (the text protocol),
 * {@code cachedRepeated} when 64 texts repeat, {@code sha256} the hash a new digest row costs once. No DNs: one
 * thread of CPU.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class DigestBenchmark {
    private static final int TEXTS = 8192;

    /** point: oltp_point_select's one statement; mix: the statements of oltp_read_write. */
    @Param({"point", "mix"})
    public String workload;

    private char[][] statements;
    private char[][] repeated;
    private String oneDigestText;
    private int next;
    private DigestTextCache cache;

    @Setup
    public void setUp() {
        java.util.Random random = new java.util.Random(7);
        statements = new char[TEXTS][];
        for (int i = 0; i < TEXTS; i++) {
            statements[i] = statement(random, workload.equals("point") ? 0 : i % 7).toCharArray();
        }
        repeated = java.util.Arrays.copyOf(statements, 64);
        oneDigestText = DigestText.of(new String(statements[0]));
        cache = new DigestTextCache();
    }

    private static String statement(java.util.Random random, int kind) {
        int table = 1 + random.nextInt(4);
        int id = 1 + random.nextInt(10_000);
        return switch (kind) {
            case 0 -> "SELECT c FROM sbtest" + table + " WHERE id=" + id;
            case 1 -> "SELECT c FROM sbtest" + table + " WHERE id BETWEEN " + id + " AND " + (id + 99);
            case 2 -> "SELECT SUM(k) FROM sbtest" + table + " WHERE id BETWEEN " + id + " AND " + (id + 99);
            case 3 -> "SELECT DISTINCT c FROM sbtest" + table + " WHERE id BETWEEN " + id + " AND " + (id + 99)
                + " ORDER BY c";
            case 4 -> "UPDATE sbtest" + table + " SET k=k+1 WHERE id=" + id;
            case 5 -> "DELETE FROM sbtest" + table + " WHERE id=" + id;
            default -> "INSERT INTO sbtest" + table + " (id, k, c, pad) VALUES (" + id + ", " + random.nextInt(10_000)
                + ", '" + "68487932199-96439406143-93774651418-41631865787-96406072701-20604855487-25459966574-"
                + "28203206787-41238978918-19503783441', '22195207048-70116052123-74140395089-76317954521-98694025897')";
        };
    }

    private String nextStatement() {
        next = (next + 1) & (TEXTS - 1);
        return new String(statements[next]);
    }

    @Benchmark
    public String newString() {
        return nextStatement();
    }

    @Benchmark
    public String reference() {
        return TestingReferenceDigestText.of(nextStatement());
    }

    @Benchmark
    public String digestText() {
        return DigestText.of(nextStatement());
    }

    @Benchmark
    public String cachedDistinct() {
        return cache.digestText(nextStatement());
    }

    @Benchmark
    public String cachedRepeated() {
        next = (next + 1) & (repeated.length - 1);
        return cache.digestText(new String(repeated[next]));
    }

    @Benchmark
    public String sha256() {
        return StatementDigest.hash(oneDigestText);
    }
}
