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
        /** Long data went over max_allowed_packet: the next execution fails and the data was dropped. */
        boolean longDataTooLarge;

        void clearLongData() {
            longData.clear();
            longDataTooLarge = false;
        }

        State(int parameterCount) {
            this.parameterCount = parameterCount;
        }
    }

    private final CommandHandler commands;
    private final PacketWriter writer;
    private final ResultSetWriter resultSets;
    private final Map<Integer, State> statements = new HashMap<>();
    private final ConnectionLimits limits;
    /** Bytes of long data held over all statements of the connection, bounded by max_allowed_packet. */
    private long longDataBytes;

    PreparedStatements(CommandHandler commands, PacketWriter writer, ResultSetWriter resultSets,
                       ConnectionLimits limits) {
        this.limits = limits;
        this.commands = commands;
        this.writer = writer;
        this.resultSets = resultSets;
    }

    void clear() {
        statements.clear();
        longDataBytes = 0;
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
        if (p.readableBytes() < 9) {
            throw new SqlError(ErrorCode.ER_MALFORMED_PACKET); // id, flags and iteration count are mandatory
        }
        int id = p.readIntLE();
        State state = lookup(id, "mysqld_stmt_execute");
        p.skipBytes(1);     // cursor flags: results are always sent in full
        p.skipBytes(4);     // iteration count, always 1
        Object[] parameters = new Object[state.parameterCount];
        try {
            if (state.longDataTooLarge) {
                throw new SqlError(ErrorCode.ER_INTERNAL, "Parameter of prepared statement which is set through "
                    + "mysql_send_long_data() is longer than 'max_allowed_packet' bytes");
            }
            if (state.parameterCount > 0) {
                state.parameterTypes = decode(p, parameters, state);
            }
        } finally {
            forgetLongData(state);
        }
        StatementResult result = commands.session().executePrepared(id, parameters);
        commands.writeResult(result, false, true);
    }

    /** Binary parameter values; anything the packet does not hold as announced is 1210, as in MySQL. */
    private static int[] decode(ByteBuf p, Object[] parameters, State state) {
        try {
            return BinaryParameters.decode(p, parameters, state.parameterTypes, state.longData);
        } catch (SqlError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SqlError(e, ErrorCode.ER_WRONG_ARGUMENTS, "mysqld_stmt_execute");
        }
    }

    /**
     * COM_STMT_SEND_LONG_DATA never gets a response, not even when malformed or for an unknown statement; an error
     * (data over max_allowed_packet) surfaces at the next execution, as in MySQL.
     */
    void sendLongData(ByteBuf p) {
        if (p.readableBytes() < 6) {
            return;
        }
        int id = p.readIntLE();
        int parameter = p.readUnsignedShortLE();
        State state = statements.get(id);
        if (state == null || parameter >= state.parameterCount || state.longDataTooLarge) {
            return;
        }
        int length = p.readableBytes();
        if (longDataBytes + length > limits.maxAllowedPacket()) {
            forgetLongData(state);
            state.longDataTooLarge = true;
            return;
        }
        ByteArrayOutputStream data = state.longData.computeIfAbsent(parameter, k -> new ByteArrayOutputStream());
        byte[] chunk = new byte[length];
        p.readBytes(chunk);
        data.writeBytes(chunk);
        longDataBytes += length;
    }

    private void forgetLongData(State state) {
        for (ByteArrayOutputStream data : state.longData.values()) {
            longDataBytes -= data.size();
        }
        state.clearLongData();
    }

    void reset(ByteBuf p) {
        if (p.readableBytes() < 4) {
            throw new SqlError(ErrorCode.ER_MALFORMED_PACKET);
        }
        forgetLongData(lookup(p.readIntLE(), "mysqld_stmt_reset"));
        commands.ok();
    }

    /** COM_STMT_CLOSE has no response either, whatever it holds. */
    void close(ByteBuf p) {
        if (p.readableBytes() < 4) {
            return;
        }
        int id = p.readIntLE();
        State state = statements.remove(id);
        if (state != null) {
            forgetLongData(state);
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
