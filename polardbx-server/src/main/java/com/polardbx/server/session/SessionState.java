package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.server.variable.SystemVariables;
import com.polardbx.transaction.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable state of one session: account, current database, variables, the open transaction, warnings.
 * Confined to the session's command thread.
 */
public final class SessionState {
    final long connectionId;
    final String clientHost;
    String user = "";
    String accountHost = "";
    String database;
    Map<String, Object> variables;
    final Map<String, Object> userVariables = new HashMap<>();
    Transaction transaction;
    /** True between BEGIN/START TRANSACTION and COMMIT/ROLLBACK, or while autocommit=0 with work done. */
    boolean explicitTransaction;
    /** {@code SET TRANSACTION ...} without a scope: characteristics of the next transaction only (null: session's). */
    public String nextIsolation;
    public Boolean nextReadOnly;
    long lastInsertId;
    /**
     * The client set CLIENT_FOUND_ROWS: UPDATE (and ON DUPLICATE KEY UPDATE) count the rows they found, not only
     * those they changed, as MySQL does for such clients.
     */
    boolean foundRows;
    final List<Warning> warnings = new ArrayList<>();
    volatile String currentSql;
    /** The running statement's work on the DNs, which its queries count into. */
    com.polardbx.common.metrics.DataNodeWork dataNodeWork = new com.polardbx.common.metrics.DataNodeWork();
    volatile long statementStartMillis;
    /** What a long statement is doing now (SHOW PROCESSLIST's State), null for "executing". */
    volatile java.util.function.Supplier<String> stage;
    final long connectedAtMillis = System.currentTimeMillis();

    SessionState(long connectionId, String clientHost, SystemVariables globals) {
        this.connectionId = connectionId;
        this.clientHost = clientHost;
        this.variables = globals.sessionDefaults();
    }

    /** A warning as SHOW WARNINGS prints it. */
    public record Warning(String level, int code, String message) {
    }

    public boolean foundRows() {
        return foundRows;
    }

    public boolean autocommit() {
        return ((Long) variables.getOrDefault("autocommit", 1L)) != 0;
    }

    /** The session's foreign_key_checks: DDL and the DN connections follow it (dumps turn it off). */
    public boolean foreignKeyChecks() {
        Object v = variables.getOrDefault("foreign_key_checks", 1L);
        return v instanceof Number n ? n.longValue() != 0
            : !(String.valueOf(v).equalsIgnoreCase("OFF") || String.valueOf(v).equals("0"));
    }

    public Object variable(String name) {
        String key = SystemVariables.normalize(name);
        if (key.equals("in_transaction")) {
            return transaction != null ? 1L : 0L;
        }
        if (key.equals("warning_count")) {
            return (long) warnings.size();
        }
        if (key.equals("error_count")) {
            return warnings.stream().filter(w -> w.level().equals("Error")).count();
        }
        if (!variables.containsKey(key)) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_SYSTEM_VARIABLE, name);
        }
        return variables.get(key);
    }

    private long lastFoundRows;
    private Long calculatedFoundRows;
    private long lastRowCount = -1;

    /** FOUND_ROWS(): the rows the last SELECT sent, or with SQL_CALC_FOUND_ROWS the rows it found before LIMIT. */
    public long lastFoundRows() {
        return lastFoundRows;
    }

    /** ROW_COUNT(): the last statement's affected rows; -1 after a result set. */
    public long lastRowCount() {
        return lastRowCount;
    }

    /** The count a SQL_CALC_FOUND_ROWS query found, kept for FOUND_ROWS() once its result has been sent. */
    public void calculatedFoundRows(long rows) {
        calculatedFoundRows = rows;
    }

    /** A result set of {@code rows} rows was sent. */
    public void resultSent(long rows) {
        lastFoundRows = calculatedFoundRows != null ? calculatedFoundRows : rows;
        calculatedFoundRows = null;
        lastRowCount = -1;
    }

    /** An OK packet reporting {@code affected} rows was sent. */
    public void okSent(long affected) {
        calculatedFoundRows = null;
        lastRowCount = affected;
    }

    /** LAST_INSERT_ID() as MySQL returns it: an unsigned BIGINT. */
    public Long lastInsertIdValue() {
        return lastInsertId;
    }

    public Object userVariable(String name) {
        return userVariables.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public void setUserVariable(String name, Object value) {
        userVariables.put(name.toLowerCase(java.util.Locale.ROOT), value);
    }

    public void setLastInsertId(long id) {
        lastInsertId = id;
    }

    public String accountHost() {
        return accountHost;
    }

    public java.util.Map<String, Object> variables() {
        return variables;
    }

    public java.util.List<Warning> warnings() {
        return warnings;
    }

    /** SHOW PROCESSLIST's State of the running statement. */
    public String stage() {
        java.util.function.Supplier<String> s = stage;
        return s == null ? "executing" : s.get();
    }

    /** Reports a long statement's progress in SHOW PROCESSLIST until {@code null} is set. */
    public void stage(java.util.function.Supplier<String> progress) {
        this.stage = progress;
    }

    public com.polardbx.common.metrics.DataNodeWork dataNodeWork() {
        return dataNodeWork;
    }

    /** The id of the session's open CN transaction; 0 when none is open. */
    public long transactionId() {
        Transaction tx = transaction;
        return tx == null ? 0 : tx.id();
    }

    public String currentSql() {
        return currentSql;
    }

    public long statementStartMillis() {
        return statementStartMillis;
    }

    public long connectedAtMillis() {
        return connectedAtMillis;
    }

    public void setDatabase(String db) {
        database = db;
    }

    public String database() {
        return database;
    }

    public String user() {
        return user;
    }

    public String clientHost() {
        return clientHost;
    }

    public long connectionId() {
        return connectionId;
    }
}
