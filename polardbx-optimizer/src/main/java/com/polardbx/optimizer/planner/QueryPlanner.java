package com.polardbx.optimizer.planner;

import java.util.function.Predicate;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.rules.ProjectJoinTransposeRule;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexOver;
import org.apache.calcite.rex.RexVisitorImpl;
import org.apache.calcite.sql.type.SqlTypeUtil;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.optimizer.catalog.CatalogSchemas;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.catalog.TableStatistics;
import com.polardbx.optimizer.route.PartitionPruner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.calcite.config.Lex;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.core.RelFactories;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.RelFieldTrimmer;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelConversionException;
import org.apache.calcite.tools.ValidationException;

/**
 * Plans a query: Calcite parse and validate against the GMS catalog, rewrite rules, then pushdown into DN views.
 * Thread-safe (each call builds its own Calcite planner).
 */
public final class QueryPlanner {
    /** Turns subqueries into correlates so the decorrelator can make joins and aggregates of them. */
    private static final HepProgram SUBQUERIES = new HepProgramBuilder()
        .addRuleCollection(List.of(
            CoreRules.FILTER_SUB_QUERY_TO_CORRELATE,
            CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE,
            CoreRules.JOIN_SUB_QUERY_TO_CORRELATE))
        .build();

    private static final HepProgram REWRITE = new HepProgramBuilder()
        // filters first: a condition that folds to a comparison with NULL (a <= NULLIF(1, 1)) becomes no rows before
        // a projection above it asks for its predicates, which Calcite asserts have no comparison with NULL
        .addRuleInstance(CoreRules.FILTER_REDUCE_EXPRESSIONS)
        .addRuleCollection(List.of(
            CoreRules.FILTER_REDUCE_EXPRESSIONS,
            CoreRules.PROJECT_REDUCE_EXPRESSIONS,
            CoreRules.FILTER_PROJECT_TRANSPOSE,
            CoreRules.FILTER_MERGE,
            CoreRules.FILTER_INTO_JOIN,
            CoreRules.JOIN_CONDITION_PUSH,
            CoreRules.PROJECT_MERGE,
            CoreRules.PROJECT_REMOVE,
            CoreRules.AGGREGATE_PROJECT_MERGE))
        .build();

    private static final java.util.regex.Pattern NOT_GROUPED =
        java.util.regex.Pattern.compile("Expression '([^']*)' is not being grouped");
    private final Supplier<SchemaPlus> catalog;
    /** Projections of one join input that the CN can't evaluate go below the join, into SQL for the DNs. */
    private volatile HepProgram projectsTheCnCannotEvaluate;
    private final Pushdown pushdown;
    private final PartitionPruner pruner;
    /** The metadata version plans depend on; null: no plan cache. */
    private final java.util.function.LongSupplier metaVersion;
    private final PlanCache cache = new PlanCache(2_000);
    /** {@link #columnSources}' answers by schema, text and metadata version; the least recently used go first. */
    private final Map<List<Object>, List<ColumnSources.Source>> metadataOnly = java.util.Collections.synchronizedMap(
        new java.util.LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<List<Object>, List<ColumnSources.Source>> eldest) {
                return size() > 1_000;
            }
        });
    private static final int MAX_CACHED_PARAMETERS = 1_000;

    public QueryPlanner(MetaStore meta, PartitionPruner pruner) {
        this(meta, pruner, TableStatistics.NONE);
    }

    /** A planner over the GMS catalog with row counts from {@code statistics} for join ordering. */
    public QueryPlanner(MetaStore meta, PartitionPruner pruner, TableStatistics statistics) {
        this(() -> CatalogSchemas.rootSchema(meta, statistics), pruner, meta::version);
    }

    /** A planner over any catalog: one Calcite sub-schema per logical database holding {@code CatalogTable}s. */
    public QueryPlanner(Supplier<SchemaPlus> catalog, PartitionPruner pruner) {
        this(catalog, pruner, null);
    }

    QueryPlanner(Supplier<SchemaPlus> catalog, PartitionPruner pruner,
                         java.util.function.LongSupplier metaVersion) {
        this.catalog = catalog;
        this.pushdown = new Pushdown(pruner);
        this.pruner = pruner;
        this.metaVersion = metaVersion;
    }

    /**
     * Like {@link #plan}, through the plan cache: queries that differ only in predicate constants reuse one plan,
     * whose {@link QueryPlan#parameters()} are this query's constants, to be bound into the shard SQL. Falls back to
     * planning the text as it is whenever the parameterized form can't be planned or cached.
     */
    public QueryPlan planCached(String currentSchema, String sql) {
        return planCached(currentSchema, sql, false, NEVER_CANCELLED);
    }

    /**
     * Like {@link #planCached(String, String)} under a session whose sql_mode has or lacks ONLY_FULL_GROUP_BY, giving
     * up with 1317 between phases once {@code cancelled} is true.
     */
    public QueryPlan planCached(String currentSchema, String sql, boolean onlyFullGroupBy,
                                java.util.function.BooleanSupplier cancelled) {
        if (metaVersion == null) {
            return plan(currentSchema, sql, onlyFullGroupBy, cancelled);
        }
        SqlParameterizer.Parameterized p = SqlParameterizer.parameterize(sql);
        if (p.literals().isEmpty() || p.literals().size() > MAX_CACHED_PARAMETERS) {
            // a plan for thousands of markers (a long IN list) is slow to make and will hardly be reused
            return plan(currentSchema, sql, onlyFullGroupBy, cancelled);
        }
        PlanCache.Key key = new PlanCache.Key(currentSchema, p.template(), metaVersion.getAsLong(), onlyFullGroupBy);
        java.util.Optional<QueryPlan> cached = cache.get(key);
        if (cached != null && cached.isPresent()) {
            cache.recordHit();
        } else {
            cache.recordMiss();
        }
        if (cached == null) {
            QueryPlan generic = null;
            try {
                generic = plan(currentSchema, p.template(), onlyFullGroupBy, cancelled);
                if (generic.columnLabels().stream().anyMatch(l -> l.contains("?"))) {
                    generic = null; // a label shows a constant: it must come from the query's own text
                }
            } catch (SqlError e) {
                if (e.errno() == ErrorCode.ER_QUERY_INTERRUPTED.errno()) {
                    throw e;
                }
            } catch (RuntimeException e) {
                // not plannable with parameters (e.g. a constant in the select list): plan the text itself
            }
            cache.put(key, generic);
            cached = cache.get(key);
        }
        if (cached.isEmpty()) {
            return plan(currentSchema, sql, onlyFullGroupBy, cancelled);
        }
        return new QueryPlan(PlanBinder.bind(cached.get().root(), p.literals(), pruner), cached.get().columnLabels(),
            p.literals(), cached.get().columnSources());
    }

    /**
     * The column sources (with MariaDB's widths) of a SELECT the CN does not plan to run (it goes to one shard as
     * written), planned for its metadata alone and remembered by its exact text; null when it cannot be planned.
     */
    public List<ColumnSources.Source> columnSources(String currentSchema, String sql) {
        List<Object> key = List.of(currentSchema == null ? "" : currentSchema, sql,
            metaVersion == null ? 0L : metaVersion.getAsLong());
        List<ColumnSources.Source> cached = metadataOnly.get(key);
        if (cached == null) {
            try {
                cached = plan(currentSchema, sql, false, NEVER_CANCELLED).columnSources();
            } catch (RuntimeException e) {
                cached = null; // the DN runs what the optimizer cannot plan
            }
            cached = cached == null ? List.of() : cached;
            metadataOnly.put(key, cached);
        }
        return cached.isEmpty() ? null : cached;
    }

    /**
     * Tells the planner which expressions the CN executor can evaluate; one it can't that reads a single input of
     * an INNER join is computed below the join, so it ends up in the SQL of that input's view.
     */
    public QueryPlanner withCnEvaluable(Predicate<RexNode> cnEvaluable) {
        projectsTheCnCannotEvaluate = projectsBelowJoins(cnEvaluable.negate());
        return this;
    }

    private static HepProgram projectsBelowJoins(Predicate<RexNode> push) {
        Predicate<RexNode> pushable =
            e -> !(e instanceof RexOver) && e instanceof RexCall
                && !hasInterval(e) && push.test(e);
        return new HepProgramBuilder().addRuleInstance(org.apache.calcite.rel.rules.ProjectJoinTransposeRule.Config
            .DEFAULT.withPreserveExprCondition(pushable::test)
            .withOperandSupplier(b0 -> b0.operand(org.apache.calcite.rel.logical.LogicalProject.class)
                .predicate(p -> p.getProjects().stream().anyMatch(pushable)).oneInput(b1 -> b1.operand(org.apache.calcite.rel.logical.LogicalJoin.class)
                    .predicate(j -> j.getJoinType() == org.apache.calcite.rel.core.JoinRelType.INNER).anyInputs()))
            .as(org.apache.calcite.rel.rules.ProjectJoinTransposeRule.Config.class).toRule()).build();
    }

    /** Date arithmetic with intervals is not sent as is: Calcite's MySQL text of it does not read back right. */
    private static boolean hasInterval(RexNode e) {
        boolean[] found = {false};
        e.accept(new RexVisitorImpl<Void>(true) {
            @Override
            public Void visitCall(RexCall call) {
                found[0] |= call.getOperands().stream().anyMatch(o -> SqlTypeUtil
                    .isInterval(o.getType()));
                return super.visitCall(call);
            }
        });
        return found[0];
    }

    /** Number of entries in the plan cache, for tests and SHOW statements. */
    public long cachedPlans() {
        return cache.size();
    }

    /** Parameterized executions that reused a cached plan. */
    public long planCacheHits() {
        return cache.hits();
    }

    /** Parameterized executions that were planned from scratch (first sight of the template, or not cacheable). */
    public long planCacheMisses() {
        return cache.misses();
    }

    /** Column labels MySQL would give the select list of {@code sql}, or null when Calcite can't parse it. */
    public static List<String> labels(String sql) {
        try {
            CalciteText.Rewritten text = CalciteText.rewrite(RollupText.rewrite(sql));
            SqlParser parser = SqlParser.create(text.text(), SqlParser.config().withLex(Lex.MYSQL)
                .withConformance(SqlConformanceEnum.MYSQL_5));
            return labels(text, parser.parseQuery());
        } catch (SqlParseException | RuntimeException e) {
            return null;
        }
    }

    /**
     * A planned query: the CN-side plan (with views at the leaves), the client-visible column names, and the values
     * of the plan's dynamic parameters in index order (SQL literal text, bound into shard SQL).
     */
    /**
     * A plan to run.
     *
     * @param columnSources the table column each output column copies, or null entries (and null: unknown)
     */
    public record QueryPlan(RelNode root, List<String> columnLabels, List<String> parameters,
                            List<ColumnSources.Source> columnSources) {
        public QueryPlan(RelNode root, List<String> columnLabels, List<ColumnSources.Source> columnSources) {
            this(root, columnLabels, List.of(), columnSources);
        }
    }

    private static final java.util.function.BooleanSupplier NEVER_CANCELLED = () -> false;

    /** Plans under MariaDB's default sql_mode (no ONLY_FULL_GROUP_BY). */
    public QueryPlan plan(String currentSchema, String mysqlText) {
        return plan(currentSchema, mysqlText, false, NEVER_CANCELLED);
    }

    /** Plans with or without ONLY_FULL_GROUP_BY. */
    public QueryPlan plan(String currentSchema, String mysqlText, boolean onlyFullGroupBy) {
        return plan(currentSchema, mysqlText, onlyFullGroupBy, NEVER_CANCELLED);
    }

    /**
     * Plans a query, checking {@code cancelled} between the planning phases; without {@code onlyFullGroupBy} a
     * select list or ORDER BY may name columns an aggregating query neither groups nor aggregates (MySQL answers
     * with any value of the group, see {@link UngroupedColumns}).
     */
    public QueryPlan plan(String currentSchema, String mysqlText, boolean onlyFullGroupBy,
                          java.util.function.BooleanSupplier cancelled) {
        if (onlyFullGroupBy) {
            return plan(currentSchema, mysqlText, Ungrouped.REFUSED, cancelled);
        }
        try {
            return plan(currentSchema, mysqlText, Ungrouped.RETRY, cancelled);
        } catch (UngroupedColumnError e) {
            return plan(currentSchema, mysqlText, Ungrouped.WRAPPED, cancelled);
        }
    }

    /** What becomes of a column an aggregating query neither groups nor aggregates. */
    private enum Ungrouped {
        /** ONLY_FULL_GROUP_BY: MySQL's 1055. */
        REFUSED,
        /** Validated as written first; on failure planned again with {@link #WRAPPED}. */
        RETRY,
        /** Any value of the group ({@link UngroupedColumns}); a column still refused is 1235. */
        WRAPPED
    }

    /** Thrown by the first validation when an ungrouped column may be MySQL's "any value of the group". */
    private static final class UngroupedColumnError extends RuntimeException {
        UngroupedColumnError() {
            super(null, null, false, false);
        }
    }

    /** 1317 when the statement was killed (KILL QUERY, KILL, the client went away) while it was being planned. */
    private static void stopIf(java.util.function.BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
        }
    }

    /**
     * A rewrite planner that checks {@code cancelled} before each rule it tries: a rewrite of a very large condition
     * tries many, and a killed statement must not plan on until the end.
     */
    private static HepPlanner hep(HepProgram program, java.util.function.BooleanSupplier cancelled) {
        HepPlanner planner = new HepPlanner(program);
        planner.addListener(new org.apache.calcite.plan.RelOptListener() {
            @Override
            public void relEquivalenceFound(RelEquivalenceEvent event) {
            }

            @Override
            public void ruleAttempted(RuleAttemptedEvent event) {
                if (event.isBefore()) {
                    stopIf(cancelled);
                }
            }

            @Override
            public void ruleProductionSucceeded(RuleProductionEvent event) {
            }

            @Override
            public void relDiscarded(RelDiscardedEvent event) {
            }

            @Override
            public void relChosen(RelChosenEvent event) {
            }
        });
        return planner;
    }

    private QueryPlan plan(String currentSchema, String mysqlText, Ungrouped ungrouped,
                           java.util.function.BooleanSupplier cancelled) {
        stopIf(cancelled);
        CalciteText.Rewritten text = CalciteText.rewrite(RollupText.rewrite(LongOrChainText.rewrite(mysqlText)));
        String sql = text.text();
        SchemaPlus root = catalog.get();
        SchemaPlus defaultSchema = currentSchema == null ? root : root.getSubSchema(currentSchema);
        FrameworkConfig config = Frameworks.newConfigBuilder()
            .parserConfig(SqlParser.config().withLex(Lex.MYSQL).withConformance(SqlConformanceEnum.MYSQL_5)
                .withCaseSensitive(false))
            .defaultSchema(defaultSchema == null ? root : defaultSchema)
            .typeSystem(MySqlTypeSystem.INSTANCE)
            .sqlValidatorConfig(SqlValidator.Config.DEFAULT
                .withDefaultNullCollation(NullCollation.LOW) // MySQL: NULLs sort first ascending, last descending
                .withConformance(SqlConformanceEnum.MYSQL_5)
                .withTypeCoercionFactory(MySqlTypeCoercion::new))
            .convertletTable(QueryPlanner::convertlet)
            // an IN list stays a predicate (a SEARCH the DNs get back as IN): Calcite's default turns lists over 20
            // values into a join with a VALUES table, which reads the whole table and takes seconds to plan
            .sqlToRelConverterConfig(org.apache.calcite.sql2rel.SqlToRelConverter.config()
                .withInSubQueryThreshold(Integer.MAX_VALUE))
            .operatorTable(new MySqlOperatorTable(SqlOperatorTables.chain(SqlStdOperatorTable.instance(),
                SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.MYSQL,
                    SqlLibrary.BIG_QUERY))))
            .build();
        Planner planner = Frameworks.getPlanner(config);
        try {
            SqlNode parsed = IfAsCase.rewrite(LongOrChains.rewrite(planner.parse(sql)));
            stopIf(cancelled);
            List<String> labels = labels(text, parsed);
            StarLabels stars = labels == null ? StarLabels.before(text, parsed) : null;
            MySqlTruth.wrapConditions(parsed);
            if (ungrouped == Ungrouped.WRAPPED) {
                UngroupedColumns.wrap(parsed);
            }
            parsed = ConstantCasts.rewrite(LongInLists.rewrite(MixedInLists.rewrite(parsed)));
            RecursiveWithRules.check(parsed);
            // on the statement as written: validation adds casts to the common type of IN lists and comparisons
            MixedCollations.check(parsed, tableLookup(root, defaultSchema == null ? root : defaultSchema),
                CONNECTION_COLLATION);
            SqlNode validated = SeedTypedUnion.restore(planner.validate(SeedTypedUnion.apply(parsed)));
            stopIf(cancelled);
            if (stars != null) {
                labels = stars.after(validated);
            }
            RelRoot relRoot = planner.rel(validated);
            stopIf(cancelled);
            RelNode rel = ExistsToSemiJoin.rewrite(MySqlWindowOrder.apply(relRoot.project()));
            HepPlanner subqueries = hep(SUBQUERIES, cancelled);
            subqueries.setRoot(rel);
            rel = subqueries.findBestExp();
            rel = RelDecorrelator.decorrelateQuery(rel, RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null));
            // only the columns a query uses travel from the DNs
            rel = new RelFieldTrimmer(null, RelFactories.LOGICAL_BUILDER.create(rel.getCluster(), null)).trim(rel);
            HepPlanner hep = hep(REWRITE, cancelled);
            hep.setRoot(rel);
            RelNode rewritten = hep.findBestExp();
            stopIf(cancelled);
            if (projectsTheCnCannotEvaluate != null) {
                HepPlanner belowJoins = hep(projectsTheCnCannotEvaluate, cancelled);
                belowJoins.setRoot(rewritten);
                rewritten = belowJoins.findBestExp();
            }
            List<ColumnSources.Source> sources = TableAliases.apply(ColumnSources.of(rewritten), validated);
            RelNode physical = pushdown.apply(GroupingSets.expand(rewritten));
            List<String> names = new ArrayList<>(physical.getRowType().getFieldNames());
            if (labels != null && labels.size() == names.size()) {
                names = labels;
            }
            return new QueryPlan(physical, names,
                sources.size() == physical.getRowType().getFieldCount() ? sources : null);
        } catch (SqlParseException e) {
            throw new SqlError(e, ErrorCode.ER_NOT_SUPPORTED_YET, "this query across shards: " + firstLine(e));
        } catch (ValidationException e) {
            java.util.regex.Matcher notGrouped = NOT_GROUPED.matcher(String.valueOf(e.getMessage()));
            if (notGrouped.find() && ungrouped == Ungrouped.RETRY) {
                throw new UngroupedColumnError();
            }
            if (notGrouped.find(0) && ungrouped == Ungrouped.REFUSED) {
                throw new SqlError(e, ErrorCode.ER_WRONG_FIELD_WITH_GROUP, notGrouped.group(1));
            }
            if (notGrouped.find(0) && ungrouped == Ungrouped.WRAPPED && inHaving(mysqlText, notGrouped.group(1))) {
                // a column neither grouped nor selected, named in HAVING: MariaDB does not know it there
                throw new SqlError(e, ErrorCode.ER_BAD_FIELD, notGrouped.group(1), "HAVING");
            }
            throw ValidationErrors.toMySql(e, sql, currentSchema, config.getOperatorTable());
        } catch (RelConversionException e) {
            throw new SqlError(e, ErrorCode.ER_INTERNAL, firstLine(e));
        } finally {
            planner.close();
        }
    }

    /**
     * The collation of literals and {@code CAST(.. AS CHAR)} for the collation rules: the server's default for
     * utf8mb4, which the CN's clients get unless they SET NAMES otherwise (the planner does not see a session's).
     */
    private static final String CONNECTION_COLLATION = "utf8mb4_general_ci";

    /** A catalog table by its name as written in FROM ({@code t} in the current schema, {@code db.t}), or null. */
    private static java.util.function.Function<List<String>, CatalogTable> tableLookup(SchemaPlus root,
                                                                                    SchemaPlus current) {
        return names -> {
            SchemaPlus schema = names.size() == 1 ? current : names.size() == 2 ? subSchema(root, names.get(0)) : null;
            if (schema == null) {
                return null;
            }
            String name = names.get(names.size() - 1);
            org.apache.calcite.schema.Table table = schema.tables().get(name);
            if (table == null) {
                table = schema.tables().get(name.toLowerCase(java.util.Locale.ROOT));
            }
            return table instanceof CatalogTable catalogTable ? catalogTable : null;
        };
    }

    private static SchemaPlus subSchema(SchemaPlus root, String name) {
        SchemaPlus schema = root.subSchemas().get(name);
        return schema != null ? schema : root.subSchemas().get(name.toLowerCase(java.util.Locale.ROOT));
    }

    /** Whether {@code expression} is written after the statement's last HAVING (and before its ORDER BY/LIMIT). */
    private static boolean inHaving(String sql, String expression) {
        String upper = sql.toUpperCase(java.util.Locale.ROOT);
        int having = upper.lastIndexOf("HAVING");
        if (having < 0) {
            return false;
        }
        String clause = sql.substring(having).replace("`", "").split("(?i)\\b(ORDER|LIMIT)\\b")[0];
        return clause.toLowerCase(java.util.Locale.ROOT).contains(expression.replace("`", "")
            .toLowerCase(java.util.Locale.ROOT));
    }

    /**
     * Calcite's convertlets, except that a windowed AVG stays AVG: Calcite would rewrite it as SUM / COUNT cast to
     * the argument's type, losing the 4 decimals MySQL adds.
     */
    private static org.apache.calcite.sql2rel.SqlRexConvertlet convertlet(org.apache.calcite.sql.SqlCall call) {
        if (call.getOperator().getKind() == SqlKind.AVG) {
            return org.apache.calcite.sql2rel.StandardConvertletTable.INSTANCE::convertCall;
        }
        org.apache.calcite.sql2rel.SqlRexConvertlet strings = StringComparisons.of(call);
        if (strings != null) {
            return strings;
        }
        if (call.getOperator() == LongInLists.OPERATOR) {
            return LongInLists::convert;
        }
        if (call.getOperator() == MixedInLists.OPERATOR) {
            return MixedInLists::convert;
        }
        if (call.getOperator() == MySqlTruth.FUNCTION) {
            return (cx, c) -> MySqlTruth.toRex(cx.getRexBuilder(), cx.convertExpression(c.operand(0)));
        }
        return org.apache.calcite.sql2rel.StandardConvertletTable.INSTANCE.get(call);
    }

    static String firstLine(Exception e) {
        Throwable t = e.getCause() != null ? e.getCause() : e;
        String m = String.valueOf(t.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    /** Column labels as MySQL names them: the alias, the column name, or the expression's text as written. */
    static List<String> labels(CalciteText.Rewritten sql, SqlNode parsed) {
        // a WITH or a set operation shows the labels of its body's (first) SELECT
        SqlSelect select = labelledSelect(parsed);
        if (select == null) {
            return null;
        }
        SqlNodeList items = select.getSelectList();
        List<String> out = new ArrayList<>();
        for (SqlNode item : items) {
            if (item instanceof SqlIdentifier id && id.isStar()) {
                return null;
            }
            out.add(label(sql, item));
        }
        return out;
    }

    /** The outermost SELECT whose list names the result's columns, or null. */
    static SqlSelect labelledSelect(SqlNode parsed) {
        SqlNode node = parsed;
        while (!(node instanceof SqlSelect)) {
            if (node instanceof SqlOrderBy orderBy) {
                node = orderBy.query;
            } else if (node instanceof org.apache.calcite.sql.SqlWith with) {
                node = with.body;
            } else if (node != null && node.getKind().belongsTo(SqlKind.SET_QUERY)) {
                node = ((SqlBasicCall) node).operand(0);
            } else {
                return null;
            }
        }
        return (SqlSelect) node;
    }

    /** MySQL's label of one (non-star) select item. */
    static String label(CalciteText.Rewritten sql, SqlNode item) {
        if (item.getKind() == SqlKind.AS) {
            return ((SqlIdentifier) ((SqlBasicCall) item).operand(1)).getSimple();
        } else if (item instanceof SqlIdentifier id) {
            return id.names.get(id.names.size() - 1);
        } else if (item instanceof org.apache.calcite.sql.SqlCharStringLiteral literal) {
            return literal.getValueAs(String.class); // MySQL labels 'x' as x
        }
        return sourceText(sql, item.getParserPosition());
    }

    private static String sourceText(CalciteText.Rewritten text, SqlParserPos pos) {
        String sql = text.text();
        String[] lines = sql.split("\n", -1);
        try {
            int start = offset(lines, pos.getLineNum(), pos.getColumnNum());
            int end = Math.min(offset(lines, pos.getEndLineNum(), pos.getEndColumnNum()) + 1, sql.length());
            // Calcite's position of "x IN (SELECT ...)" ends inside the parentheses: take the closing ones too
            int open = 0;
            for (int i = start; i < end; i++) {
                char c = sql.charAt(i);
                open += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            while (open > 0 && end < sql.length()) {
                char c = sql.charAt(end++);
                open += c == '(' ? 1 : c == ')' ? -1 : 0;
            }
            return text.originalText(start, end - 1);
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static int offset(String[] lines, int line, int column) {
        int off = 0;
        for (int i = 0; i < line - 1; i++) {
            off += lines[i].length() + 1;
        }
        return off + column - 1;
    }
}
