package com.polardbx.server.session;

import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCheckTableStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlFlushStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlLockTableStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlShowCreateDatabaseStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlShowTableStatusStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlUnlockTablesStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.user.Privilege;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.handler.ShowHandler;
import com.polardbx.server.handler.TableToolsHandler;
import com.polardbx.server.handler.TableToolsHandler.TableName;
import com.polardbx.transaction.lock.GlobalReadLock;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes the statements of dump, check and admin tools (LOCK/UNLOCK TABLES, FLUSH TABLES [WITH READ LOCK], CHECK
 * TABLE, CHECKSUM TABLE, SHOW TABLE STATUS, SHOW CREATE DATABASE) to {@link TableToolsHandler} and the CN's global
 * read lock. One per session.
 */
final class ToolStatements {
    /** CHECKSUM TABLE t [, ...] [QUICK | EXTENDED]; the parser refuses the options, so it is read from the text. */
    private static final Pattern CHECKSUM = Pattern.compile(
        "(?is)^\\s*CHECKSUM\\s+TABLES?\\s+(.+?)(\\s+(QUICK|EXTENDED))?\\s*;?\\s*$");

    /** OPTIMIZE / REPAIR [NO_WRITE_TO_BINLOG | LOCAL] TABLE t [, ...] [QUICK] [EXTENDED] [USE_FRM]. */
    private static final Pattern MAINTENANCE = Pattern.compile("(?is)^\\s*(OPTIMIZE|REPAIR)\\s+"
        + "(?:(?:NO_WRITE_TO_BINLOG|LOCAL)\\s+)?TABLES?\\s+(.+?)((?:\\s+(?:QUICK|EXTENDED|USE_FRM))*)\\s*;?\\s*$");

    private final TableToolsHandler tools;
    private final SessionState state;
    private final Transactions transactions;
    private final AccessCheck access;
    private final GlobalReadLock readLock;
    /** The tables of the session's LOCK TABLES, while it lasts. */
    private List<TableName> locked = List.of();

    ToolStatements(TableToolsHandler tools, SessionState state, Transactions transactions, AccessCheck access,
                   GlobalReadLock readLock) {
        this.tools = tools;
        this.state = state;
        this.transactions = transactions;
        this.access = access;
        this.readLock = readLock;
    }

    /** The session ends: its global read lock goes, as in MySQL. */
    void release() {
        readLock.unlock(state);
    }

    /** CHECKSUM TABLE's result, or null when {@code sql} is another statement. */
    StatementResult checksum(String sql) {
        Matcher m = CHECKSUM.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        List<TableName> names = new ArrayList<>();
        for (String part : m.group(1).split(",")) {
            names.add(name(part.trim()));
        }
        return tools.checksum(names, m.group(3) != null && m.group(3).equalsIgnoreCase("QUICK"));
    }

    /** OPTIMIZE TABLE's or REPAIR TABLE's result, or null when {@code sql} is another statement. */
    StatementResult maintenance(String sql) {
        int start = 0;
        while (start < sql.length() && Character.isWhitespace(sql.charAt(start))) {
            start++;
        }
        if (!sql.regionMatches(true, start, "OPTIMIZE", 0, 8) && !sql.regionMatches(true, start, "REPAIR", 0, 6)) {
            return null; // the common case, without running the pattern
        }
        Matcher m = MAINTENANCE.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        List<TableName> names = new ArrayList<>();
        for (String part : m.group(2).split(",")) {
            names.add(name(part.trim()));
        }
        return tools.maintain(m.group(1).toLowerCase(java.util.Locale.ROOT), names);
    }

    /** {@code CHECK GLOBAL INDEX g [ON t] [CORRECTION_BASED_ON_PRIMARY]}. */
    StatementResult checkGlobalIndex(String index, String tableOrNull, boolean correct) {
        return tools.checkGlobalIndex(index, tableOrNull == null ? null : name(tableOrNull), correct);
    }

    /** The statement's result, or null when it is not one of these. */
    StatementResult dispatch(SQLStatement statement) {
        if (statement instanceof MySqlLockTableStatement lock) {
            return lockTables(lock);
        }
        if (statement instanceof MySqlFlushStatement flush && flush.isTableOption()) {
            return flushTables(flush);
        }
        if (statement instanceof MySqlUnlockTablesStatement) {
            readLock.unlock(state); // no commit for it: FLUSH TABLES WITH READ LOCK locks no table
            if (!locked.isEmpty()) {
                transactions.implicitCommit(); // UNLOCK TABLES commits when tables were locked, as in MySQL
            }
            locked = List.of();
            return StatementResult.Ok.EMPTY;
        }
        if (statement instanceof MySqlCheckTableStatement check) {
            List<TableName> names = new ArrayList<>();
            check.getTables().forEach(t -> names.add(name(t)));
            return tools.check(names);
        }
        if (statement instanceof MySqlShowTableStatusStatement status) {
            if (status.getWhere() != null) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "SHOW TABLE STATUS WHERE");
            }
            String db = status.getDatabase() != null ? TableNames.unquote(status.getDatabase().getSimpleName())
                : requireDatabase();
            return tools.showTableStatus(db, ShowHandler.like(status.getLike()));
        }
        if (statement instanceof MySqlShowCreateDatabaseStatement create) {
            return tools.showCreateDatabase(TableNames.unquote(create.getDatabase().toString()),
                create.isIfNotExists());
        }
        return null;
    }

    /**
     * {@code FLUSH TABLES [t, ...] [WITH READ LOCK]} (RELOAD, as in MySQL). Tables are not cached by the CN, so a
     * plain flush has nothing to do. {@code WITH READ LOCK} without tables takes the CN's global read lock: it waits
     * (up to {@code lock_wait_timeout}) for running write statements and commits of this CN's sessions, then stops
     * new ones until {@code UNLOCK TABLES} or the session's end; the session's own writes get 1223. With tables it is
     * {@code LOCK TABLES t READ, ...} (LOCK TABLES and SELECT on each).
     */
    private StatementResult flushTables(MySqlFlushStatement flush) {
        if (!access.hasGlobal(Privilege.RELOAD)) {
            throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "RELOAD");
        }
        if (!flush.isWithReadLock()) {
            transactions.implicitCommit(); // FLUSH commits implicitly in MySQL
            return StatementResult.Ok.EMPTY;
        }
        if (!locked.isEmpty()) {
            throw new SqlError(ErrorCode.ER_LOCK_OR_ACTIVE_TRANSACTION);
        }
        if (!flush.getTables().isEmpty()) {
            return lockTables(flush.getTables());
        }
        transactions.implicitCommit();
        readLock.lock(state, transactions.lockWaitNanos());
        return StatementResult.Ok.EMPTY;
    }

    /**
     * LOCK TABLES: ends the open transaction, checks that every table exists and that the account may lock and
     * read it. The CN does not block other sessions' writes: use {@code mariadb-dump --single-transaction} (a
     * snapshot-consistent read across DNs) for a consistent dump.
     */
    private StatementResult lockTables(MySqlLockTableStatement lock) {
        return lockTables(lock.getItems().stream().map(MySqlLockTableStatement.Item::getTableSource).toList());
    }

    private StatementResult lockTables(List<SQLExprTableSource> tables) {
        transactions.implicitCommit();
        List<TableName> names = new ArrayList<>();
        for (SQLExprTableSource table : tables) {
            TableName name = name(table);
            access.requireDatabase(Privilege.LOCK_TABLES, name.schema());
            access.requireTable(Privilege.SELECT, name.schema(), name.table());
            tools.requireTableOrView(name);
            names.add(name);
        }
        locked = List.copyOf(names);
        return StatementResult.Ok.EMPTY;
    }

    private TableName name(SQLExprTableSource source) {
        String schema = source.getSchema() == null ? requireDatabase() : TableNames.unquote(source.getSchema());
        String table = TableNames.unquote(source.getTableName());
        return new TableName(schema, table);
    }

    private TableName name(String text) {
        int dot = text.indexOf('.');
        String schema = dot < 0 ? requireDatabase() : TableNames.unquote(text.substring(0, dot).trim());
        return new TableName(schema, TableNames.unquote(text.substring(dot + 1).trim()));
    }

    private String requireDatabase() {
        if (state.database() == null) {
            throw new SqlError(ErrorCode.ER_NO_DB);
        }
        return state.database();
    }
}
