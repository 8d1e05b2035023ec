package com.polardbx.server.protocol;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.type.MysqlType;
import com.polardbx.server.session.ServerSession;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The COM_STMT_* commands of one connection: prepare, execute (binary protocol), long data, reset, close. */
final class PreparedStatements {
    private static final ColumnMeta PARAMETER = new ColumnMeta("", "", "", "?", "", ColumnMeta.CHARSET_BINARY, 0,
        MysqlType.VAR_STRING, 0, 0);

    /** What the protocol remembers of a prepared statement between executions. */
    private static final class State {
        final int parameterCount;
        int[] parameterTypes;
        final Map<Integer, ByteArrayOutputStream> longData = new HashMap<>();

        State(int parameterCount) {
            this.parameterCount = parameterCount;
        }
    }

    private final CommandHandler commands;
    private final PacketWriter writer;
    private final ResultSetWriter resultSets;
    private final Map<Integer, State> statements = new HashMap<>();

    PreparedStatements(CommandHandler commands, PacketWriter writer, ResultSetWriter resultSets) {
        this.commands = commands;
        this.writer = writer;
        this.resultSets = resultSets;
    }

    void clear() {
        statements.clear();
    }

    void prepare(String sql) {
        ServerSession.PreparedStatementInfo info = commands.session().prepare(sql);
        statements.put(info.statementId(), new State(info.parameterCount()));
        List<ColumnMeta> columns = info.resultColumns();
        ByteBuf p = writer.newPayload();
        p.writeByte(0x00);
        p.writeIntLE(info.statementId());
        p.writeShortLE(columns.size());
        p.writeShortLE(info.parameterCount());
        p.writeByte(0);
        p.writeShortLE(0);
        writer.write(p);
        if (info.parameterCount() > 0) {
            resultSets.writeColumnDefinitions(java.util.Collections.nCopies(info.parameterCount(), PARAMETER), false);
            if (!writer.deprecateEof()) {
                writer.writeEof(commands.status(), 0);
            }
        }
        if (!columns.isEmpty()) {
            resultSets.writeColumnDefinitions(columns, false);
            if (!writer.deprecateEof()) {
                writer.writeEof(commands.status(), 0);
            }
        }
    }

    void execute(ByteBuf p) {
        int id = p.readIntLE();
        State state = lookup(id, "mysqld_stmt_execute");
        p.skipBytes(1);     // cursor flags: results are always sent in full
        p.skipBytes(4);     // iteration count, always 1
        Object[] parameters = new Object[state.parameterCount];
        if (state.parameterCount > 0) {
            state.parameterTypes = BinaryParameters.decode(p, parameters, state.parameterTypes, state.longData);
        }
        state.longData.clear();
        StatementResult result = commands.session().executePrepared(id, parameters);
        commands.writeResult(result, false, true);
    }

    void sendLongData(ByteBuf p) {
        int id = p.readIntLE();
        int parameter = p.readUnsignedShortLE();
        State state = statements.get(id);
        // COM_STMT_SEND_LONG_DATA has no response, not even for errors; they surface at execution
        if (state != null && parameter < state.parameterCount) {
            ByteArrayOutputStream data = state.longData.computeIfAbsent(parameter, k -> new ByteArrayOutputStream());
            byte[] chunk = new byte[p.readableBytes()];
            p.readBytes(chunk);
            data.writeBytes(chunk);
        }
    }

    void reset(int id) {
        lookup(id, "mysqld_stmt_reset").longData.clear();
        commands.ok();
    }

    void close(int id) {
        if (statements.remove(id) != null) {
            commands.session().closePrepared(id);
        }
    }

    private State lookup(int id, String command) {
        State state = statements.get(id);
        if (state == null) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_STMT_HANDLER, Integer.toUnsignedString(id), command);
        }
        return state;
    }
}
