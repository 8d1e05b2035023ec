package com.polardbx.optimizer.route;

import com.polardbx.gms.meta.PartitionDef;
import java.util.Locale;

/**
 * One way to read a table for a query, with its estimate: a scan of the primary's shards (each DN using a local index
 * when one fits), a covering scan of one index shard, or a lookup of the keys in an index followed by a read of the
 * primary by them.
 *
 * @param choice     the index read and the keys looked up in it; null for the primary scan
 * @param indexShard the one index shard a covering scan reads; null otherwise
 * @param shards     shards a primary scan reads, or index plus primary shards of a lookup
 * @param localIndex the primary's local index a primary scan probes on each shard, or null (a full scan)
 * @param rows       the estimated rows the access finds
 */
public record AccessPath(Kind kind, GlobalIndexAccess.Choice choice, PartitionDef indexShard, double shards,
                         String localIndex, double rows, AccessCost cost) {

    /** The three ways. */
    public enum Kind {
        PRIMARY,
        COVERING,
        LOOKUP
    }

    /** A few words for EXPLAIN's list of the ways not taken. */
    public String summary() {
        String what = switch (kind) {
            case PRIMARY -> "primary scan of " + count(shards) + " shard(s)"
                + (localIndex == null ? "" : " by local index " + localIndex);
            case COVERING -> "covering scan of " + choice.index().name();
            case LOOKUP -> "lookup through " + choice.index().name();
        };
        return what + " (rows " + count(rows) + ", cost " + cost.shown() + ")";
    }

    static String count(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.1f", value);
    }
}
