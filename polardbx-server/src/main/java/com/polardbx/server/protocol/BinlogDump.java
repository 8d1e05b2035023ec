package com.polardbx.server.protocol;

import com.polardbx.cdc.api.BinlogEventStream;
import com.polardbx.cdc.api.BinlogUnavailableException;
import com.polardbx.cdc.api.LogPosition;
import com.polardbx.cdc.format.EventEncoder;
import com.polardbx.cdc.format.EventType;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.server.session.ServerSession;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;

/**
 * COM_BINLOG_DUMP: streams the global binlog from the requested file and position as a MySQL primary does: an
 * artificial ROTATE naming the start, the file's FORMAT_DESCRIPTION when starting past it, then every event as its own
 * packet ({@code 0x00} + event), heartbeat events when idle for the replica's {@code @master_heartbeat_period}, until
 * the replica goes away (or, with BINLOG_DUMP_NON_BLOCK, an EOF at the current end). Runs in the connection's worker
 * thread for as long as the replica stays.
 */
final class BinlogDump {
    private static final int NON_BLOCK = 0x01;
    private static final long POLL_MILLIS = 500;

    private final PacketWriter writer;
    private final BooleanSupplier active;

    BinlogDump(PacketWriter writer, BooleanSupplier active) {
        this.writer = writer;
        this.active = active;
    }

    void run(ServerSession.ReplicaStream replica, ByteBuf p) {
        if (p.readableBytes() < 10) {
            throw new SqlError(ErrorCode.ER_MALFORMED_PACKET);
        }
        long position = p.readUnsignedIntLE();
        int flags = p.readUnsignedShortLE();
        p.readUnsignedIntLE(); // the replica's server id
        String file = p.toString(p.readerIndex(), p.readableBytes(), StandardCharsets.US_ASCII).trim();
        if (file.isEmpty()) {
            file = replica.source().files().isEmpty() ? "" : replica.source().files().get(0).name();
            position = 4;
        }
        position = Math.max(position, 4);
        EventEncoder encoder = new EventEncoder(replica.source().serverId(), "");
        BinlogEventStream stream;
        try {
            stream = replica.source().open(new LogPosition(file, position));
        } catch (BinlogUnavailableException e) {
            throw new SqlError(ErrorCode.ER_MASTER_FATAL_ERROR_READING_BINLOG, e.getMessage());
        }
        try {
            send(encoder.rotate(0, 0, EventType.FLAG_ARTIFICIAL, file, position));
            if (position > 4) {
                send(com.polardbx.cdc.CdcService.withEndPosition(replica.source().formatDescription(file), 0));
            }
            writer.flush();
            stream(replica, stream, encoder, (flags & NON_BLOCK) != 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientGoneException();
        } catch (BinlogUnavailableException e) {
            throw new SqlError(ErrorCode.ER_MASTER_FATAL_ERROR_READING_BINLOG, e.getMessage());
        } finally {
            stream.close();
        }
    }

    private void stream(ServerSession.ReplicaStream replica, BinlogEventStream stream, EventEncoder encoder,
                        boolean nonBlocking) throws InterruptedException {
        long heartbeatMillis = replica.heartbeatNanos() / 1_000_000;
        long lastSent = System.currentTimeMillis();
        while (true) {
            long wait = heartbeatMillis > 0 ? Math.min(POLL_MILLIS, heartbeatMillis) : POLL_MILLIS;
            byte[] event = stream.next(0);
            if (event == null && !nonBlocking) {
                // caught up: what was batched goes out before waiting (a steady trickle of commits would otherwise
                // sit in the batch until it fills, seconds behind the binlog)
                writer.flush();
                event = stream.next(wait);
            }
            if (event != null) {
                send(event);
                lastSent = System.currentTimeMillis();
                continue;
            }
            if (nonBlocking) {
                writer.writeEof(0, 0);
                return;
            }
            if (heartbeatMillis > 0 && System.currentTimeMillis() - lastSent >= heartbeatMillis) {
                LogPosition at = stream.position();
                send(encoder.heartbeat(at.position(), at.file()));
                lastSent = System.currentTimeMillis();
            }
            writer.flush();
            if (!active.getAsBoolean()) {
                throw new ClientGoneException();
            }
        }
    }

    private void send(byte[] event) {
        ByteBuf out = writer.newPayload();
        out.writeByte(0);
        out.writeBytes(event);
        writer.write(out);
    }
}
