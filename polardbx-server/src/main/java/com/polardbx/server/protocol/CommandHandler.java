package com.polardbx.server.protocol;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.server.session.ServerSession;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Executes the command-phase packets of one connection and writes their responses. Used by one thread at a time. */
final class CommandHandler {
    private static final Logger log = LoggerFactory.getLogger(CommandHandler.class);
    private static final int SET_OPTION_MULTI_STATEMENTS_ON = 0;
    private static final int SET_OPTION_MULTI_STATEMENTS_OFF = 1;

    private final MysqlConnection connection;
    private final PacketWriter writer;
    private final ProtocolContext context;
    private final ResultSetWriter resultSets;
    private final PreparedStatements prepared;
    private boolean multiStatements;

    CommandHandler(MysqlConnection connection, PacketWriter writer, ProtocolContext context) {
        this.connection = connection;
        this.writer = writer;
        this.context = context;
        this.resultSets = new ResultSetWriter(writer);
        this.prepared = new PreparedStatements(this, writer, resultSets, context.limits());
    }

    void multiStatements(boolean on) {
        this.multiStatements = on;
    }

    void forgetPreparedStatements() {
        prepared.clear();
    }

    ServerSession session() {
        return connection.session();
    }

    /** Status flags as of now: transaction state and autocommit of the session. */
    int status() {
        ServerSession s = connection.session();
        if (s == null) {
            return ServerStatus.AUTOCOMMIT;
        }
        return (s.inTransaction() ? ServerStatus.IN_TRANS : 0) | (s.autocommit() ? ServerStatus.AUTOCOMMIT : 0);
    }

    void dispatch(ByteBuf payload) {
        if (!payload.isReadable()) {
            writeError(new SqlError(ErrorCode.ER_UNKNOWN_COM));
            return;
        }
        int command = payload.readUnsignedByte();
        context.countQuestion();
        try {
            dispatch(command, payload);
        } catch (ClientGoneException e) {
            throw e;
        } catch (RuntimeException | AssertionError | LinkageError | StackOverflowError e) {
            // an Error from one statement (a planner assertion, a bad class) must not leave the client waiting
            writeError(e);
        } catch (OutOfMemoryError e) {
            // the statement's memory is unreachable once it has failed: answer, as MySQL does, and keep serving
            writeError(e);
        }
    }

    private void dispatch(int command, ByteBuf p) {
        ServerSession s = session();
        switch (command) {
            case CommandCode.QUIT -> connection.quit();
            case CommandCode.QUERY -> query(p.toString(StandardCharsets.UTF_8));
            case CommandCode.INIT_DB -> {
                s.useDatabase(p.toString(StandardCharsets.UTF_8));
                ok();
            }
            case CommandCode.PING -> ok();
            case CommandCode.FIELD_LIST -> fieldList(p);
            case CommandCode.STATISTICS -> {
                ByteBuf out = writer.newPayload();
                out.writeBytes(context.statistics().getBytes(StandardCharsets.UTF_8));
                writer.write(out);
            }
            case CommandCode.PROCESS_KILL -> kill(requireBytes(p, 4).readUnsignedIntLE());
            case CommandCode.SET_OPTION -> setOption(requireBytes(p, 2).readUnsignedShortLE());
            case CommandCode.RESET_CONNECTION -> {
                s.reset();
                prepared.clear();
                ok();
            }
            case CommandCode.CHANGE_USER -> connection.changeUser(p);
            case CommandCode.STMT_PREPARE -> prepared.prepare(p.toString(StandardCharsets.UTF_8));
            case CommandCode.STMT_EXECUTE -> prepared.execute(p);
            case CommandCode.STMT_SEND_LONG_DATA -> prepared.sendLongData(p);
            case CommandCode.STMT_CLOSE -> prepared.close(p);
            case CommandCode.STMT_RESET -> prepared.reset(p);
            default -> writeError(new SqlError(ErrorCode.ER_UNKNOWN_COM));
        }
    }

    /** The packet, if it holds at least {@code n} more bytes; 1835 otherwise, as MySQL answers a short packet. */
    private static ByteBuf requireBytes(ByteBuf p, int n) {
        if (p.readableBytes() < n) {
            throw new SqlError(ErrorCode.ER_MALFORMED_PACKET);
        }
        return p;
    }

    private void query(String sql) {
        ServerSession s = session();
        List<String> statements = multiStatements ? s.splitStatements(sql) : List.of(sql);
        if (statements.isEmpty()) {
            throw new SqlError(ErrorCode.ER_EMPTY_QUERY);
        }
        for (int i = 0; i < statements.size(); i++) {
            boolean more = i < statements.size() - 1;
            StatementResult result;
            try {
                result = s.execute(statements.get(i));
            } catch (ClientGoneException e) {
                throw e;
            } catch (RuntimeException | AssertionError | LinkageError | StackOverflowError e) {
                // an error ends the batch: the ERR packet is the last response
                writeError(e);
                return;
            }
            if (!writeResult(result, more, false)) {
                return;
            }
        }
    }

    /**
     * Writes one statement's outcome; returns false when it failed part-way (an ERR was sent instead).
     *
     * @param more whether more results of the same command follow
     */
    boolean writeResult(StatementResult result, boolean more, boolean binary) {
        int moreFlag = more ? ServerStatus.MORE_RESULTS_EXISTS : 0;
        if (result instanceof StatementResult.Ok ok) {
            writer.writeOk(ok.affectedRows(), ok.lastInsertId(), status() | moreFlag, ok.warnings(), ok.info());
            session().okSent(ok.affectedRows());
            return true;
        }
        StatementResult.Rows rows = (StatementResult.Rows) result;
        try (RowCursor cursor = rows.cursor()) {
            session().resultSent(resultSets.write(cursor, binary, () -> status() | moreFlag, rows.warnings()));
            return true;
        } catch (ClientGoneException e) {
            throw e;
        } catch (RuntimeException | AssertionError | LinkageError | StackOverflowError e) {
            writeError(e);
            return false;
        }
    }

    private void fieldList(ByteBuf p) {
        String table = WireFormat.readNulString(p);
        String wildcard = p.isReadable() ? WireFormat.readRestString(p) : null;
        List<ColumnMeta> columns = session().fieldList(table, wildcard);
        resultSets.writeColumnDefinitions(columns, true);
        writer.writeResultEnd(status(), 0);
    }

    private void kill(long id) {
        if (id == connection.connectionId()) {
            writeError(new SqlError(ErrorCode.ER_QUERY_INTERRUPTED));
            connection.kill();
            return;
        }
        session().checkKill(id);
        MysqlConnection target = context.connection(id)
            .orElseThrow(() -> new SqlError(ErrorCode.ER_NO_SUCH_THREAD, id));
        target.kill();
        ok();
    }

    private void setOption(int option) {
        if (option == SET_OPTION_MULTI_STATEMENTS_ON) {
            multiStatements = true;
        } else if (option == SET_OPTION_MULTI_STATEMENTS_OFF) {
            multiStatements = false;
        } else {
            throw new SqlError(ErrorCode.ER_UNKNOWN_COM);
        }
        writer.writeResultEnd(status(), 0);
    }

    void ok() {
        writer.writeOk(0, 0, status(), 0, null);
    }

    /** Sends an ERR packet for any failure, free of internals (see {@link ClientErrors}). */
    void writeError(Throwable e) {
        SqlError error = ClientErrors.toClient(e, connection.connectionId());
        writer.writeError(error.errno(), error.sqlState(), error.getMessage());
    }
}
