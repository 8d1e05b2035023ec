package com.polardbx.cdc.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Builds complete binlog v4 events (19-byte header, body, CRC32) as MySQL 5.7 writes them. Stateless and
 * thread-safe.
 */
public final class EventEncoder {
    /**
     * Post-header lengths of event types 1..38 as MySQL 5.7 declares them in its FORMAT_DESCRIPTION: readers such
     * as mariadb-binlog parse QUERY, TABLE_MAP and the rows events by these lengths.
     */
    private static final byte[] POST_HEADER_LENGTHS = {
        56, 13, 0, 8, 0, 18, 0, 4, 4, 4, 4, 18, 0, 0, 95, 0, 4, 26, 8, 0, 0, 0, 8, 8, 8, 2, 0, 0, 0, 10, 10, 10,
        42, 42, 0, 18, 52, 0};
    private static final int SERVER_VERSION_LENGTH = 50;
    /** utf8mb4_general_ci, for the client, connection and server character sets of QUERY events. */
    private static final int CHARSET_UTF8MB4 = 45;

    private final long serverId;
    private final String serverVersion;

    public EventEncoder(long serverId, String serverVersion) {
        this.serverId = serverId;
        this.serverVersion = serverVersion;
    }

    /** A whole event ending at {@code endPosition} (0 for artificial events). */
    public byte[] event(int type, long timestampSeconds, long endPosition, int flags, byte[] body) {
        int size = EventType.HEADER_LENGTH + body.length + EventType.CHECKSUM_LENGTH;
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int) timestampSeconds).put((byte) type).putInt((int) serverId).putInt(size)
            .putInt((int) endPosition).putShort((short) flags).put(body);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, size - EventType.CHECKSUM_LENGTH);
        b.putInt((int) crc.getValue());
        return b.array();
    }

    /** The FORMAT_DESCRIPTION event that starts every file, declaring CRC32 checksums. */
    public byte[] formatDescription(long timestampSeconds, long endPosition, int flags) {
        ByteBuffer b = ByteBuffer.allocate(2 + SERVER_VERSION_LENGTH + 4 + 1 + POST_HEADER_LENGTHS.length + 1)
            .order(ByteOrder.LITTLE_ENDIAN);
        b.putShort((short) 4);
        byte[] version = new byte[SERVER_VERSION_LENGTH];
        byte[] text = serverVersion.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, version, 0, Math.min(text.length, SERVER_VERSION_LENGTH - 1));
        b.put(version).putInt((int) timestampSeconds).put((byte) EventType.HEADER_LENGTH).put(POST_HEADER_LENGTHS);
        b.put((byte) 1); // checksum algorithm: CRC32
        return event(EventType.FORMAT_DESCRIPTION, timestampSeconds, endPosition, flags, b.array());
    }

    /** The size of a FORMAT_DESCRIPTION event. */
    public static int formatDescriptionSize() {
        return EventType.HEADER_LENGTH + 2 + SERVER_VERSION_LENGTH + 4 + 1 + POST_HEADER_LENGTHS.length + 1
            + EventType.CHECKSUM_LENGTH;
    }

    public byte[] rotate(long timestampSeconds, long endPosition, int flags, String nextFile, long nextPosition) {
        byte[] name = nextFile.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(8 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(nextPosition).put(name);
        return event(EventType.ROTATE, timestampSeconds, endPosition, flags, b.array());
    }

    /** A QUERY event ({@code BEGIN}, a DDL statement) run in {@code database} (empty for none). */
    public byte[] query(long timestampSeconds, long endPosition, String database, String sql) {
        byte[] db = database.getBytes(StandardCharsets.UTF_8);
        byte[] text = sql.getBytes(StandardCharsets.UTF_8);
        // status variables: Q_FLAGS2_CODE (0), Q_SQL_MODE_CODE (1), Q_CHARSET_CODE (4)
        ByteBuffer status = ByteBuffer.allocate(5 + 9 + 7).order(ByteOrder.LITTLE_ENDIAN);
        status.put((byte) 0).putInt(0);
        status.put((byte) 1).putLong(0);
        status.put((byte) 4).putShort((short) CHARSET_UTF8MB4).putShort((short) CHARSET_UTF8MB4)
            .putShort((short) CHARSET_UTF8MB4);
        ByteBuffer b = ByteBuffer.allocate(13 + status.capacity() + db.length + 1 + text.length)
            .order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0).putInt(0).put((byte) db.length).putShort((short) 0).putShort((short) status.capacity());
        b.put(status.array()).put(db).put((byte) 0).put(text);
        return event(EventType.QUERY, timestampSeconds, endPosition, 0, b.array());
    }

    public byte[] xid(long timestampSeconds, long endPosition, long xid) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(xid);
        return event(EventType.XID, timestampSeconds, endPosition, 0, b.array());
    }

    public byte[] heartbeat(long endPosition, String file) {
        return event(EventType.HEARTBEAT, 0, endPosition, EventType.FLAG_ARTIFICIAL,
            file.getBytes(StandardCharsets.US_ASCII));
    }

    /** The end position written in an event's header. */
    public static long endPosition(byte[] event) {
        return ByteBuffer.wrap(event, 13, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
    }

    public static int type(byte[] event) {
        return event[4] & 0xFF;
    }
}
