package com.polardbx.server.protocol;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.type.MysqlType;
import com.polardbx.server.session.ServerSession;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scripted in-memory session for protocol tests. It understands a few statements: {@code select 1},
 * {@code select types} (one row of many types), {@code select @@x, ...}, {@code rows N}, {@code big N} (one N-byte
 * string), {@code insert ...} (3 rows, id 42), {@code begin/commit}, {@code bad} (1146), {@code boom} (a bug),
 * {@code fail after N} (rows, then an error), {@code sleep} (blocks until cancelled); any {@code set}/{@code use} is OK.
 */
final class TestingServerSession implements ServerSession {
    static final Map<String, String> VARIABLES = Map.ofEntries(
        Map.entry("auto_increment_increment", "1"), Map.entry("character_set_client", "utf8mb4"),
        Map.entry("character_set_connection", "utf8mb4"), Map.entry("character_set_results", "utf8mb4"),
        Map.entry("character_set_server", "utf8mb4"), Map.entry("collation_server", "utf8mb4_general_ci"),
        Map.entry("collation_connection", "utf8mb4_general_ci"), Map.entry("init_connect", ""),
        Map.entry("interactive_timeout", "28800"), Map.entry("license", "GPL"),
        Map.entry("lower_case_table_names", "0"), Map.entry("max_allowed_packet", "67108864"),
        Map.entry("net_write_timeout", "60"), Map.entry("performance_schema", "0"), Map.entry("sql_mode", ""),
        Map.entry("system_time_zone", "UTC"), Map.entry("time_zone", "SYSTEM"),
        Map.entry("transaction_isolation", "REPEATABLE-READ"), Map.entry("tx_isolation", "REPEATABLE-READ"),
        Map.entry("wait_timeout", "28800"), Map.entry("version_comment", "PolarDB-X test"),
        Map.entry("transaction_read_only", "0"), Map.entry("tx_read_only", "0"), Map.entry("autocommit", "1"),
        Map.entry("version", "8.0.32-polardbx-0.1"), Map.entry("query_cache_size", "0"),
        Map.entry("query_cache_type", "OFF"), Map.entry("net_buffer_length", "16384"));
    private static final Pattern ROWS = Pattern.compile("rows (\\d+)");
    private static final Pattern BIG = Pattern.compile("big (\\d+)");
    private static final Pattern FAIL_AFTER = Pattern.compile("fail after (\\d+)");

    final long connectionId;
    final List<String> executed = new ArrayList<>();
    final List<Object[]> preparedParameters = new ArrayList<>();
    volatile boolean closed;
    volatile boolean cancelled;
    volatile String user;
    volatile int openCursors;
    private final AtomicInteger nextStatementId = new AtomicInteger(1);
    private final Map<Integer, String> preparedSql = new HashMap<>();
    private String database;
    private boolean inTransaction;

    TestingServerSession(long connectionId) {
        this.connectionId = connectionId;
    }

    @Override
    public long connectionId() {
        return connectionId;
    }

    @Override
    public void authenticated(String user, String host, String database) {
        if (database != null && !database.equals("test") && !database.equals("db1")) {
            throw new SqlError(ErrorCode.ER_BAD_DB, database);
        }
        this.user = user;
        this.database = database;
    }

    @Override
    public List<String> splitStatements(String sql) {
        return Arrays.stream(sql.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public StatementResult execute(String rawSql) {
        String sql = rawSql.replaceAll("/\\*.*?\\*/", "").replaceAll("\\s+", " ").trim();
        synchronized (executed) {
            executed.add(sql);
        }
        String lower = sql.toLowerCase(Locale.ROOT);
        Matcher m;
        if (lower.equals("select 1")) {
            return rows(List.of(ColumnMeta.computed("1", MysqlType.LONGLONG)), List.<Object[]>of(new Object[] {1L}));
        } else if (lower.equals("select types")) {
            return rows(TypesRow.COLUMNS, List.<Object[]>of(TypesRow.VALUES));
        } else if (lower.startsWith("select @@")) {
            return variables(sql);
        } else if ((m = ROWS.matcher(lower)).matches()) {
            return counting(Integer.parseInt(m.group(1)), -1);
        } else if ((m = FAIL_AFTER.matcher(lower)).matches()) {
            return counting(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(1)));
        } else if ((m = BIG.matcher(lower)).matches()) {
            String big = "x".repeat(Integer.parseInt(m.group(1)));
            return rows(List.of(ColumnMeta.computed("big", MysqlType.LONG_BLOB)), List.<Object[]>of(new Object[] {big}));
        } else if (lower.startsWith("insert")) {
            return new StatementResult.Ok(3, 42, 0, null);
        } else if (lower.equals("begin")) {
            inTransaction = true;
            return StatementResult.Ok.EMPTY;
        } else if (lower.equals("commit")) {
            inTransaction = false;
            return StatementResult.Ok.EMPTY;
        } else if (lower.equals("bad")) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, "test", "bad");
        } else if (lower.equals("boom")) {
            throw new IllegalStateException("boom: a bug in the engine");
        } else if (lower.equals("sleep")) {
            return sleep();
        } else if (lower.startsWith("show warnings")) {
            return rows(List.of(ColumnMeta.computed("Level", MysqlType.VAR_STRING)), List.of());
        } else if (lower.startsWith("set") || lower.startsWith("use")) {
            return StatementResult.Ok.EMPTY;
        }
        throw new SqlError(ErrorCode.ER_PARSE, "near '" + sql + "'");
    }

    private StatementResult sleep() {
        long end = System.currentTimeMillis() + 10_000;
        while (!cancelled && System.currentTimeMillis() < end) {
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
    }

    private StatementResult variables(String sql) {
        String list = sql.substring("select ".length()).replaceAll("(?i)\\s+limit\\s+\\d+\\s*$", "");
        List<ColumnMeta> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (String item : list.split(",")) {
            String[] parts = item.trim().split("(?i)\\s+as\\s+");
            String name = parts[0].trim().replaceFirst("(?i)^@@(session\\.|global\\.)?", "").toLowerCase(Locale.ROOT);
            columns.add(ColumnMeta.computed(parts.length > 1 ? parts[1].trim() : parts[0].trim(), MysqlType.VAR_STRING));
            values.add(VARIABLES.getOrDefault(name, ""));
        }
        return rows(columns, List.<Object[]>of(values.toArray()));
    }

    private StatementResult counting(int count, int failAt) {
        List<ColumnMeta> columns = List.of(ColumnMeta.computed("n", MysqlType.LONGLONG),
            ColumnMeta.computed("s", MysqlType.VAR_STRING));
        openCursors++;
        return StatementResult.Rows.of(new RowCursor() {
            private int next;

            @Override
            public List<ColumnMeta> columns() {
                return columns;
            }

            @Override
            public Object[] next() {
                if (next == failAt) {
                    throw new SqlError(ErrorCode.ER_LOCK_DEADLOCK);
                }
                return next < count ? new Object[] {(long) next, "row-" + next++} : null;
            }

            @Override
            public void close() {
                openCursors--;
            }
        });
    }

    private StatementResult rows(List<ColumnMeta> columns, List<Object[]> data) {
        return StatementResult.ofRows(columns, data);
    }

    @Override
    public PreparedStatementInfo prepare(String sql) {
        if (sql.trim().equalsIgnoreCase("bad")) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, "test", "bad");
        }
        int id = nextStatementId.getAndIncrement();
        preparedSql.put(id, sql);
        int params = (int) sql.chars().filter(c -> c == '?').count();
        List<ColumnMeta> columns = sql.trim().equalsIgnoreCase("select types") ? TypesRow.COLUMNS : List.of();
        return new PreparedStatementInfo(id, params, columns);
    }

    /** Prepared {@code select types} returns the types row; anything else echoes its parameters as one row. */
    @Override
    public StatementResult executePrepared(int statementId, Object[] parameters) {
        String sql = preparedSql.get(statementId);
        if (sql == null) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_STMT_HANDLER, statementId, "execute");
        }
        synchronized (preparedParameters) {
            preparedParameters.add(parameters.clone());
        }
        if (sql.trim().equalsIgnoreCase("select types")) {
            return rows(TypesRow.COLUMNS, List.<Object[]>of(TypesRow.VALUES));
        }
        if (sql.trim().toLowerCase(Locale.ROOT).startsWith("insert")) {
            return new StatementResult.Ok(1, 7, 0, null);
        }
        List<ColumnMeta> columns = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            columns.add(ColumnMeta.computed("p" + (i + 1), typeOf(parameters[i])));
        }
        return rows(columns, List.<Object[]>of(parameters.clone()));
    }

    private static MysqlType typeOf(Object value) {
        if (value instanceof Long || value instanceof BigInteger) {
            return MysqlType.LONGLONG;
        } else if (value instanceof Double || value instanceof Float) {
            return MysqlType.DOUBLE;
        } else if (value instanceof BigDecimal) {
            return MysqlType.NEWDECIMAL;
        } else if (value instanceof byte[]) {
            return MysqlType.BLOB;
        }
        return MysqlType.VAR_STRING;
    }

    @Override
    public void closePrepared(int statementId) {
        preparedSql.remove(statementId);
    }

    @Override
    public void useDatabase(String database) {
        authenticated(user, "", database);
    }

    @Override
    public List<ColumnMeta> fieldList(String table, String wildcard) {
        if (!table.equals("t1")) {
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, database, table);
        }
        return List.of(new ColumnMeta("test", "t1", "t1", "id", "id", 63, 20, MysqlType.LONGLONG, 3, 0),
            new ColumnMeta("test", "t1", "t1", "name", "name", 45, 256, MysqlType.VARCHAR, 0, 0));
    }

    @Override
    public void reset() {
        inTransaction = false;
        preparedSql.clear();
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public String currentDatabase() {
        return database;
    }

    @Override
    public boolean inTransaction() {
        return inTransaction;
    }

    @Override
    public boolean autocommit() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
    }
}
