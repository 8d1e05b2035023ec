package com.polardbx.server.handler;

import com.polardbx.cdc.api.BinlogEventStream;
import com.polardbx.cdc.api.BinlogFile;
import com.polardbx.cdc.api.BinlogSource;
import com.polardbx.cdc.api.BinlogUnavailableException;
import com.polardbx.cdc.api.LogPosition;
import com.polardbx.cdc.format.EventEncoder;
import com.polardbx.cdc.format.EventType;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.type.MysqlType;
import com.polardbx.gms.user.Privilege;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.AccessCheck;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The binlog SHOWs of a MySQL primary over the global binlog: {@code SHOW MASTER STATUS} (and MySQL 8.2's
 * {@code SHOW BINARY LOG STATUS}, MariaDB's {@code SHOW BINLOG STATUS}), {@code SHOW BINARY LOGS} (and
 * {@code SHOW MASTER LOGS}), {@code SHOW BINLOG EVENTS [IN f] [FROM p] [LIMIT [o,] n]}. The first two need BINLOG
 * MONITOR (REPLICATION CLIENT's MariaDB name) or SUPER, the last BINLOG MONITOR, as in MariaDB 10.11 (MySQL asks
 * REPLICATION SLAVE for it).
 */
public final class BinlogShows {
    private static final Pattern STATUS =
        Pattern.compile("(?is)^\\s*SHOW\\s+(MASTER|BINLOG|BINARY\\s+LOG)\\s+STATUS\\s*;?\\s*$");
    private static final Pattern LOGS = Pattern.compile("(?is)^\\s*SHOW\\s+(BINARY|MASTER)\\s+LOGS\\s*;?\\s*$");
    private static final Pattern EVENTS = Pattern.compile("(?is)^\\s*SHOW\\s+BINLOG\\s+EVENTS"
        + "(?:\\s+IN\\s+'([^']*)')?(?:\\s+FROM\\s+(\\d+))?(?:\\s+LIMIT\\s+(\\d+)(?:\\s*,\\s*(\\d+))?)?\\s*;?\\s*$");

    private final ServerContext context;
    private final AccessCheck access;
    private final LongSupplier snapshotTimestamp;

    /**
     * @param snapshotTimestamp the TSO timestamp of the session's open consistent snapshot, 0 when it has none
     */
    public BinlogShows(ServerContext context, AccessCheck access, LongSupplier snapshotTimestamp) {
        this.context = context;
        this.access = access;
        this.snapshotTimestamp = snapshotTimestamp;
    }

    /** The statement's result, or null when {@code sql} is none of these. */
    public StatementResult tryShow(String sql) {
        if (STATUS.matcher(sql).matches()) {
            requireSuperOr(Privilege.BINLOG_MONITOR);
            return status();
        }
        if (LOGS.matcher(sql).matches()) {
            requireSuperOr(Privilege.BINLOG_MONITOR);
            return logs();
        }
        Matcher m = EVENTS.matcher(sql);
        if (m.matches()) {
            if (!access.hasGlobal(Privilege.BINLOG_MONITOR)) {
                throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, Privilege.BINLOG_MONITOR.sqlName());
            }
            long offset = m.group(4) != null ? Long.parseLong(m.group(3)) : 0;
            long limit = m.group(4) != null ? Long.parseLong(m.group(4))
                : m.group(3) != null ? Long.parseLong(m.group(3)) : Long.MAX_VALUE;
            return events(m.group(1), m.group(2) == null ? 4 : Long.parseLong(m.group(2)), offset, limit);
        }
        return null;
    }

    private void requireSuperOr(Privilege privilege) {
        if (!access.hasGlobal(privilege) && !access.hasGlobal(Privilege.SUPER)) {
            throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "SUPER, " + privilege.sqlName());
        }
    }

    private StatementResult status() {
        List<ColumnMeta> columns = columns("File", "Position", "Binlog_Do_DB", "Binlog_Ignore_DB",
            "Executed_Gtid_Set");
        BinlogSource source = context.binlog().get();
        List<Object[]> rows = new ArrayList<>();
        if (source != null) {
            // the position of the session's snapshot (a consumer's snapshot transaction, e.g. Debezium's), else of
            // now: every transaction committed before is before it, none after (docs/cdc.md, Snapshots)
            long ts = snapshotTimestamp.getAsLong();
            LogPosition end = source.positionAt(ts != 0 ? ts : context.transactions().tso().next());
            rows.add(new Object[] {end.file(), end.position(), "", "", ""});
        }
        return StatementResult.ofRows(columns, rows);
    }

    private StatementResult logs() {
        BinlogSource source = requireSource();
        List<Object[]> rows = new ArrayList<>();
        for (BinlogFile f : source.files()) {
            rows.add(new Object[] {f.name(), f.size()});
        }
        return StatementResult.ofRows(columns("Log_name", "File_size"), rows);
    }

    private BinlogSource requireSource() {
        BinlogSource source = context.binlog().get();
        if (source == null) {
            throw new SqlError(ErrorCode.ER_NO_BINARY_LOGGING);
        }
        return source;
    }

    private StatementResult events(String file, long from, long offset, long limit) {
        List<ColumnMeta> columns = columns("Log_name", "Pos", "Event_type", "Server_id", "End_log_pos", "Info");
        BinlogSource source = context.binlog().get();
        List<Object[]> rows = new ArrayList<>();
        if (source == null) {
            return StatementResult.ofRows(columns, rows);
        }
        String name = file != null ? file : source.files().get(0).name();
        long skipped = 0;
        try (BinlogEventStream stream = source.open(new LogPosition(name, from))) {
            while (rows.size() < limit) {
                LogPosition at = stream.position();
                if (!at.file().equals(name)) {
                    break;
                }
                byte[] event = stream.next(0);
                if (event == null) {
                    break;
                }
                if (skipped++ < offset) {
                    continue;
                }
                ByteBuffer b = ByteBuffer.wrap(event).order(ByteOrder.LITTLE_ENDIAN);
                rows.add(new Object[] {name, at.position(), typeName(EventEncoder.type(event)),
                    b.getInt(5) & 0xFFFFFFFFL, EventEncoder.endPosition(event), info(event)});
            }
        } catch (BinlogUnavailableException e) {
            throw new SqlError(ErrorCode.ER_ERROR_WHEN_EXECUTING_COMMAND, "SHOW BINLOG EVENTS", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(ErrorCode.ER_QUERY_INTERRUPTED);
        }
        return StatementResult.ofRows(columns, rows);
    }

    private static String typeName(int type) {
        return switch (type) {
            case EventType.FORMAT_DESCRIPTION -> "Format_desc";
            case EventType.QUERY -> "Query";
            case EventType.XID -> "Xid";
            case EventType.TABLE_MAP -> "Table_map";
            case EventType.WRITE_ROWS -> "Write_rows";
            case EventType.UPDATE_ROWS -> "Update_rows";
            case EventType.DELETE_ROWS -> "Delete_rows";
            case EventType.ROTATE -> "Rotate";
            default -> "Unknown(" + type + ")";
        };
    }

    /** MySQL's Info column for the event types the global binlog has. */
    private static String info(byte[] e) {
        ByteBuffer b = ByteBuffer.wrap(e).order(ByteOrder.LITTLE_ENDIAN);
        int body = EventType.HEADER_LENGTH;
        int end = e.length - EventType.CHECKSUM_LENGTH;
        switch (EventEncoder.type(e)) {
            case EventType.FORMAT_DESCRIPTION -> {
                String version = new String(e, body + 2, 50, StandardCharsets.US_ASCII).trim();
                return "Server ver: " + version.replace("\u0000", "") + ", Binlog ver: 4";
            }
            case EventType.QUERY -> {
                int dbLength = e[body + 8] & 0xFF;
                int statusLength = b.getShort(body + 11) & 0xFFFF;
                int sqlStart = body + 13 + statusLength + dbLength + 1;
                return new String(e, sqlStart, end - sqlStart, StandardCharsets.UTF_8);
            }
            case EventType.XID -> {
                return "COMMIT /* xid=" + b.getLong(body) + " */";
            }
            case EventType.ROTATE -> {
                return new String(e, body + 8, end - body - 8, StandardCharsets.US_ASCII) + ";pos=" + b.getLong(body);
            }
            case EventType.TABLE_MAP -> {
                int p = body + 8;
                int dbLength = e[p] & 0xFF;
                String db = new String(e, p + 1, dbLength, StandardCharsets.UTF_8);
                p += 1 + dbLength + 1;
                String table = new String(e, p + 1, e[p] & 0xFF, StandardCharsets.UTF_8);
                return "table_id: " + tableId(e, body) + " (" + db + "." + table + ")";
            }
            case EventType.WRITE_ROWS, EventType.UPDATE_ROWS, EventType.DELETE_ROWS -> {
                boolean stmtEnd = (b.getShort(body + 6) & EventType.ROWS_STMT_END) != 0;
                return "table_id: " + tableId(e, body) + (stmtEnd ? " flags: STMT_END_F" : "");
            }
            default -> {
                return "";
            }
        }
    }

    private static long tableId(byte[] e, int at) {
        long id = 0;
        for (int i = 5; i >= 0; i--) {
            id = (id << 8) | (e[at + i] & 0xFF);
        }
        return id;
    }

    private static List<ColumnMeta> columns(String... names) {
        List<ColumnMeta> out = new ArrayList<>();
        for (String n : names) {
            out.add(ColumnMeta.computed(n, n.equals("Position") || n.equals("File_size") || n.equals("Pos")
                || n.equals("Server_id") || n.equals("End_log_pos") ? MysqlType.LONGLONG : MysqlType.VAR_STRING));
        }
        return out;
    }
}
