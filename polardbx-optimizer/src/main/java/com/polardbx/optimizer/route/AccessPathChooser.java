package com.polardbx.optimizer.route;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.optimizer.catalog.TableStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Chooses how a one-table SELECT reads a table with global indexes, by estimated cost ({@link AccessCost}): a scan
 * of the shards the WHERE leaves (each DN probing a local index when the WHERE pins its leading columns), a covering
 * scan of the one index shard holding the keys, or a lookup of the keys in an index followed by a read of the primary
 * by the keys found. Rows per key come from the statistics (row count, NDV of the index columns after ANALYZE TABLE).
 * {@code FORCE INDEX(g)} rules out the scan while g is usable; {@code USE INDEX(g)} only narrows the indexes; {@code
 * IGNORE INDEX} and {@code FORCE INDEX(PRIMARY)} remove them ({@link GlobalIndexAccess#candidates}). Thread-safe.
 */
public final class AccessPathChooser {
    /**
     * Rows per key of a non-unique index whose columns were never analyzed: an index is made for a selective column,
     * and ANALYZE TABLE replaces the guess with the NDV.
     */
    public static final double GUESSED_ROWS_PER_KEY = 10;

    private final WherePruner pruner;
    private final TableStatistics statistics;

    public AccessPathChooser(WherePruner pruner, TableStatistics statistics) {
        this.pruner = pruner;
        this.statistics = statistics;
    }

    /** The way chosen, and every way weighed (none when only the primary could serve). */
    public record Decision(AccessPath chosen, List<AccessPath> considered) {
        /** Whether the primary is read as the statement says (no index involved). */
        public boolean primary() {
            return chosen.kind() == AccessPath.Kind.PRIMARY;
        }

        /** EXPLAIN's lines for the access to {@code table}; none when there was no choice to make. */
        public List<String> explain(TableMeta table) {
            List<String> lines = new ArrayList<>();
            if (considered.size() <= 1) {
                return lines;
            }
            String name = table.schema() + "." + table.name();
            String estimate = ", rows=[" + AccessPath.count(chosen.rows()) + "], cost=[" + chosen.cost().shown()
                + "])";
            switch (chosen.kind()) {
                case PRIMARY -> lines.add("PrimaryScan(table=[" + name + "], shards=[" + AccessPath.count(
                    chosen.shards()) + "], local_index=[" + (chosen.localIndex() == null ? "none"
                    : chosen.localIndex()) + "]" + estimate);
                case COVERING -> {
                    lines.add("GlobalIndexScan(index=[" + chosen.choice().index().name() + "], table=[" + name
                        + "], keys=[" + chosen.choice().tuples().size() + "], covering=[true], shards=[1]" + estimate);
                    lines.add("  the index shard answers alone; the plan below is the primary's, not run");
                }
                case LOOKUP -> {
                    String pk = String.join(", ", table.primaryKey().map(IndexDef::columns).orElse(List.of()));
                    lines.add("GlobalIndexLookup(index=[" + chosen.choice().index().name() + "], table=[" + name
                        + "], keys=[" + chosen.choice().tuples().size() + "], columns=[" + String.join(", ",
                        chosen.choice().index().columns()) + "], unique=[" + chosen.choice().index().unique() + "]"
                        + estimate);
                    lines.add("  then the plan below reads the primary by the keys found: AND (" + pk + ") IN (...)");
                }
                default -> throw new IllegalStateException(chosen.kind().name());
            }
            List<String> others = considered.stream().filter(p -> p != chosen).map(AccessPath::summary).toList();
            lines.add("  by cost; also considered: " + String.join("; ", others));
            return lines;
        }
    }

    /**
     * The way to read {@code from} (the statement's only table, {@code table}) for {@code select}, its index hints
     * already taken out into {@code hints}. A locking read never takes the covering scan (it must lock the rows).
     */
    public Decision choose(SQLSelectStatement select, TableMeta table, SQLExprTableSource from,
                           GlobalIndexAccess.Hints hints, boolean locking) {
        SQLExpr where = select.getSelect().getQueryBlock().getWhere();
        String qualifier = from.getAlias() != null ? from.getAlias() : table.name();
        List<PartitionDef> primaryShards = pruner.prune(table, from.getAlias(), where);
        List<GlobalIndexAccess.Choice> candidates = primaryShards.size() <= 1 ? List.of()
            : GlobalIndexAccess.candidates(table, from.getAlias(), where, hints);
        double rows = rowCount(table);
        List<AccessPath> ways = new ArrayList<>();
        double fewest = rows;
        for (GlobalIndexAccess.Choice c : candidates) {
            double found = bounded(c.tuples().size() * rowsPerKey(table, c.index().columns(), c.index().unique(),
                rows), rows);
            fewest = Math.min(fewest, found);
            List<PartitionDef> indexShards = pruner.prune(c.index().table(), qualifier, where);
            if (!locking && indexShards.size() == 1 && GlobalIndexAccess.covers(select, table, c.index())) {
                ways.add(new AccessPath(AccessPath.Kind.COVERING, c, indexShards.get(0), 1, null, found,
                    AccessCost.scan(1, found, found)));
            }
            // the index rows come back, then the primary reads the rows of their keys on the shards they hash to
            AccessCost lookup = AccessCost.lookup(indexShards.size(), found, primaryShards.size());
            ways.add(new AccessPath(AccessPath.Kind.LOOKUP, c, null, lookup.statements(), null, found, lookup));
        }
        ways.add(0, primaryScan(table, from.getAlias(), where, rows, primaryShards.size(), fewest));
        AccessPath best = null;
        for (AccessPath p : ways) {
            boolean allowed = p.kind() != AccessPath.Kind.PRIMARY || !hints.forced() || ways.size() == 1;
            if (allowed && (best == null || p.cost().total() < best.cost().total())) {
                best = p;
            }
        }
        return new Decision(best, List.copyOf(ways));
    }

    /** The scan of the shards left, each probing the local index whose pinned prefix keeps the fewest rows. */
    private AccessPath primaryScan(TableMeta table, String alias, SQLExpr where, double rows, int shards,
                                   double found) {
        Map<String, List<SQLExpr>> pinned = GlobalIndexAccess.pinned(table, alias, where);
        int all = Math.max(1, table.partitions().size());
        double examined = rows * Math.min(shards, all) / all;
        String local = null;
        for (IndexDef index : table.indexes()) {
            List<String> prefix = new ArrayList<>();
            double keys = 1;
            for (String c : index.columns()) {
                List<SQLExpr> values = pinned.get(c.toLowerCase(Locale.ROOT));
                if (values == null) {
                    break;
                }
                prefix.add(c);
                keys *= values.size();
            }
            if (prefix.isEmpty()) {
                continue;
            }
            boolean unique = index.unique() && prefix.size() == index.columns().size();
            double probed = bounded(keys * rowsPerKey(table, prefix, unique, rows), rows);
            if (probed < examined) {
                examined = probed;
                local = index.name();
            }
        }
        return new AccessPath(AccessPath.Kind.PRIMARY, null, null, shards, local, Math.min(found, examined),
            AccessCost.scan(shards, examined, Math.min(found, examined)));
    }

    /**
     * Rows sharing one value of {@code columns}: one for a unique key (global, or a local one they contain); else the
     * rows over the NDV of each column (independent columns), with the guess for columns never analyzed.
     */
    double rowsPerKey(TableMeta table, List<String> columns, boolean unique, double rows) {
        if (unique || table.indexes().stream().anyMatch(i -> i.unique() && i.columns().stream()
            .allMatch(c -> columns.stream().anyMatch(c::equalsIgnoreCase)))) {
            return 1;
        }
        double share = 1;
        boolean guessed = false;
        for (String c : columns) {
            ColumnStatistics s = statistics.column(table, c);
            if (s == null || s.ndv() <= 0) {
                guessed = true;
                continue;
            }
            double nonNull = rows > 0 ? Math.max(0, 1 - s.nullCount() / rows) : 1;
            share *= nonNull / s.ndv();
        }
        double perKey = rows * share;
        return guessed ? Math.min(perKey, GUESSED_ROWS_PER_KEY) : perKey;
    }

    private double rowCount(TableMeta table) {
        double rows = statistics.rowCount(table);
        return rows >= 0 ? rows : TableStatistics.guess(table);
    }

    /** At least one row per key (the key was asked for), never more than the table. */
    private static double bounded(double estimate, double rows) {
        return Math.min(rows, Math.max(1, estimate));
    }
}
