package com.polardbx.executor.operator.window;

import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import java.math.BigDecimal;
import java.math.RoundingMode;

/** ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST and NTILE: positions and peer groups, no frame. */
public final class RankingFunction implements WindowFunction {
    /** Which ranking. */
    public enum Kind { ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE }

    private final Kind kind;
    private final long buckets;

    private RankingFunction(Kind kind, long buckets) {
        this.kind = kind;
        this.buckets = buckets;
    }

    public static RankingFunction of(Kind kind) {
        if (kind == Kind.NTILE) {
            throw new IllegalArgumentException("NTILE needs its bucket count");
        }
        return new RankingFunction(kind, 0);
    }

    /** NTILE(buckets); the caller has checked that {@code buckets} is positive. */
    public static RankingFunction ntile(long buckets) {
        return new RankingFunction(Kind.NTILE, buckets);
    }

    /**
     * PERCENT_RANK and CUME_DIST: a DOUBLE that MariaDB prints with 10 decimals; held as a DECIMAL of scale 10 so that
     * it prints the same.
     */
    static final ColumnType FRACTION = new ColumnType(ExecType.DECIMAL, MysqlType.DOUBLE, Collation.BINARY, 10, false);

    @Override
    public ColumnType outputType() {
        return kind == Kind.PERCENT_RANK || kind == Kind.CUME_DIST ? FRACTION : ColumnType.BIGINT;
    }

    @Override
    public Object[] evaluate(WindowPartition p) {
        int n = p.size();
        Object[] out = new Object[n];
        long dense = 0;
        for (int i = 0; i < n; i++) {
            if (p.peerStart(i) == i) {
                dense++;
            }
            out[i] = switch (kind) {
                case ROW_NUMBER -> (long) i + 1;
                case RANK -> (long) p.peerStart(i) + 1;
                case DENSE_RANK -> dense;
                case PERCENT_RANK -> fraction(n == 1 ? 0.0 : (double) p.peerStart(i) / (n - 1));
                case CUME_DIST -> fraction((double) p.peerEnd(i) / n);
                case NTILE -> ntile(i, n);
            };
        }
        return out;
    }

    private static BigDecimal fraction(double value) {
        return new BigDecimal(value).setScale(FRACTION.scale(), RoundingMode.HALF_UP);
    }

    /** The first {@code n % buckets} buckets hold one row more than the others. */
    private long ntile(int row, int n) {
        long size = n / buckets;
        long bigger = n % buckets;
        long inBigger = bigger * (size + 1);
        if (row < inBigger) {
            return row / (size + 1) + 1;
        }
        return bigger + (row - inBigger) / size + 1;
    }
}
