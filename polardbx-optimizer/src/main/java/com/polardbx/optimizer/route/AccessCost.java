package com.polardbx.optimizer.route;

import java.util.Locale;

/**
 * The estimated work of one way to read a table: statements sent to DN shards, dependent phases (a wait for DN
 * answers before the next statement can be written), rows the DNs read and rows they send to the CN.
 * {@link #total()} weighs them in units of one statement to one shard.
 *
 * <p>Why these weights: they are calibrated on the point lookups of {@code docs/benchmarks.md} (1,000,000 rows, 8
 * shards on 2 DNs, CPU-bound): the scatter over the 8 shards' local indexes ran at 804 TPS, the lookup through the
 * global index at 250 and the scatter without any index at 16. A statement to a shard (the CN writes it, a DN parses
 * and runs it, the CN merges its answer) is the unit; the query itself (parse, route) costs two. The lookup's second
 * phase (wait for the index rows, write the primary's statement with their keys, plan and route it, on a snapshot
 * held open meanwhile) costs 25: then the lookup (2 + 25 + 2 statements) is ~3× the 8-shard scatter (2 + 8), as
 * measured. A row a DN reads costs 1/2,000 of a statement: 1,000,000 rows make the scan ~50× the indexed scatter,
 * as measured. A row sent to the CN (network, decoding, merging) is taken as ten rows read: not measured, only its
 * order of magnitude matters (it makes the lookup, which moves its rows twice, lose for keys of many rows).
 */
public record AccessCost(double statements, int phases, double rowsExamined, double rowsSent) {
    static final double QUERY = 2;
    static final double STATEMENT = 1;
    static final double LATER_PHASE = 25;
    static final double ROW_EXAMINED = 0.0005;
    static final double ROW_SENT = 0.005;

    /** A one-phase read of {@code shards} shards (a scan of the primary or a covering scan of an index). */
    public static AccessCost scan(double shards, double examined, double sent) {
        return new AccessCost(shards, 1, examined, sent);
    }

    /**
     * A lookup in {@code indexShards} index shards finding {@code found} rows, then a read of the rows by primary key
     * on the shards (of {@code primaryShards}) their keys hash to: every row moves twice.
     */
    public static AccessCost lookup(double indexShards, double found, int primaryShards) {
        return new AccessCost(indexShards + expectedShards(primaryShards, found), 2, 2 * found, 2 * found);
    }

    /** How many of {@code shards} shards {@code keys} keys spread evenly over are expected to reach. */
    public static double expectedShards(int shards, double keys) {
        if (keys <= 0 || shards <= 0) {
            return 0;
        }
        return shards * (1 - Math.pow(1 - 1.0 / shards, keys));
    }

    /** The weighed sum, in units of one statement to one shard. */
    public double total() {
        return QUERY + STATEMENT * statements + LATER_PHASE * Math.max(0, phases - 1) + ROW_EXAMINED * rowsExamined
            + ROW_SENT * rowsSent;
    }

    /** The total as EXPLAIN shows it. */
    public String shown() {
        return String.format(Locale.ROOT, "%.1f", total());
    }
}
