package com.polardbx.server.handler;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLShowColumnsStatement;
import com.alibaba.druid.sql.ast.statement.SQLShowCreateTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLShowDatabasesStatement;
import com.alibaba.druid.sql.ast.statement.SQLShowIndexesStatement;
import com.alibaba.druid.sql.ast.statement.SQLShowTablesStatement;
import com.alibaba.druid.sql.ast.statement.SQLShowVariantsStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlShowProcessListStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlShowWarningsStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.executor.scan.ConnectionProviders;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.AccessCheck;
import com.polardbx.server.session.SessionState;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * SHOW statements over logical objects. Column and index listings come from a physical table on a DN (so they read
 * exactly as MySQL prints them) with physical names swapped back to logical ones.
 */
public final class ShowHandler {
    private final ServerContext context;
    private final SessionState state;

    private final AccessCheck access;
    private final SessionExpressions expressions;
    private final ViewHandler views;

    public ShowHandler(ServerContext context, SessionState state, AccessCheck access, ViewHandler views) {
        this.context = context;
        this.state = state;
        this.access = access;
        this.views = views;
        this.expressions = new SessionExpressions(context, state);
    }

    public StatementResult show(SQLStatement statement, String sql) {
        if (statement instanceof SQLShowDatabasesStatement s) {
            List<Object[]> rows = new ArrayList<>();
            rows.add(new Object[] {"information_schema"});
            for (DatabaseMeta db : context.meta().databases()) {
                if (access.sees(db.name(), null)) { // as MySQL: only databases with some privilege
                    rows.add(new Object[] {db.name()});
                }
            }
            // MariaDB names the column after the pattern: Database (pattern)
            String header = s.getLike() instanceof SQLCharExpr pattern ? "Database (" + pattern.getText() + ")"
                : "Database";
            return filtered(List.of(ColumnMeta.computed(header, MysqlType.VAR_STRING)), rows, like(s.getLike()),
                s.getWhere());
        }
        StatementResult listing = emptyListings(statement);
        if (listing != null) {
            return listing;
        }
        if (statement instanceof SQLShowTablesStatement s) {
            String db = s.getDatabase() == null ? requireDb() : TableNames.unquote(s.getDatabase().getSimpleName());
            List<ColumnMeta> cols = new ArrayList<>();
            // MySQL and MariaDB name the column after the pattern too: Tables_in_db (pattern)
            String pattern = s.getLike() instanceof SQLCharExpr p ? " (" + p.getText() + ")" : "";
            cols.add(ColumnMeta.computed("Tables_in_" + db + pattern, MysqlType.VAR_STRING));
            if (s.isFull()) {
                cols.add(ColumnMeta.computed("Table_type", MysqlType.VAR_STRING));
            }
            if (PerformanceSchemaTables.is(db)) {
                return filtered(cols, PerformanceSchemaTables.tables(s.isFull()), like(s.getLike()), s.getWhere());
            }
            requireDatabase(db);
            access.requireSees(db, null, "SHOW");
            List<Object[]> rows = new ArrayList<>();
            for (TableMeta t : context.meta().tables(db)) {
                if (!access.sees(db, t.name())) {
                    continue;
                }
                rows.add(s.isFull() ? new Object[] {t.name(), "BASE TABLE"} : new Object[] {t.name()});
            }
            for (com.polardbx.gms.meta.ViewMeta v : context.meta().views(db)) {
                if (access.sees(db, v.name())) {
                    rows.add(s.isFull() ? new Object[] {v.name(), "VIEW"} : new Object[] {v.name()});
                }
            }
            rows.sort((a, b) -> ((String) a[0]).compareTo((String) b[0]));
            return filtered(cols, rows, like(s.getLike()), s.getWhere());
        }
        if (statement instanceof SQLShowColumnsStatement s) {
            String performanceSchemaTable = performanceSchemaTable(s.getDatabase(), s.getTable());
            if (performanceSchemaTable != null) {
                if (s.isFull()) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "SHOW FULL COLUMNS of performance_schema");
                }
                return filtered(PerformanceSchemaTables.columnHeaders(),
                    PerformanceSchemaTables.columns(performanceSchemaTable), like(s.getLike()), s.getWhere());
            }
            var view = view(s.getDatabase(), s.getTable());
            if (view.isPresent()) {
                return views.columns(view.get(), s.isFull(), like(s.getLike()));
            }
            TableMeta t = table(s.getDatabase(), s.getTable());
            String like = s.getLike() == null ? "" : " LIKE " + s.getLike();
            return GlobalIndexShows.withColumnKeys(t,
                physical(t, "SHOW " + (s.isFull() ? "FULL " : "") + "COLUMNS FROM %s" + like));
        }
        if (statement instanceof SQLShowIndexesStatement s) {
            TableMeta t = table(s.getDatabase() == null ? null : s.getDatabase(), s.getTable().getExpr());
            StatementResult local = withCardinalityOfAllPartitions(t, physical(t, "SHOW INDEX FROM %s"));
            if (t.globalIndexes().isEmpty() && s.getWhere() == null) {
                return local;
            }
            StatementResult.Rows rows = (StatementResult.Rows) local;
            List<Object[]> all = new ArrayList<>();
            try (RowCursor c = rows.cursor()) {
                for (Object[] row = c.next(); row != null; row = c.next()) {
                    all.add(row);
                }
                all.addAll(GlobalIndexShows.indexRows(t, c.columns().size()));
                return filtered(c.columns(), all, null, s.getWhere());
            }
        }
        if (statement instanceof com.alibaba.druid.sql.ast.statement.SQLShowCreateViewStatement s) {
            SQLExpr name = s.getName();
            return name instanceof SQLPropertyExpr prop
                ? views.showCreateView(TableNames.unquote(prop.getOwnerName()), TableNames.unquote(prop.getName()))
                : views.showCreateView(null, TableNames.unquote(name.toString()));
        }
        if (statement instanceof SQLShowCreateTableStatement s) {
            var view = view(null, s.getName());
            if (view.isPresent()) {
                return views.showCreate(view.get());
            }
            TableMeta t = table(null, s.getName());
            return StatementResult.ofRows(List.of(ColumnMeta.computed("Table", MysqlType.VAR_STRING),
                ColumnMeta.computed("Create Table", MysqlType.VAR_STRING)),
                List.<Object[]>of(new Object[] {t.name(), withAutoIncrement(t)}));
        }
        if (statement instanceof SQLShowVariantsStatement s) {
            Map<String, Object> vars = new java.util.TreeMap<>(s.isGlobal() ? context.variables().sessionDefaults()
                : state.variables());
            List<Object[]> rows = new ArrayList<>();
            // DOUBLE variables (long_query_time) print with six decimals, as MariaDB's SHOW VARIABLES
            vars.forEach((k, v) -> rows.add(new Object[] {k, v == null ? "" : v instanceof Double d
                ? String.format(Locale.ROOT, "%.6f", d) : String.valueOf(v)}));
            return filtered(List.of(ColumnMeta.computed("Variable_name", MysqlType.VAR_STRING),
                ColumnMeta.computed("Value", MysqlType.VAR_STRING)), rows, like(s.getLike()), s.getWhere());
        }
        if (statement instanceof MySqlShowWarningsStatement) {
            List<Object[]> rows = new ArrayList<>();
            state.warnings().forEach(w -> rows.add(new Object[] {w.level(), (long) w.code(), w.message()}));
            return StatementResult.ofRows(List.of(ColumnMeta.computed("Level", MysqlType.VAR_STRING),
                ColumnMeta.computed("Code", MysqlType.LONG), ColumnMeta.computed("Message", MysqlType.VAR_STRING)),
                rows);
        }
        if (statement instanceof MySqlShowProcessListStatement) {
            return processList();
        }
        String upper = sql.trim().toUpperCase(Locale.ROOT);
        if (upper.startsWith("SHOW GRANTS")) {
            return grants(sql);
        }
        if (CN_STATUS.matcher(upper).find()) {
            return cnStatus(sql.substring(sql.indexOf('\'') + 1, sql.lastIndexOf('\'')));
        }
        if (PASS_THROUGH.matcher(upper).find()) {
            // the DN answers about its SQL (engines, collations ...): nothing else may ride along in a WHERE
            if (hasSubquery(statement)) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "subqueries in SHOW ... WHERE");
            }
            String text = expressions.substitute(statement) ? com.alibaba.druid.sql.SQLUtils.toMySqlString(statement)
                : sql;
            String dn = context.dataNodes().dataNodeIds().get(0);
            return StatementResult.Rows.of(PlanExecutor.runShards(List.of(new ShardQuery(dn, text)), pooled(), null,
                null, Map.of()));
        }
        if (ROUTINE_STATUS.matcher(upper).find()) {
            return StatementResult.ofRows(ROUTINE_STATUS_COLUMNS.stream()
                .map(c -> ColumnMeta.computed(c, MysqlType.VAR_STRING)).toList(), List.of());
        }
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, sql.trim());
    }

    private static final List<String> TRIGGER_COLUMNS = List.of("Trigger", "Event", "Table", "Statement", "Timing",
        "Created", "sql_mode", "Definer", "character_set_client", "collation_connection", "Database Collation");
    private static final List<String> EVENT_COLUMNS = List.of("Db", "Name", "Definer", "Time zone", "Type",
        "Execute at", "Interval value", "Interval field", "Starts", "Ends", "Status", "Originator",
        "character_set_client", "collation_connection", "Database Collation");

    /**
     * What GUI tools and dumps list and the CN has none of or keeps no state for: SHOW TRIGGERS and SHOW EVENTS
     * (no triggers or events here: empty, after checking the database), SHOW PROFILES (profiling is off: empty),
     * SHOW OPEN TABLES (the database's tables, none in use or locked). Null for any other statement.
     */
    private StatementResult emptyListings(SQLStatement statement) {
        if (statement instanceof com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlShowTriggersStatement t) {
            namedOrCurrentDatabase(t.getDatabase() == null ? null : t.getDatabase().getSimpleName());
            return textColumns(TRIGGER_COLUMNS, List.of());
        }
        if (statement instanceof com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlShowEventsStatement e) {
            namedOrCurrentDatabase(e.getSchema() == null ? null : e.getSchema().toString());
            return textColumns(EVENT_COLUMNS, List.of());
        }
        if (statement instanceof com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlShowProfilesStatement) {
            return StatementResult.ofRows(List.of(ColumnMeta.computed("Query_ID", MysqlType.LONG),
                ColumnMeta.computed("Duration", MysqlType.NEWDECIMAL),
                ColumnMeta.computed("Query", MysqlType.VAR_STRING)), List.of());
        }
        if (statement instanceof com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlShowOpenTablesStatement o) {
            // MariaDB lists nothing, without an error, for a database that does not exist
            String db = o.getDatabase() == null ? requireDb() : TableNames.unquote(o.getDatabase().toString());
            List<Object[]> rows = new ArrayList<>();
            for (TableMeta t : context.meta().database(db).isEmpty() ? List.<TableMeta>of() : context.meta().tables(db)) {
                if (access.sees(db, t.name())) {
                    rows.add(new Object[] {db, t.name(), 0L, 0L});
                }
            }
            return filteredOn(List.of(ColumnMeta.computed("Database", MysqlType.VAR_STRING),
                ColumnMeta.computed("Table", MysqlType.VAR_STRING), ColumnMeta.computed("In_use", MysqlType.LONGLONG),
                ColumnMeta.computed("Name_locked", MysqlType.LONGLONG)), rows, like(o.getLike()), 1, o.getWhere());
        }
        return null;
    }

    /** The named database (or the current one), 1049 when it does not exist, 1046 when none is named or current. */
    private String namedOrCurrentDatabase(String named) {
        String db = named == null ? requireDb() : TableNames.unquote(named);
        requireDatabase(db);
        return db;
    }

    private static StatementResult textColumns(List<String> names, List<Object[]> rows) {
        return StatementResult.ofRows(names.stream().map(c -> ColumnMeta.computed(c, MysqlType.VAR_STRING)).toList(),
            rows);
    }

    /** SHOW FUNCTION/PROCEDURE STATUS: the CN has no stored routines, so the list is empty (drivers ask for it). */
    private static final Pattern ROUTINE_STATUS = Pattern.compile("^SHOW\\s+(FUNCTION|PROCEDURE)\\s+STATUS\\b");
    private static final List<String> ROUTINE_STATUS_COLUMNS = List.of("Db", "Name", "Type", "Definer", "Modified",
        "Created", "Security_type", "Comment", "character_set_client", "collation_connection", "Database Collation");

    /** {@code SHOW [GLOBAL] STATUS LIKE 'polardbx%'}: the CN's own counters. */
    private static final Pattern CN_STATUS = Pattern.compile(
        "^SHOW\\s+(SESSION\\s+|GLOBAL\\s+)?STATUS\\s+LIKE\\s+'POLARDBX");

    private StatementResult cnStatus(String likePattern) {
        java.util.regex.Pattern like = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(likePattern).replace("%", "\\E.*\\Q").replace("_", "\\E.\\Q"),
            java.util.regex.Pattern.CASE_INSENSITIVE);
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"polardbx_plan_cache_entries", String.valueOf(context.planner().cachedPlans())});
        rows.add(new Object[] {"polardbx_plan_cache_hits", String.valueOf(context.planner().planCacheHits())});
        rows.add(new Object[] {"polardbx_plan_cache_misses", String.valueOf(context.planner().planCacheMisses())});
        rows.add(new Object[] {"polardbx_spill_bytes",
            String.valueOf(com.polardbx.executor.spill.SpillSpace.processBytesWritten())});
        rows.add(new Object[] {"polardbx_spill_files",
            String.valueOf(com.polardbx.executor.spill.SpillSpace.processFilesWritten())});
        rows.add(new Object[] {"polardbx_spill_files_live",
            String.valueOf(com.polardbx.executor.spill.SpillSpace.processLiveFiles())});
        rows.add(new Object[] {"polardbx_query_memory_bytes",
            String.valueOf(com.polardbx.executor.memory.MemoryPool.processReservedBytes())});
        rows.removeIf(r -> !like.matcher((String) r[0]).matches());
        return StatementResult.ofRows(List.of(ColumnMeta.computed("Variable_name", MysqlType.VAR_STRING),
            ColumnMeta.computed("Value", MysqlType.VAR_STRING)), rows);
    }

    /** SHOWs about the server rather than about data, answered by a DN. */
    private static final Pattern PASS_THROUGH = Pattern.compile(
        "^SHOW\\s+(ENGINES|COLLATION|CHARACTER\\s+SET|CHARSET|(SESSION\\s+|GLOBAL\\s+)?STATUS|PLUGINS|PRIVILEGES)");

    private static boolean hasSubquery(SQLStatement statement) {
        boolean[] found = {false};
        statement.accept(new com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(com.alibaba.druid.sql.ast.statement.SQLSelect select) {
                found[0] = true;
                return false;
            }
        });
        return found[0];
    }

    /** {@code DESC t [column]}: MySQL's SHOW COLUMNS output. */
    public StatementResult describe(com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlExplainStatement desc) {
        String performanceSchemaTable = performanceSchemaTable(null, desc.getTableName());
        if (performanceSchemaTable != null) {
            Pattern column = desc.getColumnName() == null ? null
                : like(new SQLCharExpr(TableNames.unquote(desc.getColumnName().getSimpleName())));
            return filtered(PerformanceSchemaTables.columnHeaders(),
                PerformanceSchemaTables.columns(performanceSchemaTable), column);
        }
        var view = view(null, desc.getTableName());
        if (view.isPresent()) {
            Pattern like = desc.getColumnName() == null ? null
                : Pattern.compile(Pattern.quote(TableNames.unquote(desc.getColumnName().getSimpleName())),
                    Pattern.CASE_INSENSITIVE);
            return views.columns(view.get(), false, like);
        }
        TableMeta t = table(null, desc.getTableName());
        String like = desc.getColumnName() == null ? ""
            : " LIKE " + com.polardbx.server.session.Placeholders.quote(TableNames.unquote(
                desc.getColumnName().getSimpleName()));
        return GlobalIndexShows.withColumnKeys(t, physical(t, "SHOW COLUMNS FROM %s" + like));
    }

    /** {@code SHOW GLOBAL INDEX [FROM|IN t]}: one table's, or every table's of the current database. */
    public StatementResult showGlobalIndex(String tableOrNull) {
        List<TableMeta> tables = new ArrayList<>();
        if (tableOrNull == null) {
            for (TableMeta t : context.meta().tables(requireDb())) {
                if (access.sees(t.schema(), t.name())) {
                    tables.add(t);
                }
            }
        } else {
            TableMeta t = table(null, com.alibaba.druid.sql.SQLUtils.toMySqlExpr(tableOrNull));
            access.requireSees(t.schema(), t.name(), "SHOW");
            tables.add(t);
        }
        return GlobalIndexShows.showGlobalIndex(tables);
    }

    /** A job's own words on its progress (a backfill's rows and rows/s), from its payload's {@code detail}. */
    private static String detail(String payload) {
        if (payload == null) {
            return "";
        }
        for (String line : payload.split("\n")) {
            if (line.startsWith("set\tdetail\t")) {
                return " (" + line.substring("set\tdetail\t".length()) + ")";
            }
        }
        return "";
    }

    public StatementResult showDdl() {
        List<Object[]> rows = new ArrayList<>();
        for (DdlJobRecord j : context.ddl().showDdl()) {
            if (j.schema() != null && !access.sees(j.schema(), null)) {
                continue; // another database's jobs are not this user's business
            }
            rows.add(new Object[] {j.id(), j.schema(), j.objectName(), j.type(), j.state(),
                j.progressPercent() + "%" + detail(j.payload()), j.ddlSql(), j.error(),
                j.created() == null ? null : j.created().toString().replace('T', ' ')});
        }
        List<ColumnMeta> cols = new ArrayList<>();
        for (String c : List.of("JOB_ID", "SCHEMA", "OBJECT", "TYPE", "STATE", "PROGRESS", "DDL_STMT", "ERROR",
            "START_TIME")) {
            cols.add(ColumnMeta.computed(c, c.equals("JOB_ID") ? MysqlType.LONGLONG : MysqlType.VAR_STRING));
        }
        return StatementResult.ofRows(cols, rows);
    }

    public List<ColumnMeta> fieldList(String table) {
        TableMeta t = context.meta().table(requireDb(), TableNames.unquote(table))
            .orElseThrow(() -> new SqlError(ErrorCode.ER_NO_SUCH_TABLE, state.database(), table));
        access.requireSees(t.schema(), t.name(), "SELECT");
        PartitionDef p = t.partitions().get(0);
        String sql = "SELECT * FROM `" + p.physicalDb() + "`.`" + p.physicalTable() + "` LIMIT 0";
        try (RowCursor c = PlanExecutor.runShards(List.of(new ShardQuery(p.dnId(), sql)), pooled(), null, null,
            Map.of(p.physicalTable(), t.name(), p.physicalDb(), t.schema()))) {
            return c.columns();
        }
    }

    /**
     * {@code SHOW GRANTS [FOR user[@host]]}: the named account's grants. Another account's grants need SELECT on the
     * mysql schema (1044 without it), as in MySQL.
     */
    private StatementResult grants(String sql) {
        String[] account = GrantsTarget.parse(sql, state.user(), state.accountHost());
        boolean own = account[0].equals(state.user()) && account[1].equals(state.accountHost());
        if (!own && !context.users().allowed(state.user(), state.accountHost(),
            com.polardbx.gms.user.Privilege.SELECT, "mysql", "*")) {
            throw new SqlError(ErrorCode.ER_DBACCESS_DENIED, state.user(), state.accountHost(), "mysql");
        }
        List<Object[]> rows = new ArrayList<>();
        context.users().showGrants(account[0], account[1]).forEach(g -> rows.add(new Object[] {g}));
        return StatementResult.ofRows(List.of(ColumnMeta.computed("Grants for " + account[0] + "@" + account[1],
            MysqlType.VAR_STRING)), rows);
    }

    private StatementResult processList() {
        List<Object[]> rows = ProcessListRows.of(context, state);
        List<ColumnMeta> cols = List.of(ColumnMeta.computed("Id", MysqlType.LONGLONG),
            ColumnMeta.computed("User", MysqlType.VAR_STRING), ColumnMeta.computed("Host", MysqlType.VAR_STRING),
            ColumnMeta.computed("db", MysqlType.VAR_STRING), ColumnMeta.computed("Command", MysqlType.VAR_STRING),
            ColumnMeta.computed("Time", MysqlType.LONGLONG), ColumnMeta.computed("State", MysqlType.VAR_STRING),
            ColumnMeta.computed("Info", MysqlType.VAR_STRING));
        return StatementResult.ofRows(cols, rows);
    }

    /**
     * SHOW INDEX of a partitioned table: the first partition's rows with each index column's Cardinality summed
     * over every partition (the DNs' own estimates; a partition alone would understate the table's).
     */
    private StatementResult withCardinalityOfAllPartitions(TableMeta t, StatementResult first) {
        if (t.kind() != com.polardbx.gms.meta.TableKind.PARTITIONED || t.partitions().size() < 2) {
            return first;
        }
        List<Object[]> rows = new ArrayList<>();
        List<ColumnMeta> cols;
        try (RowCursor c = ((StatementResult.Rows) first).cursor()) {
            cols = c.columns();
            for (Object[] row = c.next(); row != null; row = c.next()) {
                rows.add(row);
            }
        }
        Map<String, Long> sums = new java.util.HashMap<>();
        for (PartitionDef p : t.partitions()) {
            String sql = "SHOW INDEX FROM `" + p.physicalDb() + "`.`" + p.physicalTable() + "`";
            try (RowCursor c = PlanExecutor.runShards(List.of(new ShardQuery(p.dnId(), sql)), pooled(), null, null,
                Map.of())) {
                for (Object[] row = c.next(); row != null; row = c.next()) {
                    if (row[6] instanceof Number n) {
                        sums.merge(row[2] + "\u0000" + row[3], n.longValue(), Long::sum);
                    }
                }
            }
        }
        for (Object[] row : rows) {
            Long sum = sums.get(row[2] + "\u0000" + row[3]);
            if (sum != null) {
                row[6] = sum;
            }
        }
        return StatementResult.ofRows(cols, rows);
    }

    private StatementResult physical(TableMeta t, String template) {
        PartitionDef p = t.partitions().get(0);
        // not String.format: a LIKE pattern after the table name holds % signs of its own
        int at = template.indexOf("%s");
        String sql = template.substring(0, at) + "`" + p.physicalDb() + "`.`" + p.physicalTable() + "`"
            + template.substring(at + 2);
        List<Object[]> rows = new ArrayList<>();
        List<ColumnMeta> cols;
        try (RowCursor c = PlanExecutor.runShards(List.of(new ShardQuery(p.dnId(), sql)), pooled(), null, null,
            Map.of())) {
            cols = c.columns();
            for (Object[] row = c.next(); row != null; row = c.next()) {
                for (int i = 0; i < row.length; i++) {
                    if (p.physicalTable().equals(row[i])) {
                        row[i] = t.name();
                    }
                }
                rows.add(row);
            }
        }
        return StatementResult.ofRows(cols, rows);
    }

    /** {database, name} of a SHOW's {@code [FROM db] [db.]name}; the database null when neither names one. */
    private static String[] named(SQLName database, SQLExpr name) {
        if (name instanceof SQLPropertyExpr prop) {
            return new String[] {TableNames.unquote(prop.getOwnerName()), TableNames.unquote(prop.getName())};
        }
        return new String[] {database == null ? null : TableNames.unquote(database.getSimpleName()),
            TableNames.unquote(name.toString())};
    }

    /** The view a SHOW names, if the name is a view's rather than a table's. */
    private java.util.Optional<com.polardbx.gms.meta.ViewMeta> view(SQLName database, SQLExpr name) {
        String[] named = named(database, name);
        String db = named[0];
        String table = named[1];
        return views.visibleView(db, table);
    }

    /** The table name when {@code [database.]name} is in performance_schema (named or current), else null. */
    private String performanceSchemaTable(SQLName database, SQLExpr name) {
        String[] named = named(database, name);
        String db = named[0];
        String table = named[1];
        return PerformanceSchemaTables.is(db == null ? state.database() : db) ? table : null;
    }

    private TableMeta table(SQLName database, SQLExpr name) {
        String[] named = named(database, name);
        String db = named[0];
        String table = named[1];
        String schema = db == null ? requireDb() : db;
        requireDatabase(schema);
        TableMeta found = context.meta().table(schema, table)
            .orElseThrow(() -> new SqlError(ErrorCode.ER_NO_SUCH_TABLE, schema, table));
        access.requireSees(schema, found.name(), "SELECT");
        return found;
    }

    private String requireDb() {
        if (state.database() == null) {
            throw new SqlError(ErrorCode.ER_NO_DB);
        }
        return state.database();
    }

    private void requireDatabase(String db) {
        if (context.meta().database(db).isEmpty()) {
            throw new SqlError(ErrorCode.ER_BAD_DB, db);
        }
    }

    /** A SHOW ... LIKE pattern as a regular expression; null when there is none. */
    public static Pattern like(SQLExpr likeExpr) {
        if (!(likeExpr instanceof SQLCharExpr c)) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        for (char ch : c.getText().toCharArray()) {
            switch (ch) {
                case '%' -> re.append(".*");
                case '_' -> re.append('.');
                default -> re.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    }

    private static StatementResult filtered(List<ColumnMeta> cols, List<Object[]> rows, Pattern like) {
        return filtered(cols, rows, like, null);
    }

    /** The rows whose first column matches {@code like} and that satisfy {@code where} (each may be absent). */
    private static StatementResult filtered(List<ColumnMeta> cols, List<Object[]> rows, Pattern like, SQLExpr where) {
        return filteredOn(cols, rows, like, 0, where);
    }

    /** The rows whose column {@code likeColumn} matches {@code like} and that satisfy {@code where}. */
    private static StatementResult filteredOn(List<ColumnMeta> cols, List<Object[]> rows, Pattern like, int likeColumn,
                                              SQLExpr where) {
        if (like == null && where == null) {
            return StatementResult.ofRows(cols, rows);
        }
        java.util.function.Predicate<Object[]> condition = ShowWhere.of(where,
            cols.stream().map(ColumnMeta::name).toList());
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : rows) {
            if ((like == null || like.matcher(String.valueOf(r[likeColumn])).matches()) && condition.test(r)) {
                out.add(r);
            }
        }
        return StatementResult.ofRows(cols, out);
    }

    private ConnectionProvider pooled() {
        return ConnectionProviders.closing(context.dataNodes()::getConnection);
    }

    /**
     * The stored CREATE TABLE with MariaDB's {@code AUTO_INCREMENT=n} table option when the next id is above 1, so
     * that a dump restores the counter.
     */
    private String withAutoIncrement(TableMeta t) {
        String sql = GlobalIndexShows.createTable(t, t.createSql());
        int engine = sql.indexOf(") ENGINE=InnoDB");
        if (engine < 0 || t.columns().stream().noneMatch(com.polardbx.gms.meta.ColumnDef::autoIncrement)) {
            return sql;
        }
        long next = context.autoIncrement().peek(t);
        int at = engine + ") ENGINE=InnoDB".length();
        return next <= 1 ? sql : sql.substring(0, at) + " AUTO_INCREMENT=" + next + sql.substring(at);
    }
}
