package com.polardbx.optimizer.rel;

import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.dialect.MysqlSqlDialect;

/** Generates the physical SQL of a {@link LogicalView}: one statement per partition. */
public final class ShardSql {
    private static final SqlDialect DIALECT = MySqlShardDialect.INSTANCE;

    private ShardSql() {
    }

    /** The SQL with the logical {@code `db`.`table`} name, as EXPLAIN shows it. */
    public static String template(LogicalView view) {
        return render(view).getSql().replace('\n', ' ');
    }

    /** The view's SQL with {@code ?} for dynamic parameters (their order in {@code getDynamicParameters()}). */
    private static org.apache.calcite.sql.util.SqlString render(LogicalView view) {
        RelToSqlConverter converter = new ShardSqlConverter(DIALECT);
        RelNode pushed = SilentCasts.unprinted(distinctJoinColumns(mysqlNullOrder(view.pushed())),
            view.getCluster().getRexBuilder());
        return converter.visitRoot(pushed).asStatement().toSqlString(DIALECT);
    }

    /**
     * A join whose inputs share a column name, used as an input of another join or under a filter, gets a projection
     * with names of its own: Calcite prints it as a derived table {@code (SELECT * FROM a JOIN b ...)}, which MySQL refuses with 1060
     * (duplicate column name) and whose renamed columns ({@code a0}) the outer query could not name.
     */
    private static RelNode distinctJoinColumns(RelNode node) {
        return node.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (visited instanceof org.apache.calcite.rel.core.Filter filter) {
                    // a filter over the join (a lookup's key IN (...)) is printed as SELECT * FROM (join) WHERE ..
                    RelNode input = filter.getInput();
                    org.apache.calcite.rel.core.Project project =
                        input instanceof org.apache.calcite.rel.core.Project p ? p : null;
                    RelNode core = project != null ? project.getInput() : input;
                    if (core instanceof org.apache.calcite.rel.core.Join inner && sharesNames(inner)) {
                        return filter.copy(filter.getTraitSet(), project != null
                            ? renamed(inner, project.getProjects()) : renamed(inner, null), filter.getCondition());
                    }
                }
                if (!(visited instanceof org.apache.calcite.rel.core.Join join)) {
                    return visited;
                }
                List<RelNode> inputs = new ArrayList<>();
                boolean changed = false;
                for (RelNode input : join.getInputs()) {
                    RelNode core = input instanceof org.apache.calcite.rel.core.Project p ? p.getInput() : input;
                    while (core instanceof org.apache.calcite.rel.core.Filter f) {
                        core = f.getInput();
                    }
                    RelNode renamed = !(core instanceof org.apache.calcite.rel.core.Join inner && sharesNames(inner))
                        ? input : input instanceof org.apache.calcite.rel.core.Project project
                        ? renamed(project.getInput(), project.getProjects()) : renamed(input, null);
                    changed |= renamed != input;
                    inputs.add(renamed);
                }
                return changed ? join.copy(join.getTraitSet(), inputs) : join;
            }
        });
    }

    private static boolean sharesNames(org.apache.calcite.rel.core.Join join) {
        java.util.Set<String> left = new java.util.HashSet<>();
        for (String name : join.getLeft().getRowType().getFieldNames()) {
            left.add(name.toLowerCase(java.util.Locale.ROOT));
        }
        return join.getRight().getRowType().getFieldNames().stream()
            .anyMatch(n -> left.contains(n.toLowerCase(java.util.Locale.ROOT)));
    }

    /** {@code input} under a projection of {@code exprs} (null: all its columns) named apart from its columns. */
    private static RelNode renamed(RelNode input, List<org.apache.calcite.rex.RexNode> exprs) {
        List<org.apache.calcite.rex.RexNode> refs = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<org.apache.calcite.rel.type.RelDataTypeField> fields = input.getRowType().getFieldList();
        for (int i = 0; i < (exprs == null ? fields.size() : exprs.size()); i++) {
            refs.add(exprs == null ? org.apache.calcite.rex.RexInputRef.of(i, input.getRowType()) : exprs.get(i));
            names.add("j" + i);
        }
        return org.apache.calcite.rel.logical.LogicalProject.create(input, List.of(), refs, names,
            java.util.Set.of());
    }

    /**
     * Drops explicit NULL directions from sorts: MySQL has no NULLS FIRST/LAST, and its natural order (NULLs first
     * ascending, last descending) is the order the CN merges shard streams in.
     */
    private static RelNode mysqlNullOrder(RelNode node) {
        return node.accept(new RelHomogeneousShuttle() {
            @Override
            public RelNode visit(RelNode other) {
                RelNode visited = super.visit(other);
                if (!(visited instanceof Sort sort)) {
                    return visited;
                }
                List<RelFieldCollation> plain = new ArrayList<>();
                for (RelFieldCollation fc : sort.getCollation().getFieldCollations()) {
                    plain.add(fc.withNullDirection(RelFieldCollation.NullDirection.UNSPECIFIED));
                }
                org.apache.calcite.rel.RelCollation collation = RelCollations.of(plain);
                return sort.copy(sort.getTraitSet().replace(collation), sort.getInput(), collation, sort.offset,
                    sort.fetch);
            }
        });
    }

    /**
     * One query per selected partition; every table's logical name becomes its co-located physical table, aliased
     * with the logical name unless the SQL aliases it already (columns are qualified by table name in joins).
     */
    public static List<ShardQuery> queries(LogicalView view) {
        return queries(view, List.of());
    }

    /**
     * One query per selected partition, with the view's dynamic parameters ({@code ?}) replaced by
     * {@code parameters} (SQL literal text, by parameter index).
     */
    public static List<ShardQuery> queries(LogicalView view, List<String> parameters) {
        Rendered rendered = view.rendering.get(view);
        String sql = rendered.parameterOrder().isEmpty() ? rendered.sql()
            : bind(rendered.sql(), rendered.parameterOrder(), parameters);
        List<ShardQuery> out = new ArrayList<>();
        for (PartitionDef p : view.partitions()) {
            String shardSql = sql;
            for (int i = 0; i < view.tables().size(); i++) {
                TableMeta t = view.tables().get(i);
                PartitionDef physical = view.physicalPartition(t, p);
                String target = "`" + physical.physicalDb() + "`.`" + physical.physicalTable() + "`";
                shardSql = rendered.unaliased().get(i).matcher(shardSql)
                    .replaceAll(Matcher.quoteReplacement(target + " AS `" + t.name() + "`"))
                    .replace(logicalName(t), target);
            }
            out.add(new ShardQuery(p.dnId(), shardSql));
        }
        return out;
    }

    private static String logicalName(TableMeta t) {
        return "`" + t.schema() + "`.`" + t.name() + "`";
    }

    /**
     * A view's SQL with {@code ?} markers ({@link #render}), the parameter index of each marker, and per table of the
     * view a pattern finding its logical name where it has no alias yet.
     */
    record Rendered(String sql, List<Integer> parameterOrder, List<Pattern> unaliased) {
    }

    /**
     * Where a view keeps its {@link Rendered} SQL: rendering (Calcite's RelToSqlConverter) costs more than the rest of
     * a point query's planning, and a cached plan's pushed tree is the same at every execution. Thread-safe (two
     * threads may render the same text at once; either result is kept).
     */
    static final class Rendering {
        private volatile Rendered rendered;

        Rendered get(LogicalView view) {
            Rendered r = rendered;
            if (r == null) {
                org.apache.calcite.sql.util.SqlString text = render(view);
                List<Pattern> unaliased = new ArrayList<>();
                for (TableMeta t : view.tables()) {
                    unaliased.add(Pattern.compile(Pattern.quote(logicalName(t)) + "(?!\\s+AS\\s)"));
                }
                r = new Rendered(text.getSql().replace('\n', ' '), text.getDynamicParameters() == null ? List.of()
                    : List.copyOf(text.getDynamicParameters()), List.copyOf(unaliased));
                rendered = r;
            }
            return r;
        }
    }

    /** Replaces the {@code ?} markers outside quotes, in order, by the parameters the indexes name. */
    private static String bind(String sql, List<Integer> order, List<String> parameters) {
        StringBuilder out = new StringBuilder(sql.length() + 16 * order.size());
        int next = 0;
        int i = 0;
        while (i < sql.length()) {
            int skipped = com.polardbx.common.sql.SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                out.append(sql, i, skipped);
                i = skipped;
            } else if (sql.charAt(i) == '?' && next < order.size()) {
                int index = order.get(next++);
                if (index >= parameters.size()) {
                    throw new IllegalStateException("no value for parameter " + index);
                }
                out.append(parameters.get(index));
                i++;
            } else {
                out.append(sql.charAt(i++));
            }
        }
        return out.toString();
    }

    /** A statement to run on one DN. */
    public record ShardQuery(String dnId, String sql) {
        /** Raw bytes in quoted literals travel as hexadecimal: the JDBC driver would replace them. */
        public ShardQuery {
            sql = com.polardbx.common.sql.RawByteLiterals.toHex(sql);
        }
    }
}
