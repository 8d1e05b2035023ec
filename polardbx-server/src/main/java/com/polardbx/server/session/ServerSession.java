package com.polardbx.server.session;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.StatementResult;
import java.util.List;

/**
 * One client connection's SQL-level session, as the protocol layer sees it.
 *
 * <p>Call order: {@link #authenticated} once after the handshake succeeded, then any number of commands, then
 * {@link #close()}. Calls for one session come from one thread at a time (the connection's event loop or a worker
 * that took the command), except {@link #cancel()} which may come from any thread. Failures are thrown as
 * {@link com.polardbx.common.error.SqlError} and are sent to the client as ERR packets; the session stays usable.
 */
public interface ServerSession {
    /** Registers how SQL {@code KILL <id>} from another session closes this session's connection (any thread). */
    default void onKillConnection(Runnable closeConnection) {
    }


    long connectionId();

    /**
     * The global binlog for COM_BINLOG_DUMP, with the heartbeat period the replica set ({@code @master_heartbeat_period}
     * in nanoseconds, 0 for none). Throws 1227 without the REPLICATION SLAVE privilege, 1236 when this CN runs no CDC.
     */
    default ReplicaStream replicaStream() {
        throw new com.polardbx.common.error.SqlError(
            com.polardbx.common.error.ErrorCode.ER_MASTER_FATAL_ERROR_READING_BINLOG, "Binary log is not open");
    }

    /** What a replica's COM_BINLOG_DUMP is served from. */
    record ReplicaStream(com.polardbx.cdc.api.BinlogSource source, long heartbeatNanos) {
    }

    /**
     * Checks that this session may kill connection {@code targetConnectionId} (COM_PROCESS_KILL): throws 1094 when
     * there is no such session, 1095 when it belongs to another user and this one lacks SUPER.
     */
    default void checkKill(long targetConnectionId) {
    }

    /** Seconds the connection may stay idle between commands before the server closes it (wait_timeout). */
    default long waitTimeoutSeconds() {
        return 28_800;
    }

    /** Whether the account may take the one connection kept beyond max_connections (SUPER, as in MySQL). */
    default boolean mayUseReservedConnection() {
        return false;
    }

    /** The client's CLIENT_FOUND_ROWS capability, told once before {@link #authenticated}. */
    default void clientFoundRows(boolean foundRows) {
    }

    /** The client's connection attributes ({@code program_name}, ...), told once before {@link #authenticated}. */
    default void clientAttributes(java.util.Map<String, String> attributes) {
    }

    /** Binds the session to an authenticated account and, optionally, a default database (1049 if unknown). */
    void authenticated(String user, String host, String database);

    /**
     * Splits a COM_QUERY text into statements (one unless the client enabled multi-statements). Throws 1064 when
     * the text can't be split.
     */
    List<String> splitStatements(String sql);

    /** A statement's result set, {@code rows} rows, has been sent (FOUND_ROWS(), ROW_COUNT()). */
    /** Warnings the DNs raised while the last result's rows were read (counted in the result's end packet). */
    default int warningsWhileStreaming() {
        return 0;
    }

    default void resultSent(long rows) {
    }

    /** A statement's OK packet, {@code affected} rows, has been sent (ROW_COUNT()). */
    default void okSent(long affected) {
    }

    /** Runs one statement. A {@link StatementResult.Rows} cursor must be fully read or closed before the next call. */
    StatementResult execute(String sql);

    /** Parses a statement for COM_STMT_PREPARE; {@code ?} marks parameters. */
    PreparedStatementInfo prepare(String sql);

    /** Runs a prepared statement with bound parameter values (same value classes as {@code RowCursor}). */
    StatementResult executePrepared(int statementId, Object[] parameters);

    void closePrepared(int statementId);

    /** The character set of the text the client sends (character_set_client). */
    default java.nio.charset.Charset clientCharset() {
        return java.nio.charset.StandardCharsets.UTF_8;
    }

    /** COM_INIT_DB. */
    void useDatabase(String database);

    /** The columns of a table for COM_FIELD_LIST. */
    List<ColumnMeta> fieldList(String table, String wildcard);

    /** COM_RESET_CONNECTION: roll back, drop prepared statements and user variables, restore session defaults. */
    void reset();

    /** Stops the statement that is running now, if any (KILL QUERY from another connection). */
    void cancel();

    String currentDatabase();

    boolean inTransaction();

    boolean autocommit();

    /** Called once when the connection goes away: rolls back any open transaction. */
    void close();

    /**
     * The answer to COM_STMT_PREPARE.
     *
     * @param resultColumns may be empty when the result shape is only known at execution
     */
    record PreparedStatementInfo(int statementId, int parameterCount, List<ColumnMeta> resultColumns) {
    }
}
