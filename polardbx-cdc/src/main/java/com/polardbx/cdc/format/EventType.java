package com.polardbx.cdc.format;

/** Binlog event type codes of the MySQL 5.7 flavour the global binlog uses (MariaDB's are listed where read). */
public final class EventType {
    public static final int QUERY = 2;
    public static final int ROTATE = 4;
    public static final int FORMAT_DESCRIPTION = 15;
    public static final int XID = 16;
    public static final int TABLE_MAP = 19;
    /** MariaDB writes the v1 row events (no extra-data field); the global binlog writes v2. */
    public static final int WRITE_ROWS_V1 = 23;
    public static final int UPDATE_ROWS_V1 = 24;
    public static final int DELETE_ROWS_V1 = 25;
    public static final int HEARTBEAT = 27;
    public static final int WRITE_ROWS = 30;
    public static final int UPDATE_ROWS = 31;
    public static final int DELETE_ROWS = 32;

    /** Flag of events that are not in any file (the fake ROTATE and heartbeats of a dump). */
    public static final int FLAG_ARTIFICIAL = 0x20;
    /** Rows-event flag: the last rows event of a statement; consumers drop their table maps after it. */
    public static final int ROWS_STMT_END = 0x0001;

    public static final int HEADER_LENGTH = 19;
    public static final int CHECKSUM_LENGTH = 4;

    private EventType() {
    }

    /** The v2 type of a MariaDB v1 rows event type, or the type itself. */
    public static int rowsV2(int type) {
        return switch (type) {
            case WRITE_ROWS_V1 -> WRITE_ROWS;
            case UPDATE_ROWS_V1 -> UPDATE_ROWS;
            case DELETE_ROWS_V1 -> DELETE_ROWS;
            default -> type;
        };
    }
}
