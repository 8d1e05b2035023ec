package com.polardbx.gms.partition;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;

/**
 * Maps partition column values to partition positions (routing) and predicates to the partitions they can touch
 * (pruning). Thread-safe; compiled schemes are cached per {@link TableMeta} instance.
 *
 * <p>Values are Java objects as they come from SQL literals ({@link Long}, {@link java.math.BigDecimal},
 * {@link Double}, {@link String}, {@code byte[]}, {@code null}) and are converted by the column's declared type
 * first. Pruning never fails: when unsure it returns all partitions.
 */
public final class PartitionRouter {
    private final Cache<TableMeta, CompiledScheme> compiled = CacheBuilder.newBuilder().weakKeys()
        .maximumSize(10_000).build();

    /** Checks a scheme the DDL engine is about to create; throws the {@code SqlError} MySQL would. */
    public void validate(PartitionInfo info, List<ColumnDef> columns) {
        CompiledScheme s = new CompiledScheme(info, columns);
        for (int i = 0; i < s.types.size(); i++) {
            checkColumnType(s, s.types.get(i), info.columns().get(i));
        }
        if (s.expression != null && s.expression.function() != PartitionExpression.Function.IDENTITY
            && !s.types.get(0).isTemporalDate()) {
            throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
        }
        for (int i = 1; i < s.rangeBounds.size(); i++) {
            if (PartitionValues.compareTuples(s.rangeBounds.get(i - 1), s.rangeBounds.get(i)) >= 0) {
                throw new SqlError(ErrorCode.ER_RANGE_NOT_INCREASING);
            }
        }
    }

    private static void checkColumnType(CompiledScheme s, ColumnType type, String column) {
        boolean ok = switch (s.strategy) {
            case KEY -> type.family() != ColumnType.Family.TEXT && type.family() != ColumnType.Family.BLOB
                && type.family() != ColumnType.Family.OTHER;
            case RANGE_COLUMNS, LIST_COLUMNS -> switch (type.family()) {
                case INTEGER, DATE, DATETIME, STRING, BINARY -> true;
                default -> false;
            };
            case HASH, RANGE, LIST -> s.expression.function() == PartitionExpression.Function.IDENTITY
                ? type.isIntegral() : true;
        };
        if (!ok) {
            throw new SqlError(ErrorCode.ER_FIELD_TYPE_NOT_ALLOWED_AS_PARTITION_FIELD, column);
        }
        boolean string = type.family() == ColumnType.Family.STRING || type.family() == ColumnType.Family.TEXT;
        if (string && s.functionVersion >= 2 && StringCollation.of(type.collation()) == null) {
            // Routing must put strings the data node considers equal on one shard; for this collation it cannot.
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "partitioning by column '" + column
                + "' with collation " + type.collation() + " (use utf8mb4_general_ci, utf8mb4_bin,"
                + " utf8mb4_general_nopad_ci or utf8mb4_nopad_bin)");
        }
    }

    private CompiledScheme scheme(TableMeta t) {
        try {
            return compiled.get(t, () -> new CompiledScheme(t.partitionInfo(), t.columns()));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (com.google.common.util.concurrent.UncheckedExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * The position of the partition that holds a row with these partition column values (in the order of
     * {@code partitionInfo().columns()}); {@code SqlError} 1526 when no partition accepts them.
     */
    public int route(TableMeta t, List<Object> partitionColumnValues) {
        CompiledScheme s = scheme(t);
        List<Object> key = s.key(partitionColumnValues);
        return switch (s.strategy) {
            case HASH, KEY -> PartitionHash.partition(key, s.partitionCount);
            case RANGE, RANGE_COLUMNS -> routeRange(s, key, partitionColumnValues);
            case LIST, LIST_COLUMNS -> {
                Integer p = s.listIndex.get(key);
                if (p == null) {
                    throw noPartition(partitionColumnValues);
                }
                yield p;
            }
        };
    }

    private static int routeRange(CompiledScheme s, List<Object> key, List<Object> rawValues) {
        for (int p = 0; p < s.rangeBounds.size(); p++) {
            if (PartitionValues.compareTuples(key, s.rangeBounds.get(p)) < 0) {
                return p;
            }
        }
        throw noPartition(rawValues);
    }

    private static SqlError noPartition(List<Object> values) {
        String shown = values.stream().map(String::valueOf).collect(Collectors.joining(","));
        return new SqlError(ErrorCode.ER_NO_PARTITION_FOR_GIVEN_VALUE, shown);
    }

    /** The partitions an equality on all partition columns can touch: one, or none when no partition accepts it. */
    public SortedSet<Integer> pruneEquals(TableMeta t, List<Object> values) {
        SortedSet<Integer> out = new TreeSet<>();
        try {
            out.add(route(t, values));
        } catch (SqlError e) {
            if (e.errno() != ErrorCode.ER_NO_PARTITION_FOR_GIVEN_VALUE.errno()) {
                return all(t);
            }
        }
        return out;
    }

    /** The partitions {@code (cols) IN (tuple, ...)} can touch; each tuple holds values of all partition columns. */
    public SortedSet<Integer> pruneIn(TableMeta t, List<List<Object>> valueTuples) {
        SortedSet<Integer> out = new TreeSet<>();
        for (List<Object> tuple : valueTuples) {
            out.addAll(pruneEquals(t, tuple));
        }
        return out;
    }

    /**
     * The partitions a range on the first partition column can touch ({@code null} bound = unbounded). Exact for
     * single-column RANGE/LIST with a monotonic expression; a safe superset otherwise (all partitions for HASH/KEY).
     */
    public SortedSet<Integer> pruneRange(TableMeta t, Object lowerOrNull, boolean lowerInclusive, Object upperOrNull,
                                         boolean upperInclusive) {
        CompiledScheme s = scheme(t);
        if (s.strategy == PartitionStrategy.HASH || s.strategy == PartitionStrategy.KEY) {
            return all(t);
        }
        if (s.expression != null && !s.expression.function().monotonic()) {
            return all(t);
        }
        Object lo;
        Object hi;
        try {
            lo = canonicalFirst(s, lowerOrNull);
            hi = canonicalFirst(s, upperOrNull);
        } catch (SqlError e) {
            return all(t);
        }
        if (s.expression != null && s.expression.function() != PartitionExpression.Function.IDENTITY) {
            // f is monotonic but not strictly: a strict bound on the column becomes inclusive on f(column).
            lowerInclusive = true;
            upperInclusive = true;
        }
        if (lo != null && hi != null) {
            int c = PartitionValues.compare(lo, hi);
            if (c > 0 || c == 0 && !(lowerInclusive && upperInclusive)) {
                return new TreeSet<>();
            }
        }
        return s.rangeBounds.isEmpty() ? pruneListRange(s, lo, lowerInclusive, hi, upperInclusive)
            : pruneRangeRange(s, lo, hi, upperInclusive);
    }

    private static Object canonicalFirst(CompiledScheme s, Object raw) {
        if (raw == null) {
            return null;
        }
        Object v = PartitionValues.normalize(raw, s.types.get(0), s.functionVersion);
        return s.expression == null ? v : s.expression.apply(v);
    }

    private static SortedSet<Integer> pruneRangeRange(CompiledScheme s, Object lo, Object hi, boolean hiInclusive) {
        boolean multi = s.rangeBounds.get(0).size() > 1;
        int n = s.rangeBounds.size();
        int first = 0;
        if (lo != null) {
            first = n;
            for (int p = 0; p < n; p++) {
                int c = PartitionValues.compare(lo, s.rangeBounds.get(p).get(0));
                if (c < 0 || multi && c == 0) {
                    first = p;
                    break;
                }
            }
        }
        int last = n - 1;
        if (hi != null) {
            for (int p = 0; p < n; p++) {
                int c = PartitionValues.compare(hi, s.rangeBounds.get(p).get(0));
                if (c < 0 || c == 0 && !multi && !hiInclusive) {
                    last = p;
                    break;
                }
            }
        }
        SortedSet<Integer> out = new TreeSet<>();
        for (int p = first; p <= last; p++) {
            out.add(p);
        }
        return out;
    }

    private static SortedSet<Integer> pruneListRange(CompiledScheme s, Object lo, boolean loInclusive, Object hi,
                                                     boolean hiInclusive) {
        SortedSet<Integer> out = new TreeSet<>();
        for (int p = 0; p < s.listValues.size(); p++) {
            for (List<Object> tuple : s.listValues.get(p)) {
                Object v = tuple.get(0);
                if (v != null && inRange(v, lo, loInclusive, hi, hiInclusive)) {
                    out.add(p);
                    break;
                }
            }
        }
        return out;
    }

    private static boolean inRange(Object v, Object lo, boolean loInclusive, Object hi, boolean hiInclusive) {
        if (lo != null) {
            int c = PartitionValues.compare(v, lo);
            if (c < 0 || c == 0 && !loInclusive) {
                return false;
            }
        }
        if (hi != null) {
            int c = PartitionValues.compare(v, hi);
            return c < 0 || c == 0 && hiInclusive;
        }
        return true;
    }

    /** Every partition position of the table. */
    public static SortedSet<Integer> all(TableMeta t) {
        SortedSet<Integer> out = new TreeSet<>();
        for (int p = 0; p < t.partitions().size(); p++) {
            out.add(p);
        }
        return out;
    }

    /** Partition positions as a list, for callers that index arrays. */
    public static List<Integer> positions(SortedSet<Integer> set) {
        return new ArrayList<>(set);
    }
}
