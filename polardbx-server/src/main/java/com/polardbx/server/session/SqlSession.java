package com.polardbx.server.session;

import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLBeginStatement;
import com.alibaba.druid.sql.ast.statement.SQLCommitStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLDDLStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.gms.user.Privilege;
import com.alibaba.druid.sql.ast.statement.SQLDeleteStatement;
import com.alibaba.druid.sql.ast.statement.SQLInsertStatement;
import com.alibaba.druid.sql.ast.statement.SQLReplaceStatement;
import com.alibaba.druid.sql.ast.statement.SQLRollbackStatement;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.ast.statement.SQLSetStatement;
import com.alibaba.druid.sql.ast.statement.SQLStartTransactionStatement;
import com.alibaba.druid.sql.ast.statement.SQLUpdateStatement;
import com.alibaba.druid.sql.ast.statement.SQLUseStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlExplainStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlKillStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlSetTransactionStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.StatementResult;
import com.polardbx.executor.ddl.DdlStatementParser;
import com.polardbx.common.error.DataNodeMessages;
import com.polardbx.common.sql.ExecutableComments;
import com.polardbx.server.handler.DataNodeReach;
import com.polardbx.server.handler.LoadDataStatement;
import com.polardbx.optimizer.parse.MySqlParser;
import com.polardbx.optimizer.planner.LongOrChainText;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.optimizer.route.ViewExpansion;
import com.polardbx.optimizer.route.ViewWrites;
import com.polardbx.gms.meta.ViewMeta;
import com.polardbx.server.ServerContext;
import com.polardbx.server.handler.AccountHandler;
import com.polardbx.server.handler.GrantPrivilegeList;
import com.polardbx.server.handler.AnalyzeHandler;
import com.polardbx.server.handler.DmlHandler;
import com.polardbx.server.handler.QueryHandler;
import com.polardbx.server.handler.SetHandler;
import com.polardbx.server.handler.ShowHandler;
import com.polardbx.server.handler.ViewHandler;
import com.polardbx.server.handler.TableToolsHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SQL session of one client connection: parses each statement and hands it to the handler of its kind,
 * keeping transaction boundaries (MySQL's implicit commit before DDL, autocommit) in one place.
 */
public final class SqlSession implements ServerSession {
    private static final Logger log = LoggerFactory.getLogger(SqlSession.class);
    private static final Pattern DDL_PREFIX = Pattern.compile(
        "^\\s*(CREATE|DROP|ALTER|TRUNCATE|RENAME)\\s+(?!USER\\b|PREPARE\\b)", Pattern.CASE_INSENSITIVE);
    private static final Pattern DROP_PREPARE = Pattern.compile("(?is)^\\s*DROP\\s+PREPARE\\s+(\\S+?)\\s*;?\\s*$");
    private static final Pattern EXPLAIN_ANALYZE = Pattern.compile("(?is)^\\s*EXPLAIN\\s+ANALYZE\\s+((SELECT|WITH)\\b.*)$");
    private static final Pattern SHOW_DDL = Pattern.compile("^\\s*SHOW\\s+(FULL\\s+)?DDL\\s*;?\\s*$",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern SHOW_GLOBAL_INDEX = Pattern.compile(
        "(?is)^\\s*SHOW\\s+GLOBAL\\s+(?:INDEX|INDEXES)(?:\\s+(?:FROM|IN)\\s+(\\S+))?\\s*;?\\s*$");
    private static final Pattern DDL_CONTROL = Pattern.compile(
        "(?is)^\\s*(CANCEL|PAUSE|CONTINUE)\\s+DDL\\s+(\\d+)\\s*;?\\s*$");
    private static final Pattern CHECK_GLOBAL_INDEX = Pattern.compile(
        "(?is)^\\s*CHECK\\s+GLOBAL\\s+INDEX\\s+(\\S+?)(?:\\s+ON\\s+(\\S+?))?"
            + "(\\s+CORRECTION_BASED_ON_PRIMARY)?\\s*;?\\s*$");

    private final ServerContext context;
    private final SessionState state;
    private final ToolStatements tools;
    private final LocalLoads loads;
    private final Transactions transactions;
    private final AccessCheck access;
    private final QueryHandler queries;
    private final DmlHandler dml;
    private final ShowHandler shows;
    private final ViewHandler views;
    private final com.polardbx.server.handler.BinlogShows binlogShows;
    private final com.polardbx.server.handler.BinlogPurges binlogPurges;
    private final SetHandler sets;
    private final AccountHandler accounts;
    private final AnalyzeHandler analyzes;
    /** Executable comments are expanded before anything parses or checks a statement, as the reported version would. */
    private final ExecutableComments comments;
    private final DataNodeReach reach;
    private final Map<Integer, PreparedTemplate> prepared = new HashMap<>();
    private final SqlPreparedStatements sqlPrepared;
    private final AtomicInteger nextStatementId = new AtomicInteger(1);
    private volatile boolean killed;
    private volatile Runnable closeConnection;

    public SqlSession(ServerContext context, long connectionId, String clientHost) {
        this.context = context;
        this.state = new SessionState(connectionId, clientHost, context.variables());
        this.transactions = new Transactions(context, state);
        this.access = new AccessCheck(context.users(), state);
        this.queries = new QueryHandler(context, state, transactions, access);
        this.loads = new LocalLoads(context, state, transactions, access);
        this.tools = new ToolStatements(new TableToolsHandler(context, state, access), state, transactions, access,
            context.transactions().globalReadLock());
        this.dml = new DmlHandler(context, state, transactions, queries, access);
        this.views = new ViewHandler(context, state, access, queries);
        this.shows = new ShowHandler(context, state, access, views);
        this.binlogShows = new com.polardbx.server.handler.BinlogShows(context, access,
            () -> state.transaction != null ? state.transaction.snapshotTimestamp() : 0);
        this.binlogPurges = new com.polardbx.server.handler.BinlogPurges(context, state, access);
        this.sets = new SetHandler(context, state, transactions, queries);
        this.accounts = new AccountHandler(context, state);
        this.analyzes = new AnalyzeHandler(context, state, access);
        this.reach = new DataNodeReach(access);
        this.comments = ExecutableComments.forServerVersion(String.valueOf(context.variables().global("version")));
        // EXECUTE runs inside the bookkeeping of its own statement, so the template runs without another run()
        this.sqlPrepared = new SqlPreparedStatements(state, (template, values) ->
            template.withValues(values, this::dispatch, this::dispatch));
        context.processes().add(this);
    }

    public SessionState state() {
        return state;
    }

    @Override
    public long connectionId() {
        return state.connectionId;
    }

    @Override
    public void checkKill(long targetConnectionId) {
        new com.polardbx.server.handler.SessionAdmin(context, state).killable(targetConnectionId);
    }

    @Override
    public long waitTimeoutSeconds() {
        Object v = state.variables().get("wait_timeout");
        return v instanceof Number n ? n.longValue() : 28_800;
    }

    @Override
    public boolean mayUseReservedConnection() {
        return new com.polardbx.server.handler.SessionAdmin(context, state).hasGlobal(
            com.polardbx.gms.user.Privilege.SUPER);
    }

    @Override
    public void clientFoundRows(boolean foundRows) {
        state.foundRows = foundRows;
    }

    @Override
    public void resultSent(long rows) {
        state.resultSent(rows);
    }

    @Override
    public void okSent(long affected) {
        state.okSent(affected);
    }

    /**
     * {@code mysqlbinlog} / {@code mariadb-binlog} (both send {@code program_name=mysqlbinlog}) read the global binlog
     * with {@code --read-from-remote-server} only from servers whose VERSION() starts with 5 or 1 (MariaDB's refuses
     * 8.x): their session reports the binlog's own server version, the MySQL 5.7 of its FORMAT_DESCRIPTION events.
     */
    @Override
    public void clientAttributes(java.util.Map<String, String> attributes) {
        if ("mysqlbinlog".equals(attributes.get("program_name"))) {
            state.variables().put("version", com.polardbx.cdc.CdcConfig.SERVER_VERSION);
        }
    }

    @Override
    public void authenticated(String user, String host, String database) {
        state.user = user;
        // privileges belong to the matched account ('app'@'%'), not to the address the client came from
        state.accountHost = context.users().find(user, host).map(a -> a.host()).orElse(host);
        if (database != null && !database.isEmpty()) {
            useDatabase(database);
        }
    }

    @Override
    public ReplicaStream replicaStream() {
        if (!access.hasGlobal(Privilege.REPLICATION_SLAVE)) {
            throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "REPLICATION SLAVE");
        }
        com.polardbx.cdc.api.BinlogSource source = context.binlog().get();
        if (source == null) {
            throw new SqlError(ErrorCode.ER_MASTER_FATAL_ERROR_READING_BINLOG, "Binary log is not open");
        }
        Object period = state.userVariable("master_heartbeat_period");
        long nanos = 0;
        if (period instanceof Number n) {
            nanos = n.longValue();
        } else if (period != null) {
            try {
                nanos = new java.math.BigDecimal(period instanceof byte[] b
                    ? new String(b, java.nio.charset.StandardCharsets.US_ASCII) : period.toString()).longValue();
            } catch (NumberFormatException e) {
                nanos = 0;
            }
        }
        return new ReplicaStream(source, nanos);
    }

    @Override
    public List<String> splitStatements(String sql) {
        return StatementSplitter.split(sql);
    }

    @Override
    public StatementResult execute(String sql) {
        // long OR chains reshaped before any parser sees them: they would nest one level per term
        return run(sql, () -> dispatch(LongOrChainText.rewrite(comments.expand(sql))));
    }

    private static boolean isShowWarnings(String sql) {
        return sql.trim().toUpperCase(Locale.ROOT).startsWith("SHOW WARNINGS");
    }

    /** SHOW WARNINGS / ERRORS / COUNT(*) ..., and statements reading @@warning_count or @@error_count. */
    private static boolean readsDiagnostics(String sql) {
        String upper = sql.trim().toUpperCase(Locale.ROOT);
        return upper.startsWith("SHOW") && (upper.contains("WARNINGS") || upper.contains("ERRORS"))
            || upper.contains("WARNING_COUNT") || upper.contains("ERROR_COUNT");
    }

    private StatementResult dispatch(String sql) {
        reach.checkText(sql);
        if (LoadDataStatement.matches(sql)) {
            StatementResult load = loads.start(sql, this::dispatch);
            if (load != null) {
                return load;
            }
        }
        if (SHOW_DDL.matcher(sql).matches()) {
            return shows.showDdl();
        }
        java.util.regex.Matcher showGlobal = SHOW_GLOBAL_INDEX.matcher(sql);
        if (showGlobal.matches()) {
            return shows.showGlobalIndex(showGlobal.group(1));
        }
        java.util.regex.Matcher ddlControl = DDL_CONTROL.matcher(sql);
        if (ddlControl.matches()) {
            if (!access.hasGlobal(Privilege.SUPER)) {
                throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "SUPER");
            }
            context.ddl().control(ddlControl.group(1), Long.parseLong(ddlControl.group(2)));
            return StatementResult.Ok.EMPTY;
        }
        java.util.regex.Matcher checkGlobal = CHECK_GLOBAL_INDEX.matcher(sql);
        if (checkGlobal.matches()) {
            return tools.checkGlobalIndex(checkGlobal.group(1), checkGlobal.group(2), checkGlobal.group(3) != null);
        }
        StatementResult binlogShow = binlogShows.tryShow(sql);
        if (binlogShow != null) {
            return binlogShow;
        }
        StatementResult purge = binlogPurges.tryPurge(sql);
        if (purge != null) {
            return purge;
        }
        java.util.regex.Matcher dropPrepare = DROP_PREPARE.matcher(sql);
        if (dropPrepare.matches()) {
            return sqlPrepared.deallocate(dropPrepare.group(1));
        }
        List<String[]> analyzeTables = AnalyzeHandler.tables(sql);
        if (analyzeTables != null) {
            transactions.implicitCommit(); // ANALYZE TABLE commits implicitly in MySQL
            return analyzes.analyze(analyzeTables);
        }
        java.util.regex.Matcher analyze = EXPLAIN_ANALYZE.matcher(sql);
        if (analyze.matches()) {
            return queries.explainAnalyze(analyze.group(1));
        }
        if (com.polardbx.server.handler.PerformanceSchemaQueries.truncate(context, access, sql)) {
            return StatementResult.Ok.EMPTY;
        }
        if (DDL_PREFIX.matcher(sql).find()) {
            SQLStatement ddl = DdlStatementParser.parse(sql);
            StatementResult view = viewDdl(ddl, sql);
            if (view != null) {
                return view;
            }
            if (ddl instanceof SQLDDLStatement || isDdl(ddl)) {
                reach.check(ddl);
                reach.checkTableDefinition(ddl);
                checkDdlPrivilege(ddl);
                transactions.implicitCommit();
                return transactions.asWriteStatement(() -> {
                    StatementResult.Ok ok = context.ddl().execute(state.database, ddl, sql, state.foreignKeyChecks(),
                        Long.valueOf(1L).equals(state.variable("auto_partition_global_index")));
                    afterDdl(ddl);
                    return ok;
                });
            }
        }
        StatementResult checksum = tools.checksum(sql);
        if (checksum != null) {
            return checksum;
        }
        StatementResult maintained = tools.maintenance(sql);
        if (maintained != null) {
            transactions.implicitCommit(); // OPTIMIZE and REPAIR commit as DDL does in MySQL
            return maintained;
        }
        GrantPrivilegeList grantList = GrantPrivilegeList.read(sql);
        if (grantList != null) {
            SQLStatement grant = MySqlParser.parseOne(grantList.rewritten());
            if (AccountHandler.handles(grant)) {
                transactions.implicitCommit();
                return accounts.execute(grant, grantList.privileges());
            }
        }
        java.util.regex.Matcher doStatement = DO_STATEMENT.matcher(sql);
        if (doStatement.matches()) {
            return doExpressions(doStatement.group(1));
        }
        java.util.regex.Matcher setFor = SET_STATEMENT_FOR.matcher(sql);
        if (setFor.matches()) {
            return setStatementFor(setFor.group(1), setFor.group(2));
        }
        SQLStatement statement = MySqlParser.parseOne(sql);
        return dispatch(statement, sql);
    }

    /** MariaDB's {@code SET STATEMENT var = value [, ...] FOR statement}. */
    private static final Pattern SET_STATEMENT_FOR = Pattern.compile(
        "(?is)^\\s*SET\\s+STATEMENT\\s+(.+?)\\s+FOR\\s+(\\S.*)$");

    /**
     * SET STATEMENT ... FOR: the session variables take the values for the one statement and get their own back
     * after it, whether it succeeds or fails. A result's rows are read before the values go back, so the statement
     * runs wholly under them.
     */
    private StatementResult setStatementFor(String assignments, String inner) {
        SQLStatement parsed = MySqlParser.parseOne("SET " + assignments);
        if (!(parsed instanceof SQLSetStatement set)) {
            throw new SqlError(ErrorCode.ER_PARSE, "check the manual that corresponds to your MySQL server version"
                + " for the right syntax to use near '" + assignments + "' at line 1");
        }
        java.util.Map<String, Object> saved = new java.util.HashMap<>();
        for (com.alibaba.druid.sql.ast.statement.SQLAssignItem item : set.getItems()) {
            String name = com.polardbx.server.variable.SystemVariables.normalize(item.getTarget().toString().replaceFirst("(?i)^@@(session\\.)?", ""));
            if (name.startsWith("@") || !state.variables.containsKey(name)) {
                throw new SqlError(ErrorCode.ER_UNKNOWN_SYSTEM_VARIABLE, name);
            }
            saved.putIfAbsent(name, state.variables.get(name));
        }
        try {
            sets.set(set);
            StatementResult result = dispatch(LongOrChainText.rewrite(comments.expand(inner)));
            if (result instanceof StatementResult.Rows rows) {
                java.util.List<Object[]> all = new java.util.ArrayList<>();
                try (com.polardbx.common.result.RowCursor cursor = rows.cursor()) {
                    for (Object[] row = cursor.next(); row != null; row = cursor.next()) {
                        all.add(row);
                    }
                    return new StatementResult.Rows(StatementResult.ofRows(cursor.columns(), all).cursor(),
                        rows.warnings());
                }
            }
            return result;
        } finally {
            state.variables.putAll(saved);
        }
    }

    /** {@code DO expr [, expr ...]}: MySQL's SELECT whose result is dropped. */
    private static final Pattern DO_STATEMENT = Pattern.compile("(?is)^\\s*DO(?:\\s+|(?=\\())(.+?)\\s*;?\\s*$");

    /** DO: the expressions are computed as a SELECT would compute them (privileges, warnings), the rows dropped. */
    private StatementResult doExpressions(String expressions) {
        String select = "SELECT " + expressions;
        SQLStatement statement = MySqlParser.parseOne(select);
        if (!(statement instanceof SQLSelectStatement query)
            || query.getSelect().getQueryBlock() == null || query.getSelect().getQueryBlock().getFrom() != null) {
            throw new SqlError(ErrorCode.ER_PARSE, "check the manual that corresponds to your MySQL server version"
                + " for the right syntax to use near '" + expressions + "' at line 1");
        }
        StatementResult result = dispatch(statement, select);
        if (result instanceof StatementResult.Rows rows) {
            try (com.polardbx.common.result.RowCursor cursor = rows.cursor()) {
                while (cursor.next() != null) {
                    // the values are computed and dropped
                }
            }
        }
        return StatementResult.Ok.EMPTY;
    }

    /**
     * A write through a simple view becomes a write on its table; every other view the statement names becomes its
     * query. Returns the statement's text printed again when anything changed.
     */
    private String withoutViews(SQLStatement statement, String sql) {
        boolean changed = false;
        ViewMeta writtenView = ViewWrites.rewrite(statement, state.database, context.meta());
        if (writtenView != null) {
            access.requireTable(writePrivilege(statement), writtenView.schema(), writtenView.name());
            for (int depth = 1; ViewWrites.rewrite(statement, state.database, context.meta()) != null; depth++) {
                if (depth >= 32) { // a view over itself, made with CREATE OR REPLACE
                    throw new SqlError(ErrorCode.ER_VIEW_RECURSIVE, writtenView.schema(), writtenView.name());
                }
            }
            changed = true;
        }
        boolean readsViews = statement instanceof SQLSelectStatement || statement instanceof SQLInsertStatement
            || statement instanceof SQLReplaceStatement || statement instanceof SQLUpdateStatement
            || statement instanceof SQLDeleteStatement
            || statement instanceof MySqlExplainStatement e && e.getStatement() != null;
        if (readsViews && ViewExpansion.expand(statement, state.database, context.meta(),
            v -> access.requireTable(Privilege.SELECT, v.schema(), v.name()))) {
            changed = true;
        }
        return changed ? com.alibaba.druid.sql.SQLUtils.toMySqlString(statement) : sql;
    }

    private static Privilege writePrivilege(SQLStatement write) {
        return write instanceof SQLUpdateStatement ? Privilege.UPDATE
            : write instanceof SQLDeleteStatement ? Privilege.DELETE : Privilege.INSERT;
    }

    /** CREATE / ALTER / DROP VIEW: GMS metadata only, no DDL job; null for other statements. */
    private StatementResult viewDdl(SQLStatement ddl, String sql) {
        if (!(ddl instanceof com.alibaba.druid.sql.ast.statement.SQLCreateViewStatement
            || ddl instanceof com.alibaba.druid.sql.ast.statement.SQLAlterViewStatement
            || ddl instanceof com.alibaba.druid.sql.ast.statement.SQLDropViewStatement)) {
            return null;
        }
        reach.check(ddl);
        transactions.implicitCommit();
        return transactions.asWriteStatement(() -> viewDdlLocked(ddl, sql));
    }

    private StatementResult viewDdlLocked(SQLStatement ddl, String sql) {
        StatementResult.Ok ok;
        SQLExprTableSource named;
        if (ddl instanceof com.alibaba.druid.sql.ast.statement.SQLCreateViewStatement create) {
            ok = views.create(create);
            named = create.getTableSource();
        } else if (ddl instanceof com.alibaba.druid.sql.ast.statement.SQLAlterViewStatement alter) {
            ok = views.alter(alter);
            named = alter.getTableSource();
        } else {
            var drop = (com.alibaba.druid.sql.ast.statement.SQLDropViewStatement) ddl;
            ok = views.drop(drop);
            named = drop.getTableSources().get(0);
        }
        // the global binlog carries view DDL as sent, in the view's database
        context.ddl().announce(named.getSchema() != null ? TableNames.unquote(named.getSchema()) : state.database,
            ddl, sql);
        return ok;
    }

    /** CREATE / DROP / ALTER privilege on the database the DDL changes (1044 without it). */
    private void checkDdlPrivilege(SQLStatement ddl) {
        String kind = ddl.getClass().getSimpleName();
        Privilege needed = kind.contains("Create") ? (kind.contains("Index") ? Privilege.INDEX : Privilege.CREATE)
            : kind.contains("Drop") || kind.contains("Truncate") ? Privilege.DROP : Privilege.ALTER;
        if (ddl instanceof SQLCreateDatabaseStatement create) {
            access.requireDatabase(needed, TableNames.unquote(create.getName().getSimpleName()));
            return;
        }
        if (ddl instanceof SQLDropDatabaseStatement drop) {
            access.requireDatabase(needed, TableNames.unquote(drop.getName().getSimpleName()));
            return;
        }
        // every table the statement names (DROP TABLE a.t, b.t names two databases), not just the first
        SQLExprTableSource like = ddl instanceof com.alibaba.druid.sql.ast.statement.SQLCreateTableStatement c
            ? c.getLike() : null;
        List<String> databases = new java.util.ArrayList<>();
        ddl.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource source) {
                String db = source.getSchema() != null ? TableNames.unquote(source.getSchema()) : state.database;
                if (source == like) {
                    // CREATE TABLE ... LIKE reads the other table's definition: SELECT on it, as in MySQL
                    if (db == null) {
                        throw new SqlError(ErrorCode.ER_NO_DB);
                    }
                    TableNames.resolve(new com.alibaba.druid.sql.ast.statement.SQLSelectStatement(
                        new com.alibaba.druid.sql.ast.statement.SQLSelect(selectFrom(source))), db, context.meta())
                        .forEach(ref -> access.requireTable(Privilege.SELECT, ref.table().schema(),
                            ref.table().name()));
                } else if (db != null) {
                    databases.add(db);
                }
                return false;
            }
        });
        if (databases.isEmpty() && state.database != null) {
            databases.add(state.database);
        }
        for (String db : databases) {
            access.requireDatabase(needed, db);
        }
    }

    private static com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock selectFrom(SQLExprTableSource source) {
        com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock block =
            new com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock();
        block.addSelectItem(new com.alibaba.druid.sql.ast.expr.SQLAllColumnExpr());
        block.setFrom(source.clone());
        return block;
    }

    private static boolean isDdl(SQLStatement s) {
        String name = s.getClass().getSimpleName();
        return name.contains("Create") || name.contains("Drop") || name.contains("Alter")
            || name.contains("Truncate") || name.contains("Rename");
    }

    private void afterDdl(SQLStatement ddl) {
        if (state.database != null && context.meta().database(state.database).isEmpty()) {
            state.database = null; // the current database was dropped, as in MySQL
        }
        AutoIncrementAfterDdl.apply(context.autoIncrement(), ddl, state.database);
    }

    private static final java.util.regex.Pattern START_READ_ONLY =
        java.util.regex.Pattern.compile("(?i)\\bREAD\\s+ONLY\\b");
    private static final java.util.regex.Pattern START_READ_WRITE =
        java.util.regex.Pattern.compile("(?i)\\bREAD\\s+WRITE\\b");
    private static final java.util.regex.Pattern CONSISTENT_SNAPSHOT =
        java.util.regex.Pattern.compile("(?i)\\bCONSISTENT\\s+SNAPSHOT\\b");

    private StatementResult dispatch(SQLStatement statement, String text) {
        reach.check(statement);
        String sql = text;
        if (context.meta().hasViews()) { // no AST walk on the hot path of a cluster without views
            sql = withoutViews(statement, sql);
        }
        if (statement instanceof SQLSelectStatement select) {
            return queries.selectForClient(select, sql);
        }
        if (statement instanceof SQLInsertStatement || statement instanceof SQLReplaceStatement
            || statement instanceof SQLUpdateStatement || statement instanceof SQLDeleteStatement) {
            String dmlText = sql;
            return transactions.asWriteStatement(() -> dml.execute(statement, dmlText));
        }
        if (statement instanceof SQLUseStatement use) {
            useDatabase(TableNames.unquote(use.getDatabase().getSimpleName()));
            return StatementResult.Ok.EMPTY;
        }
        if (statement instanceof SQLBeginStatement || statement instanceof SQLStartTransactionStatement) {
            transactions.begin(START_READ_ONLY.matcher(sql).find() ? Boolean.TRUE
                    : START_READ_WRITE.matcher(sql).find() ? Boolean.FALSE : null,
                CONSISTENT_SNAPSHOT.matcher(sql).find());
            return StatementResult.Ok.EMPTY;
        }
        if (statement instanceof SQLCommitStatement) {
            transactions.commit();
            return StatementResult.Ok.EMPTY;
        }
        if (statement instanceof SQLRollbackStatement rollback) {
            if (rollback.getTo() != null) {
                transactions.rollbackToSavepoint(TableNames.unquote(rollback.getTo().getSimpleName()));
                return StatementResult.Ok.EMPTY;
            }
            transactions.rollback();
            return StatementResult.Ok.EMPTY;
        }
        if (statement instanceof com.alibaba.druid.sql.ast.statement.SQLSavePointStatement savepoint) {
            transactions.savepoint(TableNames.unquote(savepoint.getName().toString()));
            return StatementResult.Ok.EMPTY;
        }
        if (statement instanceof com.alibaba.druid.sql.ast.statement.SQLReleaseSavePointStatement release) {
            transactions.releaseSavepoint(TableNames.unquote(release.getName().toString()));
            return StatementResult.Ok.EMPTY;
        }
        if (statement instanceof SQLSetStatement set) {
            return sets.set(set);
        }
        if (statement instanceof MySqlSetTransactionStatement tx) {
            return sets.setTransaction(tx, sql);
        }
        if (statement instanceof com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlPrepareStatement prepare) {
            return sqlPrepared.prepare(prepare);
        }
        if (statement instanceof com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlExecuteStatement execute) {
            return sqlPrepared.execute(execute);
        }
        if (statement instanceof
            com.alibaba.druid.sql.dialect.mysql.ast.statement.MysqlDeallocatePrepareStatement deallocate) {
            return sqlPrepared.deallocate(deallocate.getStatementName().getSimpleName());
        }
        if (statement instanceof MySqlKillStatement kill) {
            return accounts.kill(kill);
        }
        if (statement instanceof MySqlExplainStatement explain) {
            if (explain.getStatement() == null && explain.getTableName() != null) {
                return shows.describe(explain); // DESC t [column] is SHOW COLUMNS
            }
            return queries.explain(explain, sql);
        }
        StatementResult tool = tools.dispatch(statement);
        if (tool != null) {
            return tool;
        }
        String kind = statement.getClass().getSimpleName();
        if (kind.contains("Show")) {
            return shows.show(statement, sql);
        }
        if (AccountHandler.handles(statement)) {
            transactions.implicitCommit();
            return accounts.execute(statement);
        }
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, firstWords(sql));
    }

    private static String firstWords(String sql) {
        String s = sql.strip();
        return s.length() > 40 ? s.substring(0, 40) : s;
    }

    @Override
    public PreparedStatementInfo prepare(String text) {
        if (text == null || text.isBlank()) {
            throw new SqlError(ErrorCode.ER_EMPTY_QUERY);
        }
        String sql = comments.expand(text);
        int parameters = Placeholders.count(sql);
        PreparedTemplate template = PreparedTemplate.of(sql, parameters);
        List<ColumnMeta> columns = resultColumns(sql, template.metadataValues(parameters));
        int id = nextStatementId.getAndIncrement();
        prepared.put(id, template);
        return new PreparedStatementInfo(id, parameters, columns);
    }

    /**
     * The result columns of a query being prepared, found by running it with NULL parameters and reading only the
     * metadata. Clients such as libmysqlclient rely on them: a prepare answer without columns followed by an
     * execution that returns rows puts them out of sync.
     */
    private List<ColumnMeta> resultColumns(String sql, Object[] parameters) {
        String head = sql.stripLeading().toUpperCase(Locale.ROOT);
        if (!head.startsWith("SELECT") && !head.startsWith("(") && !head.startsWith("WITH")) {
            return List.of();
        }
        StatementResult result = execute(Placeholders.bind(sql, parameters));
        if (result instanceof StatementResult.Rows rows) {
            try (var cursor = rows.cursor()) {
                return cursor.columns();
            }
        }
        return List.of();
    }

    @Override
    public StatementResult executePrepared(int statementId, Object[] parameters) {
        PreparedTemplate template = prepared.get(statementId);
        if (template == null) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_STMT_HANDLER, statementId, "mysqld_stmt_execute");
        }
        Object[] values = parameters == null ? new Object[0] : parameters;
        // the template's digest: a bound text per parameter value would miss the digest cache every time
        return template.withValues(values,
            (statement, bound) -> run(bound, template.sql(), () -> dispatch(statement, bound)),
            this::execute);
    }

    /** A DN's refusal of the CN's account, told as the refusal of the client's. */
    private SqlError asClient(SqlError e) {
        String message = DataNodeMessages.asClient(e.getMessage(), state.user(), state.clientHost());
        return message == null || message.equals(e.getMessage()) ? e
            : SqlError.passThrough(e.errno(), e.sqlState(), message, e);
    }

    /** Numbers the statements of this session, so that a finished cursor never clears a later statement's entry. */
    private long statementNumber;
    /** Warnings the DNs raised while the current result's rows were read (see {@link #warningsWhileStreaming}). */
    private int streamedWarnings;

    /** Runs one statement with the bookkeeping every statement gets (process list, warnings, KILL, observers). */
    private StatementResult run(String sql, java.util.function.Supplier<StatementResult> work) {
        return run(sql, sql, work);
    }

    /** @param digestSource what the statement's digest is computed from (a prepared statement's template) */
    private StatementResult run(String sql, String digestSource, java.util.function.Supplier<StatementResult> work) {
        if (killed) {
            throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
        }
        long statement = ++statementNumber;
        long started = System.nanoTime();
        state.currentSql = sql;
        state.statementStartMillis = System.currentTimeMillis();
        state.dataNodeWork = new com.polardbx.common.metrics.DataNodeWork();
        StatementTrace trace = new StatementTrace(sql, digestSource, state, started);
        com.polardbx.common.metrics.DataNodeWork outer = com.polardbx.common.metrics.DataNodeWork.enter(
            state.dataNodeWork); // physical writes on this thread count into the statement
        boolean streaming = false;
        if (!readsDiagnostics(sql)) {
            state.warnings.clear(); // a statement's warnings replace the last one's; they never add to them
        }
        streamedWarnings = 0;
        try {
            StatementResult result = work.get();
            if (result instanceof StatementResult.Ok ok && !(result instanceof StatementResult.LocalFile)) {
                result = withDataNodeWarnings(ok); // SET @a = 1/0 computed its value on a DN
            }
            if (result.warnings() == 0 && !isShowWarnings(sql)) {
                state.warnings.clear(); // MySQL keeps warnings until the next statement that could raise some
            }
            if (result instanceof StatementResult.Ok ok && !ok.notices().isEmpty()) {
                state.warnings.clear();
                ok.notices().forEach(n -> state.warnings.add(new SessionState.Warning(n.level(), n.code(),
                    n.message())));
            }
            if (result instanceof StatementResult.LocalFile file) {
                // LOAD DATA LOCAL runs while the client sends its file: it stays listed until the file is loaded
                streaming = true;
                return new StatementResult.LocalFile(file.fileName(),
                    new EndingReceiver(file.receiver(), () -> statementEnded(statement)));
            }
            if (result instanceof StatementResult.Rows rows) {
                // the query runs while its rows are read: it stays "Query" in SHOW PROCESSLIST until they are sent
                streaming = true;
                trace.warnings(rows.warnings());
                com.polardbx.common.metrics.DataNodeWork shardWork = state.dataNodeWork;
                return new StatementResult.Rows(new StatementCursor(rows.cursor(), () -> keepStreamedWarnings(shardWork,
                    trace, rows.warnings()), () -> {
                    statementEnded(statement);
                    observe(trace);
                }, trace), rows.warnings());
            }
            if (result instanceof StatementResult.Ok ok) {
                trace.ok(ok.affectedRows(), ok.warnings());
            }
            return result;
        } catch (SqlError failure) {
            SqlError e = asClient(transactions.statementFailed(failure));
            StatementMetrics.failed(e.errno());
            trace.failed(e.errno());
            state.warnings.clear();
            state.warnings.add(new SessionState.Warning("Error", e.errno(), e.getMessage()));
            throw e;
        } catch (RuntimeException e) {
            trace.failed(ErrorCode.ER_INTERNAL.errno()); // the protocol layer reports it as 1105
            throw e;
        } finally {
            com.polardbx.common.metrics.DataNodeWork.enter(outer);
            StatementMetrics.finished(sql, started);
            if (!streaming) {
                statementEnded(statement);
                observe(trace);
            }
        }
    }

    /** The OK with the warnings its DN reads raised (they replace the last statement's, as any warnings do). */
    private StatementResult.Ok withDataNodeWarnings(StatementResult.Ok ok) {
        java.util.List<com.polardbx.common.metrics.DataNodeWork.Warning> raised = state.dataNodeWork.takeWarnings();
        if (raised.isEmpty()) {
            return ok;
        }
        if (ok.warnings() == 0) {
            state.warnings.clear();
        }
        raised.forEach(w -> state.warnings.add(new SessionState.Warning("Warning", w.code(), w.message())));
        return new StatementResult.Ok(ok.affectedRows(), ok.lastInsertId(), ok.warnings() + raised.size(), ok.info(),
            ok.notices());
    }

    /** After a result's last row: the warnings the DNs raised reading it become the statement's. */
    private void keepStreamedWarnings(com.polardbx.common.metrics.DataNodeWork work, StatementTrace trace,
                                      int ownWarnings) {
        java.util.List<com.polardbx.common.metrics.DataNodeWork.Warning> raised = work.takeWarnings();
        if (raised.isEmpty()) {
            return;
        }
        raised.forEach(w -> state.warnings.add(new SessionState.Warning("Warning", w.code(), w.message())));
        streamedWarnings = raised.size();
        trace.warnings(ownWarnings + raised.size());
    }

    @Override
    public int warningsWhileStreaming() {
        return streamedWarnings;
    }

    /** Gives the finished statement to the digest table, slow log and audit log. */
    private void observe(StatementTrace trace) {
        com.polardbx.server.observe.StatementEvent event = trace.finish(state);
        if (event != null) {
            context.observers().finished(event, trace.digestSource(), state.variables);
        }
    }

    /** Clears the process-list entry of a statement unless a later statement has replaced it. */
    private void statementEnded(long statement) {
        if (statementNumber == statement) {
            state.currentSql = null;
            state.stage = null;
        }
    }

    /** A LOAD DATA LOCAL receiver that ends its statement's process-list entry when the load ends either way. */
    private record EndingReceiver(com.polardbx.common.result.LocalFileReceiver inner, Runnable onEnd)
        implements com.polardbx.common.result.LocalFileReceiver {
        @Override
        public void accept(byte[] data) {
            inner.accept(data);
        }

        @Override
        public StatementResult.Ok finish() {
            try {
                return inner.finish();
            } finally {
                onEnd.run();
            }
        }

        @Override
        public void abort() {
            try {
                inner.abort();
            } finally {
                onEnd.run();
            }
        }
    }

    @Override
    public void closePrepared(int statementId) {
        prepared.remove(statementId);
    }

    @Override
    public void useDatabase(String database) {
        String db = TableNames.unquote(database);
        if (db.equals("information_schema")) {
            state.database = db;
            return;
        }
        if (db.equalsIgnoreCase("performance_schema")) {
            state.database = "performance_schema"; // the CN's own tables (PerformanceSchemaQueries), readable by all
            return;
        }
        if (context.meta().database(db).isEmpty()) {
            throw new SqlError(ErrorCode.ER_BAD_DB, database);
        }
        accounts.checkDatabaseAccess(db);
        state.database = db;
    }

    @Override
    public List<ColumnMeta> fieldList(String table, String wildcard) {
        return shows.fieldList(table);
    }

    @Override
    public void reset() {
        transactions.rollbackQuietly();
        prepared.clear();
        sqlPrepared.clear();
        state.userVariables.clear();
        state.variables = context.variables().sessionDefaults();
        state.warnings.clear();
        state.lastInsertId = 0;
    }

    /** KILL CONNECTION: stops the running statement; every later command fails until the client disconnects. */
    public void killConnection() {
        killed = true;
        cancel();
        Runnable close = closeConnection;
        if (close != null) {
            close.run();
        }
    }

    @Override
    public void onKillConnection(Runnable closeConnection) {
        this.closeConnection = closeConnection;
    }

    @Override
    public void cancel() {
        queries.cancelRunning();
    }

    @Override
    public java.nio.charset.Charset clientCharset() {
        return ClientCharsets.forMysqlName(state.variables().get("character_set_client"));
    }

    @Override
    public String currentDatabase() {
        return state.database;
    }

    @Override
    public boolean inTransaction() {
        return transactions.active();
    }

    @Override
    public boolean autocommit() {
        return state.autocommit();
    }

    @Override
    public void close() {
        try {
            transactions.rollbackQuietly();
        } catch (RuntimeException e) {
            log.warn("rollback on close of connection {} failed", state.connectionId, e);
        } finally {
            tools.release();
            context.processes().remove(this);
        }
    }
}
