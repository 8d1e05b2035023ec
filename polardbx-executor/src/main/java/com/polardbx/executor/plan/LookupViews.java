package com.polardbx.executor.plan;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.plan.LookupKeys;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.route.PartitionPruner;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelShuttleImpl;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimestampString;

/**
 * The inner view of a lookup join restricted to a batch of keys: {@code key IN (...)} added to its pushed query and
 * its shards pruned by the {@link PartitionPruner} to those owning the keys. Stateless.
 */
final class LookupViews {
    private static final PartitionPruner PRUNER = new PartitionPruner(new PartitionRouter());

    private LookupViews() {
    }

    /**
     * The view asking for the rows whose lookup key is one of {@code values} (exec-type values of the outer key:
     * {@code Long}, or {@code String} for strings and MySQL's DATE/DATETIME text); empty {@code values} ask for none.
     * The owning shards come from the partition pruner over the same literals, so each key goes where the
     * partitioner put the rows equal to it.
     */
    static LogicalView restrict(LogicalView view, LookupKeys keys, List<Object> values) {
        RelDataType type = view.getRowType().getFieldList().get(keys.viewKey()).getType();
        RexBuilder rex = view.getCluster().getRexBuilder();
        List<RexNode> literals = new ArrayList<>();
        for (Object v : values) {
            RexNode literal;
            try {
                literal = literal(rex, type, v);
            } catch (RuntimeException e) {
                return view; // a value Calcite cannot write as a literal (e.g. a zero date): read every shard
            }
            if (literal != null) { // null: a value the column cannot hold matches nothing
                literals.add(literal);
            }
        }
        if (literals.isEmpty()) {
            RexNode none = rex.makeLiteral(false);
            // one shard answers the empty question; a view pruned to no shard at all asks none
            return view.withPushed(LogicalFilter.create(view.pushed(), none),
                view.partitions().subList(0, Math.min(1, view.partitions().size())), view.collation());
        }
        RexNode onView = rex.makeIn(new RexInputRef(keys.viewKey(), type), literals);
        RexNode onTable = rex.makeIn(new RexInputRef(keys.tableColumn(), type), literals);
        Set<Integer> owning = PRUNER.prune(view.table(), onTable).stream().map(PartitionDef::position)
            .collect(Collectors.toSet());
        List<PartitionDef> shards = view.partitions().stream().filter(p -> owning.contains(p.position())).toList();
        if (shards.isEmpty()) {
            return restrict(view, keys, List.of());
        }
        return view.withPushed(LogicalFilter.create(view.pushed(), onView), shards, view.collation());
    }

    /**
     * The view asking for the rows whose lookup key is one of {@code values} among the rows of {@code primaryKeys}
     * (found for those values in the global index of {@code keys}): the keys restrict the table scan under the view
     * (the view need not return them) and prune its shards to theirs, the values restrict the view's output as
     * {@link #restrict} does. A value or key that cannot be written as a literal leaves the whole view (the join
     * still matches the keys).
     */
    static LogicalView restrictThroughIndex(LogicalView view, LookupKeys keys, List<Object> values,
                                            List<Object> primaryKeys) {
        RelDataType type = view.getRowType().getFieldList().get(keys.viewKey()).getType();
        RexBuilder rex = view.getCluster().getRexBuilder();
        TableScan scan = scanOf(view.pushed());
        if (scan == null) {
            return view;
        }
        RelDataType keyType = scan.getRowType().getFieldList().get(keys.tableColumn()).getType();
        List<RexNode> valueLiterals = new ArrayList<>();
        List<RexNode> keyLiterals = new ArrayList<>();
        try {
            for (Object v : values) {
                RexNode literal = literal(rex, type, v);
                if (literal != null) {
                    valueLiterals.add(literal);
                }
            }
            for (Object k : primaryKeys) {
                RexNode literal = literal(rex, keyType, k);
                if (literal != null) {
                    keyLiterals.add(literal);
                }
            }
        } catch (RuntimeException e) {
            return view;
        }
        if (valueLiterals.isEmpty() || keyLiterals.isEmpty()) {
            RexNode none = rex.makeLiteral(false);
            // one shard answers the empty question; a view pruned to no shard at all asks none
            return view.withPushed(LogicalFilter.create(view.pushed(), none),
                view.partitions().subList(0, Math.min(1, view.partitions().size())), view.collation());
        }
        RexNode onTable = rex.makeIn(new RexInputRef(keys.tableColumn(), keyType), keyLiterals);
        RelNode pushed = view.pushed().accept(new RelShuttleImpl() {
            @Override
            public RelNode visit(TableScan s) {
                return LogicalFilter.create(s, onTable);
            }
        });
        Set<Integer> owning = PRUNER.prune(view.table(), onTable).stream().map(PartitionDef::position)
            .collect(Collectors.toSet());
        List<PartitionDef> shards = view.partitions().stream().filter(p -> owning.contains(p.position())).toList();
        if (shards.isEmpty()) {
            return restrictThroughIndex(view, keys, values, List.of());
        }
        RexNode onView = rex.makeIn(new RexInputRef(keys.viewKey(), type), valueLiterals);
        return view.withPushed(LogicalFilter.create(pushed, onView), shards, view.collation());
    }

    /** The one table scan of a view's pushed query, or null. */
    private static TableScan scanOf(RelNode pushed) {
        if (pushed instanceof TableScan scan) {
            return scan;
        }
        TableScan found = null;
        for (RelNode input : pushed.getInputs()) {
            TableScan s = scanOf(input);
            if (s != null) {
                if (found != null) {
                    return null;
                }
                found = s;
            }
        }
        return found;
    }

    /** A literal of the key column's type; null for an integer out of the column's range. */
    private static RexNode literal(RexBuilder rex, RelDataType type, Object v) {
        return switch (type.getSqlTypeName()) {
            case DATE -> rex.makeDateLiteral(new DateString((String) v));
            case TIMESTAMP -> rex.makeTimestampLiteral(new TimestampString((String) v), type.getPrecision());
            case CHAR, VARCHAR -> {
                // VARCHAR, not the column's CHAR(n): Calcite would pad or cut a CHAR literal to n
                RelDataType varchar = rex.getTypeFactory().createTypeWithCharsetAndCollation(
                    rex.getTypeFactory().createSqlType(SqlTypeName.VARCHAR,
                        Math.max(((String) v).length(), type.getPrecision())), type.getCharset(), type.getCollation());
                yield rex.makeLiteral(v, varchar, false);
            }
            default -> {
                long n = ((Number) v).longValue();
                yield fits(type, n) ? rex.makeExactLiteral(BigDecimal.valueOf(n), type) : null;
            }
        };
    }

    /** Whether an integer column of this SQL type (signed or unsigned) can hold {@code v}. */
    private static boolean fits(RelDataType type, long v) {
        return switch (type.getSqlTypeName()) {
            case TINYINT -> v >= -128 && v <= 255;
            case SMALLINT -> v >= -32_768 && v <= 65_535;
            case INTEGER -> v >= Integer.MIN_VALUE && v <= 4_294_967_295L;
            default -> true;
        };
    }
}
