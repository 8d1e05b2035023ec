package com.polardbx.executor.plan;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.chunk.Collation;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.expression.Expression;
import com.polardbx.executor.expression.ExpressionCompiler;
import com.polardbx.executor.operator.AggregateCall;
import com.polardbx.executor.operator.AggregateKind;
import com.polardbx.executor.operator.AggregateMode;
import com.polardbx.executor.operator.ChunkRowCursor;
import com.polardbx.executor.operator.ChunkSource;
import com.polardbx.executor.operator.Driver;
import com.polardbx.executor.operator.FilterProjectOperator;
import com.polardbx.executor.operator.HashAggregationOperator;
import com.polardbx.executor.operator.ParallelHashAggregationOperator;
import com.polardbx.executor.operator.StreamingAggregationOperator;
import com.polardbx.optimizer.plan.AggregateAlgorithm;
import com.polardbx.executor.operator.HashJoinOperator;
import com.polardbx.executor.operator.JoinType;
import com.polardbx.executor.operator.ValuesOperator;
import com.polardbx.executor.expression.TypeMapping;
import com.polardbx.executor.operator.LimitOperator;
import com.polardbx.executor.operator.MergeSortedOperator;
import com.polardbx.executor.operator.Operator;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.operator.SetOperationOperator;
import com.polardbx.executor.operator.SortKey;
import com.polardbx.executor.operator.SortOperator;
import com.polardbx.executor.operator.TopNOperator;
import com.polardbx.executor.operator.UnionAllOperator;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.executor.scan.ShardScanOperator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import com.polardbx.optimizer.rel.LogicalView;
import com.polardbx.optimizer.rel.MergeAggregate;
import com.polardbx.optimizer.rel.ShardSql;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Turns an optimized plan (CN-side Calcite nodes over {@link LogicalView} leaves) into operator pipelines and runs
 * physical SQL on the data nodes.
 */
public final class PlanExecutor {
    /** Reads shards in parallel for scans outside a transaction; daemon threads, grown on demand. */
    private static final ExecutorService SHARD_READERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "shard-reader");
        t.setDaemon(true);
        return t;
    });

    private PlanExecutor() {
    }

    /** A built sub-plan: its chunk stream, executor types and protocol metadata. */
    record Pipeline(ChunkSource source, List<ColumnType> types, List<ColumnMeta> metas, boolean sorted) {
    }

    public static RowCursor run(RelNode root, List<String> labels, ConnectionProvider connections,
                                QueryContext context) {
        if (!connections.allowsParallel() && connections.allowsStreaming() && views(root) > 1) {
            connections = connections.withoutStreaming(); // two views may read one branch connection at once
        }
        Pipeline p = build(root, connections, context);
        List<ColumnMeta> metas = new ArrayList<>();
        for (int i = 0; i < p.metas().size(); i++) {
            ColumnMeta m = p.metas().get(i);
            metas.add(labels != null && i < labels.size() ? m.withName(labels.get(i)) : m);
        }
        return new ChunkRowCursor(metas, interruptible(p.source(), context));
    }

    /** How many {@link LogicalView}s (each read by its own scans) the plan has. */
    private static int views(RelNode node) {
        if (node instanceof LogicalView) {
            return 1;
        }
        int n = 0;
        for (RelNode input : node.getInputs()) {
            n += views(input);
        }
        return n;
    }

    /** Stops handing out rows once the query is cancelled (KILL QUERY), with error 1317. */
    private static ChunkSource interruptible(ChunkSource source, QueryContext context) {
        return new ChunkSource() {
            @Override
            public com.polardbx.executor.chunk.Chunk next() {
                context.checkInterrupted();
                return source.next();
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }

    /**
     * Runs physical queries and concatenates their rows. {@code renames} maps physical database/table names in the
     * result metadata back to logical ones.
     */
    public static RowCursor runShards(List<ShardQuery> queries, ConnectionProvider connections, QueryContext context,
                                      List<String> labels, Map<String, String> renames) {
        QueryContext ctx = context;
        if (ctx == null) {
            ctx = QueryContext.unlimited("internal-" + System.nanoTime());
            com.polardbx.common.metrics.DataNodeWork statement = com.polardbx.common.metrics.DataNodeWork.current();
            if (statement != null) {
                ctx.withDataNodeWork(statement); // its shard reads and their warnings are the statement's
            }
        }
        Pipeline p = scan(queries, connections, ctx);
        List<ColumnMeta> metas = new ArrayList<>();
        for (int i = 0; i < p.metas().size(); i++) {
            ColumnMeta m = p.metas().get(i);
            m = new ColumnMeta(renames.getOrDefault(m.schema(), m.schema()), renames.getOrDefault(m.table(), m.table()),
                renames.getOrDefault(m.orgTable(), m.orgTable()), m.name(), m.orgName(), m.charset(), m.length(),
                m.type(), m.flags(), m.decimals());
            metas.add(labels != null && i < labels.size() ? m.withName(labels.get(i)) : m);
        }
        return new ChunkRowCursor(metas, interruptible(p.source(), ctx));
    }

    /** Runs one physical write and returns the DN's affected-row count. */
    public static long update(ShardQuery query, ConnectionProvider connections) {
        return update(query, connections, w -> { });
    }

    /** Runs one physical write; the DN's warnings (e.g. duplicates skipped by INSERT IGNORE) go to {@code warnings}. */
    public static long update(ShardQuery query, ConnectionProvider connections,
                              java.util.function.Consumer<java.sql.SQLWarning> warnings) {
        return write(query, connections, warnings).affected();
    }

    /**
     * What a DN's OK packet said about one physical write: the affected (changed) rows, and its info text
     * ({@code Rows matched: 3  Changed: 2  Warnings: 0}, {@code Records: ...}; empty when the DN sent none) and its
     * insert id (for an ON DUPLICATE KEY UPDATE that updated a row: that row's AUTO_INCREMENT value).
     */
    public record WriteCount(long affected, String info, long insertId) {
        public WriteCount(long affected, String info) {
            this(affected, info, 0);
        }
    }

    /** Runs one physical write; like {@link #update} but also returns the OK packet's info text. */
    public static WriteCount write(ShardQuery query, ConnectionProvider connections,
                                   java.util.function.Consumer<java.sql.SQLWarning> warnings) {
        Connection c = connections.acquire(query.dnId());
        long started = System.nanoTime();
        try (Statement st = c.createStatement()) {
            long affected = st.executeLargeUpdate(query.sql());
            long elapsed = System.nanoTime() - started;
            com.polardbx.common.metrics.DataNodeWork work = com.polardbx.common.metrics.DataNodeWork.current();
            if (work != null) {
                work.shardFinished(0, elapsed);
            }
            com.polardbx.common.metrics.DataNodeLatencies.observe(query.dnId(), elapsed);
            for (java.sql.SQLWarning w = st.getWarnings(); w != null; w = w.getNextWarning()) {
                warnings.accept(w);
            }
            com.mysql.cj.jdbc.result.ResultSetInternalMethods ok = okPacket(st);
            String info = ok == null ? null : ok.getServerInfo();
            return new WriteCount(affected, info == null ? "" : info, ok == null ? 0 : ok.getUpdateID());
        } catch (SQLException e) {
            throw SqlError.fromDataNode(query.dnId(), e);
        } finally {
            connections.release(query.dnId(), c);
        }
    }

    /** The OK packet the last statement got (info text, insert id); only Connector/J exposes it. */
    private static com.mysql.cj.jdbc.result.ResultSetInternalMethods okPacket(Statement st) throws SQLException {
        if (!st.isWrapperFor(com.mysql.cj.jdbc.JdbcStatement.class)) {
            return null;
        }
        return st.unwrap(com.mysql.cj.jdbc.JdbcStatement.class).getResultSetInternal();
    }

    private static Pipeline scan(List<ShardQuery> queries, ConnectionProvider connections, QueryContext context) {
        ShardScanOperator scan = new ShardScanOperator(context, physical(queries), connections, SHARD_READERS);
        try {
            return new Pipeline(scan.asSource(), scan.types(), scan.columns(), false);
        } catch (RuntimeException e) {
            scan.close();
            throw e;
        }
    }

    /**
     * The unordered shard queries of each DN as one {@code UNION ALL}: one round trip per DN instead of one per
     * partition, which matters most inside transactions, where a DN's shards are read one after another.
     */
    static List<ShardQuery> unionPerDataNode(List<ShardQuery> queries) {
        Map<String, List<String>> byDn = new java.util.LinkedHashMap<>();
        for (ShardQuery q : queries) {
            byDn.computeIfAbsent(q.dnId(), k -> new ArrayList<>()).add(q.sql());
        }
        if (byDn.size() == queries.size()) {
            return queries;
        }
        List<ShardQuery> out = new ArrayList<>();
        byDn.forEach((dn, sqls) -> out.add(new ShardQuery(dn,
            sqls.size() == 1 ? sqls.get(0) : "(" + String.join(") UNION ALL (", sqls) + ")")));
        return out;
    }

    /**
     * The sorted shard queries of each DN as one {@code UNION ALL} that the DN sorts again by the view's order (by
     * output position, with MySQL's default NULL placement, as each shard query does), so a DN is one round trip and
     * one sorted stream for the merge. Only for a transaction's or snapshot's connections, which would otherwise read
     * each shard through its own server-side cursor, which the DN materializes anyway.
     */
    static List<ShardQuery> sortedUnionPerDataNode(List<ShardQuery> queries, RelCollation collation) {
        List<ShardQuery> unions = unionPerDataNode(queries);
        if (unions == queries) {
            return queries;
        }
        List<String> keys = new ArrayList<>();
        for (RelFieldCollation fc : collation.getFieldCollations()) {
            keys.add((fc.getFieldIndex() + 1) + (fc.getDirection().isDescending() ? " DESC" : " ASC"));
        }
        String order = " ORDER BY " + String.join(", ", keys);
        List<ShardQuery> out = new ArrayList<>();
        for (ShardQuery u : unions) {
            boolean single = queries.stream().filter(q -> q.dnId().equals(u.dnId())).count() == 1;
            out.add(single ? u : new ShardQuery(u.dnId(), u.sql() + order));
        }
        return out;
    }

    private static boolean oneQueryPerDataNode(List<ShardQuery> queries) {
        return queries.stream().map(ShardQuery::dnId).distinct().count() == queries.size();
    }

    private static List<com.polardbx.executor.scan.ShardQuery> physical(List<ShardQuery> queries) {
        List<com.polardbx.executor.scan.ShardQuery> out = new ArrayList<>();
        for (ShardQuery q : queries) {
            out.add(new com.polardbx.executor.scan.ShardQuery(q.dnId(), q.sql()));
        }
        return out;
    }

    static Pipeline build(RelNode node, ConnectionProvider connections, QueryContext context) {
        Pipeline p = buildOperator(node, connections, context);
        return context != null && context.operatorStats() != null ? counted(p, node, context) : p;
    }

    /** EXPLAIN ANALYZE: counts what a plan node's operator hands to its parent, and the time that takes. */
    private static Pipeline counted(Pipeline p, RelNode node, QueryContext context) {
        QueryContext.OperatorStats stats = context.operatorStats()
            .computeIfAbsent(node, k -> new QueryContext.OperatorStats());
        ChunkSource source = p.source();
        ChunkSource counting = new ChunkSource() {
            @Override
            public com.polardbx.executor.chunk.Chunk next() {
                long start = System.nanoTime();
                com.polardbx.executor.chunk.Chunk chunk = source.next();
                stats.nanos.addAndGet(System.nanoTime() - start);
                if (chunk != null) {
                    stats.rows.addAndGet(chunk.positionCount());
                    stats.chunks.incrementAndGet();
                }
                return chunk;
            }

            @Override
            public void close() {
                source.close();
            }
        };
        return new Pipeline(counting, p.types(), p.metas(), p.sorted());
    }

    private static Pipeline buildOperator(RelNode node, ConnectionProvider connections, QueryContext context) {
        if (node instanceof LogicalView view) {
            return view(view, connections, context);
        }
        if (node instanceof LogicalFilter filter) {
            Pipeline in = build(filter.getInput(), connections, context);
            ExpressionCompiler compiler = new ExpressionCompiler(filter.getCluster().getRexBuilder());
            Expression condition = compiler.compile(filter.getCondition(), in.types());
            List<Expression> identity = new ArrayList<>();
            for (int i = 0; i < in.types().size(); i++) {
                identity.add(compiler.compile(new RexInputRef(i, filter.getRowType().getFieldList().get(i).getType()),
                    in.types()));
            }
            FilterProjectOperator op = new FilterProjectOperator(in.types(), condition, identity);
            return new Pipeline(chain(context, in, op), op.outputTypes(), in.metas(), in.sorted());
        }
        if (node instanceof LogicalProject project) {
            Pipeline in = build(project.getInput(), connections, context);
            ExpressionCompiler compiler = new ExpressionCompiler(project.getCluster().getRexBuilder());
            List<Expression> exprs = new ArrayList<>();
            for (RexNode e : project.getProjects()) {
                exprs.add(compiler.compile(e, in.types()));
            }
            FilterProjectOperator op = new FilterProjectOperator(in.types(), null, exprs);
            List<ColumnMeta> metas = new ArrayList<>();
            for (int i = 0; i < exprs.size(); i++) {
                RexNode e = project.getProjects().get(i);
                String name = project.getRowType().getFieldNames().get(i);
                metas.add(e instanceof RexInputRef ref ? in.metas().get(ref.getIndex()).withName(name)
                    : computed(name, op.outputTypes().get(i)));
            }
            return new Pipeline(chain(context, in, op), op.outputTypes(), metas, in.sorted());
        }
        if (node instanceof MergeAggregate merge) {
            return mergeAggregate(merge, build(merge.getInput(), connections, context), context);
        }
        if (node instanceof LogicalAggregate agg) {
            return singleAggregate(agg, build(agg.getInput(), connections, context), context);
        }
        if (node instanceof LogicalSort sort) {
            return sort(sort, build(sort.getInput(), connections, context), context);
        }
        if (node instanceof LogicalJoin join) {
            return JoinPipelines.join(join, connections, context);
        }
        if (node instanceof LogicalValues values) {
            return values(values, context);
        }
        if (node instanceof LogicalUnion union) {
            return union(union, connections, context);
        }
        if (node instanceof org.apache.calcite.rel.logical.LogicalIntersect
            || node instanceof org.apache.calcite.rel.logical.LogicalMinus) {
            return setOperation((org.apache.calcite.rel.core.SetOp) node, connections, context);
        }
        if (node instanceof org.apache.calcite.rel.core.RepeatUnion union) {
            return RecursivePipelines.recursiveUnion(union, connections,
                context != null ? context : QueryContext.unlimited("internal-" + System.nanoTime()));
        }
        if (node instanceof org.apache.calcite.rel.core.TableScan scan && context != null
            && RecursivePipelines.isWorkingTableScan(scan)) {
            return RecursivePipelines.workingTableScan(scan, context);
        }
        if (node instanceof org.apache.calcite.rel.core.TableSpool spool) {
            return build(spool.getInput(), connections, context); // the recursive union keeps its own tables
        }
        if (node instanceof org.apache.calcite.rel.core.Window window) {
            return window(window, build(window.getInput(), connections, context), context);
        }
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "executing " + node.getRelTypeName() + " in the CN");
    }

    private static Pipeline view(LogicalView view, ConnectionProvider connections, QueryContext context) {
        if (view.partitions().isEmpty()) {
            return noShard(view, context);
        }
        List<ShardQuery> queries = ShardSql.queries(view, context == null ? List.of() : context.parameters());
        if (context != null && context.lockClause() != null) {
            queries = queries.stream().map(q -> new ShardQuery(q.dnId(), q.sql() + " " + context.lockClause()))
                .toList();
        }
        if (view.collation().getFieldCollations().isEmpty() || queries.size() == 1) {
            boolean locking = context != null && context.lockClause() != null;
            Pipeline p = scan(locking ? queries : unionPerDataNode(queries), connections, context);
            return new Pipeline(p.source(), p.types(), p.metas(), queries.size() == 1);
        }
        boolean locking = context != null && context.lockClause() != null;
        if (!connections.allowsParallel() && !locking) {
            // one connection per DN, read one shard after another: one sorted query per DN, merged here
            queries = sortedUnionPerDataNode(queries, view.collation());
        }
        ConnectionProvider perShard = oneQueryPerDataNode(queries) ? connections : connections.withoutStreaming();
        List<ChunkSource> sources = new ArrayList<>();
        List<ColumnType> types = null;
        List<ColumnMeta> metas = null;
        try {
            for (ShardQuery q : queries) {
                ShardScanOperator s = new ShardScanOperator(context, physical(List.of(q)), perShard, null);
                sources.add(s.asSource());
                types = s.types();
                metas = s.columns();
            }
        } catch (RuntimeException e) {
            sources.forEach(ChunkSource::close);
            throw e;
        }
        MergeSortedOperator merge = new MergeSortedOperator(sources, types, sortKeys(view.collation(), types));
        return new Pipeline(driver(context, merge), types, metas, true);
    }

    /** UNION ALL concatenates its inputs; UNION also removes duplicate rows (grouping by every column). */
    private static Pipeline union(LogicalUnion union, ConnectionProvider connections, QueryContext context) {
        List<ChunkSource> inputs = new ArrayList<>();
        List<Pipeline> built = new ArrayList<>();
        List<ColumnType> types = null;
        for (RelNode input : union.getInputs()) {
            Pipeline p = build(input, connections, context);
            built.add(p);
            types = types == null ? p.types() : strongerCollations(types, p.types());
            inputs.add(p.source());
        }
        List<String> names = union.getRowType().getFieldNames();
        List<ColumnMeta> metas = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            metas.add(widestFraction(built, i).withName(names.get(i)));
        }
        Pipeline all = new Pipeline(driver(context, new UnionAllOperator(inputs)), types, metas, false);
        if (union.all) {
            return all;
        }
        return aggregate(names, all, names.size(), List.of(), context, false);
    }

    /**
     * The first input's metadata of column {@code i}, with the most fractional digits of any input when they all are
     * DATETIME/TIMESTAMP or all TIME (MariaDB's UNION of DATETIME and DATETIME(6) is a DATETIME(6)).
     */
    private static ColumnMeta widestFraction(List<Pipeline> inputs, int i) {
        ColumnMeta first = inputs.get(0).metas().get(i);
        boolean datetime = first.type() == com.polardbx.common.type.MysqlType.DATETIME
            || first.type() == com.polardbx.common.type.MysqlType.TIMESTAMP;
        if (!datetime && first.type() != com.polardbx.common.type.MysqlType.TIME) {
            return first;
        }
        int decimals = first.decimals();
        long length = first.length();
        for (Pipeline p : inputs) {
            ColumnMeta m = p.metas().get(i);
            boolean same = datetime ? m.type() == com.polardbx.common.type.MysqlType.DATETIME
                || m.type() == com.polardbx.common.type.MysqlType.TIMESTAMP : m.type() == first.type();
            if (!same) {
                return first;
            }
            decimals = Math.max(decimals, m.decimals());
            length = Math.max(length, m.length());
        }
        return new ColumnMeta(first.schema(), first.table(), first.orgTable(), first.name(), first.orgName(),
            first.charset(), length, first.type(), first.flags(), decimals);
    }

    /**
     * INTERSECT / EXCEPT of several inputs, left to right: each further input is read into a count table that the
     * rows so far stream through ({@link SetOperationOperator}).
     */
    private static Pipeline setOperation(org.apache.calcite.rel.core.SetOp setOp, ConnectionProvider connections,
                                         QueryContext context) {
        SetOperationOperator.Kind kind = setOp.kind == SqlKind.INTERSECT ? SetOperationOperator.Kind.INTERSECT
            : SetOperationOperator.Kind.EXCEPT;
        Pipeline left = build(setOp.getInputs().get(0), connections, context);
        List<String> names = setOp.getRowType().getFieldNames();
        List<ColumnMeta> metas = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            metas.add(left.metas().get(i).withName(names.get(i)));
        }
        for (RelNode input : setOp.getInputs().subList(1, setOp.getInputs().size())) {
            Pipeline right;
            try {
                right = build(input, connections, context);
            } catch (RuntimeException e) {
                left.source().close();
                throw e;
            }
            SetOperationOperator op = new SetOperationOperator(context, kind, setOp.all,
                strongerCollations(left.types(), right.types()), right.source());
            left = new Pipeline(chain(context, left, op), op.outputTypes(), metas, false);
        }
        return left;
    }

    /**
     * The types of a set operation's rows: each string column compares under the strongest collation of its inputs
     * ({@link Collation#stronger}), so that an input the CN typed itself (an empty VALUES, general_ci) does not decide
     * how the strings of a utf8mb4_bin column are deduplicated.
     */
    private static List<ColumnType> strongerCollations(List<ColumnType> a, List<ColumnType> b) {
        List<ColumnType> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            ColumnType t = a.get(i);
            com.polardbx.executor.chunk.Collation c = i < b.size()
                ? com.polardbx.executor.chunk.Collation.stronger(t.collation(), b.get(i).collation()) : t.collation();
            boolean text = t.execType() == com.polardbx.executor.chunk.ExecType.STRING && t.collation() != c
                && t.collation() != com.polardbx.executor.chunk.Collation.BINARY;
            out.add(text ? new ColumnType(t.execType(), t.mysqlType(), c, t.scale(), t.unsigned()) : t);
        }
        return out;
    }

    /** Window functions: per group a sort and a window operator (see {@link WindowOperators}). */
    private static Pipeline window(org.apache.calcite.rel.core.Window window, Pipeline in, QueryContext context) {
        WindowOperators plan = WindowOperators.plan(window, in.types(), context);
        List<Operator> ops = new ArrayList<>();
        try {
            ops.addAll(plan.operators()); // checks every function before any operator reserves memory
        } catch (RuntimeException e) {
            in.source().close();
            throw e;
        }
        ops.add(0, new UnionAllOperator(List.of(in.source())));
        List<String> names = window.getRowType().getFieldNames();
        List<ColumnMeta> metas = new ArrayList<>(in.metas());
        for (int i = in.metas().size(); i < names.size(); i++) {
            metas.add(computed(names.get(i), plan.outputTypes().get(i)));
        }
        return new Pipeline(new Driver(context, ops), plan.outputTypes(), metas, false);
    }

    /** A view whose filter no partition can satisfy ({@code b > 6} over LIST partitions of 0..6): no rows. */
    private static Pipeline noShard(LogicalView view, QueryContext context) {
        List<ColumnType> types = new ArrayList<>();
        List<ColumnMeta> metas = new ArrayList<>();
        for (org.apache.calcite.rel.type.RelDataTypeField f : view.getRowType().getFieldList()) {
            ColumnType t = TypeMapping.of(f.getType());
            types.add(t);
            metas.add(computed(f.getName(), t));
        }
        return new Pipeline(driver(context, ValuesOperator.ofRows(types, List.of())), types, metas, true);
    }

    private static Pipeline values(LogicalValues values, QueryContext context) {
        List<ColumnType> types = new ArrayList<>();
        List<ColumnMeta> metas = new ArrayList<>();
        for (org.apache.calcite.rel.type.RelDataTypeField f : values.getRowType().getFieldList()) {
            ColumnType t = TypeMapping.of(f.getType());
            types.add(t);
            metas.add(computed(f.getName(), t));
        }
        List<Object[]> rows = new ArrayList<>();
        ExpressionCompiler compiler = new ExpressionCompiler(values.getCluster().getRexBuilder());
        com.polardbx.executor.chunk.Chunk empty = new com.polardbx.executor.chunk.Chunk(1);
        for (List<RexLiteral> tuple : values.getTuples()) {
            Object[] row = new Object[tuple.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = compiler.compile(tuple.get(i), List.of()).evaluate(empty, 0);
            }
            rows.add(row);
        }
        return new Pipeline(driver(context, ValuesOperator.ofRows(types, rows)), types, metas, false);
    }

    /** A LIMIT or OFFSET literal; one beyond BIGINT (LIMIT 18446744073709551615) is "all rows". */
    private static long limitValue(org.apache.calcite.rex.RexNode literal) {
        java.math.BigDecimal v = ((RexLiteral) literal).getValueAs(java.math.BigDecimal.class);
        return v.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) >= 0 ? Long.MAX_VALUE : v.longValue();
    }

    private static Pipeline sort(LogicalSort sort, Pipeline in, QueryContext context) {
        long offset = sort.offset == null ? 0 : limitValue(sort.offset);
        long fetch = sort.fetch == null ? Long.MAX_VALUE : limitValue(sort.fetch);
        List<Operator> ops = new ArrayList<>();
        // only a view's own (merged or single-shard) order is known to be the order asked for
        boolean needsSort = !sort.getCollation().getFieldCollations().isEmpty()
            && !(in.sorted() && sort.getInput() instanceof LogicalView);
        if (needsSort && sort.fetch != null && fetch < Integer.MAX_VALUE - offset) {
            ops.add(new TopNOperator(context, in.types(), sortKeys(sort.getCollation(), in.types()),
                (int) (offset + fetch)));
        } else if (needsSort) {
            ops.add(new SortOperator(context, in.types(), sortKeys(sort.getCollation(), in.types())));
        }
        if (offset > 0 || sort.fetch != null) {
            ops.add(new LimitOperator(in.types(), offset, fetch));
        }
        if (ops.isEmpty()) {
            return in;
        }
        List<Operator> all = new ArrayList<>();
        all.add(new UnionAllOperator(List.of(in.source())));
        all.addAll(ops);
        return new Pipeline(new Driver(context, all), in.types(), in.metas(), true);
    }

    private static Pipeline mergeAggregate(MergeAggregate merge, Pipeline in, QueryContext context) {
        int groups = merge.groupCount();
        List<AggregateCall> calls = new ArrayList<>();
        int channel = groups;
        for (org.apache.calcite.rel.core.AggregateCall call : merge.calls()) {
            SqlKind kind = call.getAggregation().getKind();
            if (kind == SqlKind.AVG) {
                calls.add(AggregateCall.finalAvg(channel, channel + 1, in.types().get(channel)));
            } else {
                AggregateKind k = kind == SqlKind.COUNT ? AggregateKind.COUNT : kind(kind);
                calls.add(AggregateCall.of(k, AggregateMode.FINAL, channel, in.types().get(channel)));
            }
            channel += MergeAggregate.partialWidth(call);
        }
        boolean streaming = AggregateAlgorithm.choose(merge.getInput(), AggregateAlgorithm.firstFields(groups))
            == AggregateAlgorithm.STREAMING;
        return aggregate(merge.getRowType().getFieldNames(), in, groups, calls, context, streaming);
    }

    private static Pipeline singleAggregate(LogicalAggregate agg, Pipeline in, QueryContext context) {
        if (agg.getGroupType() != org.apache.calcite.rel.core.Aggregate.Group.SIMPLE) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "grouping sets in the CN");
        }
        // Input columns are reordered so group keys come first, as the operator expects.
        int[] groupChannels = agg.getGroupSet().toArray();
        List<AggregateCall> calls = new ArrayList<>();
        // LITERAL_AGG (Calcite's marker that a group exists) is a constant: projected after the aggregation.
        List<RexNode> literals = new ArrayList<>();
        for (org.apache.calcite.rel.core.AggregateCall call : agg.getAggCallList()) {
            SqlKind kind = call.getAggregation().getKind();
            if (kind == SqlKind.LITERAL_AGG) {
                literals.add(call.rexList.get(0));
                continue;
            }
            literals.add(null);
            if (kind == SqlKind.COUNT && call.getArgList().isEmpty()) {
                calls.add(AggregateCall.countStar(AggregateMode.SINGLE));
                continue;
            }
            int arg = call.getArgList().get(0);
            AggregateKind k = kind == SqlKind.SINGLE_VALUE ? AggregateKind.SINGLE_VALUE : kind(kind);
            if (k == AggregateKind.GROUP_CONCAT) {
                calls.add(new AggregateCall(k, AggregateMode.SINGLE, call.getArgList(), in.types().get(arg),
                    call.isDistinct(), sortKeys(call.getCollation(), in.types())));
                continue;
            }
            if (k == AggregateKind.JSON_ARRAYAGG && !call.getCollation().getFieldCollations().isEmpty()) {
                // the CN's JSON_ARRAYAGG appends in arrival order: refused rather than ignoring the ORDER BY
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "JSON_ARRAYAGG with ORDER BY in the CN");
            }
                        if (k == AggregateKind.JSON_OBJECTAGG && call.getArgList().size() == 2) {
                // channels (key, value); the input type is the value's, which decides its JSON form
                int value = call.getArgList().get(1);
                calls.add(new AggregateCall(k, AggregateMode.SINGLE, call.getArgList(), in.types().get(value),
                    call.isDistinct()));
                continue;
            }
            if (call.getArgList().size() > 1 && k != AggregateKind.COUNT) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "aggregate " + kind + " of several arguments");
            }
            // COUNT(DISTINCT a, b) counts distinct combinations of all its arguments
            calls.add(new AggregateCall(k, AggregateMode.SINGLE, call.getArgList(), in.types().get(arg),
                call.isDistinct()));
        }
        boolean streaming = AggregateAlgorithm.choose(agg.getInput(), groupChannels) == AggregateAlgorithm.STREAMING;
        Operator op = aggregationOperator(streaming, context, in.types(), groupChannels, calls);
        List<ColumnType> outputTypes = aggregationTypes(op);
        List<ColumnMeta> metas = new ArrayList<>();
        List<String> names = agg.getRowType().getFieldNames();
        List<ColumnType> types = outputTypes;
        for (int i = 0; i < types.size(); i++) {
            metas.add(i < groupChannels.length ? in.metas().get(groupChannels[i]).withName(names.get(i))
                : computed(names.get(i), types.get(i)));
        }
        Pipeline aggregated = new Pipeline(chain(context, in, op), types, metas, false);
        return literals.stream().allMatch(java.util.Objects::isNull) ? aggregated
            : withLiterals(agg, aggregated, groupChannels.length, literals, context);
    }

    /** Inserts the constant columns of LITERAL_AGG calls between the computed aggregates. */
    private static Pipeline withLiterals(LogicalAggregate agg, Pipeline aggregated, int groups, List<RexNode> literals,
                                         QueryContext context) {
        ExpressionCompiler compiler = new ExpressionCompiler(agg.getCluster().getRexBuilder());
        List<Expression> exprs = new ArrayList<>();
        List<ColumnMeta> metas = new ArrayList<>();
        int channel = 0;
        for (int i = 0; i < groups + literals.size(); i++) {
            RexNode literal = i < groups ? null : literals.get(i - groups);
            if (literal == null) {
                exprs.add(compiler.compile(new RexInputRef(channel, agg.getRowType().getFieldList().get(i).getType()),
                    aggregated.types()));
                metas.add(aggregated.metas().get(channel++));
            } else {
                exprs.add(compiler.compile(literal, aggregated.types()));
                metas.add(null);
            }
        }
        FilterProjectOperator project = new FilterProjectOperator(aggregated.types(), null, exprs);
        for (int i = 0; i < metas.size(); i++) {
            if (metas.get(i) == null) {
                metas.set(i, computed(agg.getRowType().getFieldNames().get(i), project.outputTypes().get(i)));
            }
        }
        return new Pipeline(chain(context, aggregated, project), project.outputTypes(), metas, false);
    }

    private static Pipeline aggregate(List<String> names, Pipeline in, int groups, List<AggregateCall> calls,
                                      QueryContext context, boolean streaming) {
        int[] groupChannels = new int[groups];
        for (int i = 0; i < groups; i++) {
            groupChannels[i] = i;
        }
        Operator op = aggregationOperator(streaming, context, in.types(), groupChannels, calls);
        List<ColumnType> outputTypes = aggregationTypes(op);
        List<ColumnMeta> metas = new ArrayList<>();
        for (int i = 0; i < outputTypes.size(); i++) {
            metas.add(i < groups ? in.metas().get(i).withName(names.get(i)) : computed(names.get(i),
                outputTypes.get(i)));
        }
        return new Pipeline(chain(context, in, op), outputTypes, metas, false);
    }

    /** Streaming aggregation for input sorted on the group keys ({@link AggregateAlgorithm}), else hash. */
    private static Operator aggregationOperator(boolean streaming, QueryContext context, List<ColumnType> types,
                                                int[] groupChannels, List<AggregateCall> calls) {
        if (streaming && groupChannels.length > 0) {
            return new StreamingAggregationOperator(context, types, groupChannels, calls);
        }
        int degree = context == null ? 1 : context.parallelism();
        return degree > 1 && groupChannels.length > 0
            ? new ParallelHashAggregationOperator(context, types, groupChannels, calls, degree)
            : new HashAggregationOperator(context, types, groupChannels, calls);
    }

    private static List<ColumnType> aggregationTypes(Operator op) {
        if (op instanceof StreamingAggregationOperator s) {
            return s.outputTypes();
        }
        return op instanceof ParallelHashAggregationOperator p ? p.outputTypes()
            : ((HashAggregationOperator) op).outputTypes();
    }

    private static AggregateKind kind(SqlKind kind) {
        return switch (kind) {
            case COUNT -> AggregateKind.COUNT;
            case SUM, SUM0 -> AggregateKind.SUM;
            case MIN -> AggregateKind.MIN;
            case MAX -> AggregateKind.MAX;
            case AVG -> AggregateKind.AVG;
            case LISTAGG -> AggregateKind.GROUP_CONCAT;
            case BIT_AND -> AggregateKind.BIT_AND;
            case BIT_OR -> AggregateKind.BIT_OR;
            case BIT_XOR -> AggregateKind.BIT_XOR;
            case VAR_POP -> AggregateKind.VAR_POP;
            case VAR_SAMP -> AggregateKind.VAR_SAMP;
            case STDDEV_POP -> AggregateKind.STDDEV_POP;
            case STDDEV_SAMP -> AggregateKind.STDDEV_SAMP;
            case JSON_ARRAYAGG -> AggregateKind.JSON_ARRAYAGG;
            case JSON_OBJECTAGG -> AggregateKind.JSON_OBJECTAGG;
            default -> throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "aggregate " + kind + " in the CN");
        };
    }

    static List<SortKey> sortKeys(RelCollation collation, List<ColumnType> types) {
        List<SortKey> keys = new ArrayList<>();
        for (RelFieldCollation fc : collation.getFieldCollations()) {
            int ch = fc.getFieldIndex();
            boolean asc = !fc.getDirection().isDescending();
            keys.add(asc ? SortKey.asc(ch, types.get(ch).collation()) : SortKey.desc(ch, types.get(ch).collation()));
        }
        return keys;
    }

    /**
     * The metadata MariaDB gives an expression's column: no table or column names; numbers and temporal values in
     * the binary charset with the BINARY flag; character strings with decimals 39 (MariaDB's "not fixed").
     */
    private static ColumnMeta computed(String name, ColumnType type) {
        ColumnMeta base = ColumnMeta.computed(name, type.mysqlType());
        boolean text = base.charset() != ColumnMeta.CHARSET_BINARY && type.collation() != Collation.BINARY;
        int flags = (type.unsigned() ? ColumnMeta.UNSIGNED_FLAG : 0) | (text ? 0 : ColumnMeta.BINARY_FLAG);
        int decimals = text ? NOT_FIXED_DECIMALS : type.scale();
        long length = type.mysqlType().isTemporal() && type.scale() > 0 ? base.length() + 1 + type.scale()
            : base.length();
        return new ColumnMeta("", "", "", name, "", text ? type.collation().id() : ColumnMeta.CHARSET_BINARY, length,
            type.mysqlType(), flags, decimals);
    }

    private static final int NOT_FIXED_DECIMALS = 39;

    static ChunkSource chain(QueryContext context, Pipeline in, Operator op) {
        return new Driver(context, List.of(new UnionAllOperator(List.of(in.source())), op));
    }

    private static ChunkSource driver(QueryContext context, Operator source) {
        return new Driver(context, List.of(source));
    }
}
