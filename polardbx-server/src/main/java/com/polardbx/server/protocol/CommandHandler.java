package com.polardbx.server.protocol;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.sql.ByteStrings;
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
    /** The receiver of a LOAD DATA LOCAL file being sent, and the first failure while loading it. */
    private com.polardbx.common.result.LocalFileReceiver localFile;
    private Throwable localFileError;

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
            case CommandCode.QUERY -> query(clientText(p));
            case CommandCode.INIT_DB -> {
                s.useDatabase(clientText(p));
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
            case CommandCode.STMT_PREPARE -> prepared.prepare(clientText(p));
            case CommandCode.STMT_EXECUTE -> prepared.execute(p);
            case CommandCode.STMT_SEND_LONG_DATA -> prepared.sendLongData(p);
            case CommandCode.STMT_CLOSE -> prepared.close(p);
            case CommandCode.STMT_RESET -> prepared.reset(p);
            case CommandCode.REGISTER_SLAVE -> {
                s.replicaStream(); // privilege and CDC checks, as a primary answers before the dump
                ok();
            }
            case CommandCode.BINLOG_DUMP -> new BinlogDump(writer, connection::isActive).run(s.replicaStream(), p);
            default -> writeError(new SqlError(ErrorCode.ER_UNKNOWN_COM));
        }
    }

    /**
     * The rest of a command as text in the client's character set; bytes that are no character of it (a BLOB in a
     * quoted literal) are kept as raw bytes, never replaced.
     */
    private String clientText(ByteBuf p) {
        byte[] bytes = new byte[p.readableBytes()];
        p.readBytes(bytes);
        return ByteStrings.decode(bytes, 0, bytes.length, session().clientCharset());
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
        if (result instanceof StatementResult.LocalFile file) {
            requestLocalFile(file);
            return false; // the file comes next: statements after it in the same packet are not run
        }
        if (result instanceof StatementResult.Ok ok) {
            writer.writeOk(ok.affectedRows(), ok.lastInsertId(), status() | moreFlag, ok.warnings(), ok.info());
            session().okSent(ok.affectedRows());
            return true;
        }
        StatementResult.Rows rows = (StatementResult.Rows) result;
        try (RowCursor cursor = rows.cursor()) {
            session().resultSent(resultSets.write(cursor, binary, () -> status() | moreFlag,
                () -> rows.warnings() + session().warningsWhileStreaming()));
            return true;
        } catch (ClientGoneException e) {
            throw e;
        } catch (RuntimeException | AssertionError | LinkageError | StackOverflowError e) {
            writeError(e);
            return false;
        }
    }

    /** LOAD DATA LOCAL INFILE: asks the client for the file (or refuses, as MySQL, when it does not offer one). */
    private void requestLocalFile(StatementResult.LocalFile file) {
        if ((connection.clientCapabilities() & Capabilities.LOCAL_FILES) == 0) {
            file.receiver().abort();
            writeError(new SqlError(ErrorCode.ER_NOT_ALLOWED_COMMAND));
            return;
        }
        ByteBuf p = writer.newPayload();
        p.writeByte(0xFB);
        p.writeBytes(ByteStrings.encodeUtf8(file.fileName()));
        writer.write(p);
        localFile = file.receiver();
        localFileError = null;
        connection.awaitLocalFile();
    }

    /**
     * One packet of a LOAD DATA LOCAL file; the empty packet ends it and gets the statement's answer. After a
     * failure the rest of the file is read and dropped, so the client stays in step. Returns whether the file ended.
     */
    boolean localFileData(ByteBuf payload) {
        if (payload.isReadable()) {
            if (localFileError == null) {
                byte[] data = new byte[payload.readableBytes()];
                payload.readBytes(data);
                try {
                    localFile.accept(data);
                } catch (RuntimeException | StackOverflowError e) {
                    localFileError = e;
                    localFile.abort();
                }
            }
            return false;
        }
        try {
            if (localFileError != null) {
                writeError(localFileError);
                return true;
            }
            StatementResult.Ok ok = localFile.finish();
            writer.writeOk(ok.affectedRows(), ok.lastInsertId(), status(), ok.warnings(), ok.info());
            session().okSent(ok.affectedRows());
        } catch (RuntimeException | StackOverflowError e) {
            localFile.abort();
            writeError(e);
        } finally {
            localFile = null;
            localFileError = null;
        }
        return true;
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
