package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProviders;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.user.Privilege;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.AccessCheck;
import com.polardbx.server.session.SessionState;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The table statements that dump, check and admin tools send: CHECK TABLE, CHECKSUM TABLE, SHOW TABLE STATUS and
 * SHOW CREATE DATABASE. Each is answered about the logical table, from what its physical tables on the DNs say.
 */
public final class TableToolsHandler {
    private final ServerContext context;
    private final SessionState state;
    private final AccessCheck access;

    public TableToolsHandler(ServerContext context, SessionState state, AccessCheck access) {
        this.context = context;
        this.state = state;
        this.access = access;
    }

    /** A table a statement names: {@code [db.]table}. */
    public record TableName(String schema, String table) {
        String qualified() {
            return schema + "." + table;
        }
    }

    /** 1146 unless the table exists. */
    public void requireExists(TableName name) {
        if (context.meta().table(name.schema(), name.table()).isEmpty()) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, name.schema(), name.table());
        }
    }

    /** LOCK TABLES names views as well as tables (mariadb-dump locks every name SHOW TABLES lists). */
    public void requireTableOrView(TableName name) {
        if (context.meta().view(name.schema(), name.table()).isEmpty()) {
            requireExists(name);
        }
    }

    /** CHECK TABLE: MySQL's rows per table; a table is OK when every physical table is. */
    public StatementResult check(List<TableName> tables) {
        List<Object[]> rows = new ArrayList<>();
        for (TableName name : tables) {
            access.requireTable(Privilege.SELECT, name.schema(), name.table());
            Optional<TableMeta> table = context.meta().table(name.schema(), name.table());
            if (table.isEmpty()) {
                rows.add(new Object[] {name.qualified(), "check", "Error",
                    "Table '" + name.qualified() + "' doesn't exist"});
                rows.add(new Object[] {name.qualified(), "check", "status", "Operation failed"});
                continue;
            }
            Object[] verdict = {name.qualified(), "check", "status", "OK"};
            for (PartitionDef p : physicalCopies(table.get())) {
                for (Object[] r : queryDataNode(p.dnId(), "CHECK TABLE " + physicalName(p))) {
                    if (!"OK".equals(String.valueOf(r[3])) && !"Table is already up to date".equals(r[3])) {
                        verdict = new Object[] {name.qualified(), "check", r[2], String.valueOf(r[3])
                            .replace(p.physicalTable(), name.table()).replace(p.physicalDb(), name.schema())};
                    }
                }
            }
            rows.add(verdict);
        }
        return StatementResult.ofRows(List.of(text("Table"), text("Op"), text("Msg_type"), text("Msg_text")), rows);
    }

    /**
     * OPTIMIZE TABLE / REPAIR TABLE: run on every physical table (each copy of a broadcast table) without writing the
     * DNs' binlogs (the global binlog carries logical changes only); the logical table gets each distinct note once
     * and the worst status. Needs SELECT and INSERT, as in MySQL.
     *
     * @param op {@code optimize} or {@code repair}
     */
    public StatementResult maintain(String op, List<TableName> tables) {
        List<Object[]> rows = new ArrayList<>();
        for (TableName name : tables) {
            access.requireTable(Privilege.SELECT, name.schema(), name.table());
            access.requireTable(Privilege.INSERT, name.schema(), name.table());
            Optional<TableMeta> table = context.meta().table(name.schema(), name.table());
            if (table.isEmpty()) {
                rows.add(new Object[] {name.qualified(), op, "Error",
                    "Table '" + name.qualified() + "' doesn't exist"});
                rows.add(new Object[] {name.qualified(), op, "status", "Operation failed"});
                continue;
            }
            java.util.LinkedHashSet<List<String>> notes = new java.util.LinkedHashSet<>();
            String status = null;
            for (PartitionDef p : table.get().partitions()) {
                String sql = op.toUpperCase(java.util.Locale.ROOT) + " NO_WRITE_TO_BINLOG TABLE " + physicalName(p);
                for (Object[] r : queryDataNode(p.dnId(), sql)) {
                    String type = String.valueOf(r[2]);
                    String text = String.valueOf(r[3]).replace(p.physicalTable(), name.table())
                        .replace(p.physicalDb(), name.schema());
                    if (type.equals("status")) {
                        status = status == null || status.equals("OK") ? text : status;
                    } else {
                        notes.add(List.of(type, text));
                    }
                }
            }
            notes.forEach(n -> rows.add(new Object[] {name.qualified(), op, n.get(0), n.get(1)}));
            if (status != null) {
                rows.add(new Object[] {name.qualified(), op, "status", status});
            }
        }
        return StatementResult.ofRows(List.of(text("Table"), text("Op"), text("Msg_type"), text("Msg_text")), rows);
    }

    /**
     * {@code CHECK GLOBAL INDEX g [ON t] [CORRECTION_BASED_ON_PRIMARY]}: one row per problem found (at most 100), then
     * a summary row; correcting needs INDEX and INSERT/DELETE-like rights, here INDEX on the table.
     */
    public StatementResult checkGlobalIndex(String indexName, TableName tableOrNull, boolean correct) {
        String index = TableNames.unquote(indexName);
        TableMeta table = null;
        if (tableOrNull != null) {
            TableName name = tableOrNull;
            table = context.meta().table(name.schema(), name.table()).orElseThrow(() ->
                new SqlError(ErrorCode.ER_NO_SUCH_TABLE, name.schema(), name.table()));
        } else {
            if (state.database() == null) {
                throw new SqlError(ErrorCode.ER_NO_DB);
            }
            for (TableMeta t : context.meta().tables(state.database())) {
                if (t.globalIndex(index).isPresent()) {
                    table = t;
                }
            }
            if (table == null) {
                throw new SqlError(ErrorCode.ER_KEY_DOES_NOT_EXIST, index, "(any table)");
            }
        }
        access.requireTable(correct ? Privilege.INDEX : Privilege.SELECT, table.schema(), table.name());
        TableMeta t = table;
        com.polardbx.gms.meta.GlobalIndexMeta g = t.globalIndex(index).orElseThrow(() ->
            new SqlError(ErrorCode.ER_KEY_DOES_NOT_EXIST, index, t.name()));
        com.polardbx.executor.gsi.GlobalIndexCheck.Report report = new com.polardbx.executor.gsi.GlobalIndexCheck(
            t, g, context.insertRouter()).run(ConnectionProviders.closing(context.dataNodes()::getConnection), correct);
        List<Object[]> rows = new ArrayList<>();
        String qualified = t.schema() + "." + t.name();
        report.problems().stream().limit(100).forEach(p -> rows.add(new Object[] {qualified, g.name(), p.kind(),
            "primary key (" + p.key() + ")"}));
        String summary = report.problems().isEmpty() ? "OK (" + report.primaryRows() + " rows)"
            : report.count("MISSING") + " missing, " + report.count("ORPHAN") + " orphan, "
            + report.count("MISMATCH") + " mismatched"
            + (report.count("MISPLACED") > 0 ? ", " + report.count("MISPLACED") + " misplaced" : "")
            + (correct ? "; corrected from the primary" : "");
        rows.add(new Object[] {qualified, g.name(), "status", summary});
        return StatementResult.ofRows(List.of(text("Table"), text("Index"), text("Msg_type"), text("Msg_text")),
            rows);
    }

    /** MariaDB's table checksum is a 32-bit sum of its rows' checksums. */
    private static final BigInteger CHECKSUM_MODULUS = BigInteger.ONE.shiftLeft(32);

    /**
     * CHECKSUM TABLE: MariaDB's checksum of a table is the sum of its rows' checksums modulo 2^32, so the logical
     * table's is the partitions' sum modulo 2^32 (one copy of a broadcast table).
     */
    public StatementResult checksum(List<TableName> tables, boolean quick) {
        List<Object[]> rows = new ArrayList<>();
        for (TableName name : tables) {
            access.requireTable(Privilege.SELECT, name.schema(), name.table());
            Optional<TableMeta> table = context.meta().table(name.schema(), name.table());
            if (table.isEmpty()) {
                state.warnings().add(new SessionState.Warning("Error", ErrorCode.ER_NO_SUCH_TABLE.errno(),
                    "Table '" + name.qualified() + "' doesn't exist"));
                rows.add(new Object[] {name.qualified(), null});
                continue;
            }
            BigInteger sum = BigInteger.ZERO;
            for (PartitionDef p : physicalCopies(table.get())) {
                for (Object[] r : queryDataNode(p.dnId(),
                    "CHECKSUM TABLE " + physicalName(p) + (quick ? " QUICK" : " EXTENDED"))) {
                    if (r[1] == null) {
                        sum = null;
                        break;
                    }
                    sum = sum.add(new BigInteger(String.valueOf(r[1])));
                }
                if (sum == null) {
                    break;
                }
            }
            rows.add(new Object[] {name.qualified(), sum == null ? null : sum.mod(CHECKSUM_MODULUS)});
        }
        return StatementResult.ofRows(List.of(text("Table"), ColumnMeta.computed("Checksum", MysqlType.LONGLONG)),
            rows);
    }

    /** SHOW CREATE DATABASE [IF NOT EXISTS] db, with the version comments MariaDB writes. */
    public StatementResult showCreateDatabase(String name, boolean ifNotExists) {
        DatabaseMeta db = context.meta().database(name)
            .orElseThrow(() -> new SqlError(ErrorCode.ER_BAD_DB, name));
        access.requireAnyOn(db.name());
        String sql = "CREATE DATABASE " + (ifNotExists ? "/*!32312 IF NOT EXISTS*/ " : "") + quote(db.name())
            + " /*!40100 DEFAULT CHARACTER SET " + db.charset() + " COLLATE " + db.collation() + " */";
        return StatementResult.ofRows(List.of(text("Database"), text("Create Database")),
            List.<Object[]>of(new Object[] {db.name(), sql}));
    }

    /** SHOW TABLE STATUS [FROM db] [LIKE 'pattern']: the DNs' figures summed over each table's partitions. */
    public StatementResult showTableStatus(String schema, java.util.regex.Pattern like) {
        context.meta().database(schema).orElseThrow(() -> new SqlError(ErrorCode.ER_BAD_DB, schema));
        List<Object[]> rows = new ArrayList<>();
        for (TableMeta t : context.meta().tables(schema)) {
            if (like != null && !like.matcher(t.name()).matches() || !access.sees(schema, t.name())) {
                continue;
            }
            rows.add(tableStatus(t));
        }
        for (com.polardbx.gms.meta.ViewMeta v : context.meta().views(schema)) {
            if ((like == null || like.matcher(v.name()).matches()) && access.sees(schema, v.name())) {
                rows.add(ViewHandler.tableStatus(v));
            }
        }
        rows.sort((a, b) -> ((String) a[0]).compareTo((String) b[0]));
        List<ColumnMeta> cols = List.of(text("Name"), text("Engine"), number("Version"), text("Row_format"),
            number("Rows"), number("Avg_row_length"), number("Data_length"), number("Max_data_length"),
            number("Index_length"), number("Data_free"), number("Auto_increment"),
            ColumnMeta.computed("Create_time", MysqlType.DATETIME), ColumnMeta.computed("Update_time",
                MysqlType.DATETIME), ColumnMeta.computed("Check_time", MysqlType.DATETIME), text("Collation"),
            number("Checksum"), text("Create_options"), text("Comment"), number("Max_index_length"),
            text("Temporary"));
        return StatementResult.ofRows(cols, rows);
    }

    private Object[] tableStatus(TableMeta t) {
        long rowCount = 0;
        long data = 0;
        long index = 0;
        long free = 0;
        Object[] first = null;
        Object created = null;
        Object updated = null;
        for (PartitionDef p : physicalCopies(t)) {
            List<Object[]> r = queryDataNode(p.dnId(), "SELECT ENGINE, VERSION, ROW_FORMAT, TABLE_ROWS,"
                + " DATA_LENGTH, INDEX_LENGTH, DATA_FREE, CREATE_TIME, UPDATE_TIME, TABLE_COLLATION,"
                + " TABLE_COMMENT, MAX_DATA_LENGTH, MAX_INDEX_LENGTH FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA = '" + p.physicalDb() + "' AND TABLE_NAME = '" + p.physicalTable() + "'");
            if (r.isEmpty()) {
                continue;
            }
            Object[] s = r.get(0);
            first = first == null ? s : first;
            rowCount += asLong(s[3]);
            data += asLong(s[4]);
            index += asLong(s[5]);
            free += asLong(s[6]);
            created = earliest(created, s[7]);
            updated = latest(updated, s[8]);
        }
        if (first == null) {
            first = new Object[13];
        }
        return new Object[] {t.name(), first[0], first[1], first[2], rowCount, rowCount == 0 ? 0L : data / rowCount,
            data, first[11], index, free, null, created, updated, null, first[9], null,
            t.kind() == TableKind.PARTITIONED ? "partitioned" : "", first[10], first[12], "N"};
    }

    /** The physical tables that hold a table's rows once: every partition, or one copy of a broadcast table. */
    private static List<PartitionDef> physicalCopies(TableMeta t) {
        return t.kind() == TableKind.BROADCAST ? t.partitions().subList(0, 1) : t.partitions();
    }

    private List<Object[]> queryDataNode(String dnId, String sql) {
        List<Object[]> rows = new ArrayList<>();
        try (RowCursor c = PlanExecutor.runShards(List.of(new ShardQuery(dnId, sql)),
            ConnectionProviders.closing(context.dataNodes()::getConnection), null, null, Map.of())) {
            for (Object[] row = c.next(); row != null; row = c.next()) {
                rows.add(row);
            }
        }
        return rows;
    }

    private static String physicalName(PartitionDef p) {
        return quote(p.physicalDb()) + "." + quote(p.physicalTable());
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static long asLong(Object v) {
        return v == null ? 0 : ((Number) v).longValue();
    }

    @SuppressWarnings("unchecked")
    private static Object earliest(Object a, Object b) {
        return a == null ? b : b == null ? a : ((Comparable<Object>) a).compareTo(b) <= 0 ? a : b;
    }

    @SuppressWarnings("unchecked")
    private static Object latest(Object a, Object b) {
        return a == null ? b : b == null ? a : ((Comparable<Object>) a).compareTo(b) >= 0 ? a : b;
    }

    private static ColumnMeta text(String name) {
        return ColumnMeta.computed(name, MysqlType.VAR_STRING);
    }

    private static ColumnMeta number(String name) {
        return ColumnMeta.computed(name, MysqlType.LONGLONG);
    }
}
