package com.polardbx.cdc.extract;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.ByteArrayEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.XAPrepareEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.ByteArrayEventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.polardbx.cdc.merge.RowsEvent;
import com.polardbx.cdc.merge.TransactionEvent;
import com.polardbx.cdc.merge.StreamPosition;
import com.polardbx.cdc.merge.TransactionMerger;
import com.polardbx.cdc.meta.LogicalTable;
import com.polardbx.cdc.meta.LogicalTables;
import com.polardbx.gms.meta.StorageNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one DN's binlog as a replica from a position and reports its transactions to the merger: heartbeats,
 * single-DN commits, prepared XA branches (MariaDB writes their rows at PREPARE) and their XA COMMIT / ROLLBACK.
 * Rows events are kept as raw bytes; only their tables are resolved to logical ones. The client's own thread calls
 * the listener; reconnects are the client's keep-alive.
 */
public final class DataNodeExtractor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("polardbx.cdc");
    /** The database of the CDC's heartbeat table on every DN. */
    public static final String HEARTBEAT_DB = "polardbx_cdc";
    public static final String HEARTBEAT_TABLE = "heartbeat";
    /** The table the CN marks each logical DDL in (id BIGINT NOT NULL, body MEDIUMBLOB NOT NULL: schema \n sql). */
    public static final String DDL_MARK_TABLE = "ddl_mark";

    private final String dnId;
    private final BinaryLogClient client;
    private final TransactionMerger merger;
    private final LogicalTables tables;
    private final CommitTimestamps commits;
    private final Map<Long, Target> tableIds = new HashMap<>();
    /** The transaction being read: its start, its rows, whether it wrote a heartbeat. */
    private StreamPosition.Builder start;
    private final List<TransactionEvent> rows = new ArrayList<>();
    private long heartbeat = -1;

    /** What a DN table id stands for: a logical table, the heartbeat table, or nothing to emit (null table). */
    private record Target(LogicalTable table, byte[] columns, boolean heartbeat, boolean ddlMark) {
    }

    public DataNodeExtractor(StorageNode dn, long replicaServerId, StreamPosition from, TransactionMerger merger,
                             LogicalTables tables, CommitTimestamps commits) {
        this.dnId = dn.id();
        this.merger = merger;
        this.tables = tables;
        this.commits = commits;
        this.client = new BinaryLogClient(dn.host(), dn.port(), dn.user(), dn.password());
        client.setServerId(replicaServerId);
        client.setBinlogFilename(from.file());
        client.setBinlogPosition(from.position());
        client.setKeepAlive(true);
        client.setHeartbeatInterval(1000);
        // a DN restart closes the stream: reconnect once no event (heartbeats included) came for 3 s, not the
        // client's default 60 s, during which every transaction of the cluster would be held back
        client.setKeepAliveInterval(3000);
        client.setSSLMode(com.github.shyiko.mysql.binlog.network.SSLMode.DISABLED);
        EventDeserializer deserializer = new EventDeserializer();
        for (EventType t : List.of(EventType.TABLE_MAP, EventType.WRITE_ROWS, EventType.UPDATE_ROWS,
            EventType.DELETE_ROWS, EventType.EXT_WRITE_ROWS, EventType.EXT_UPDATE_ROWS, EventType.EXT_DELETE_ROWS)) {
            deserializer.setEventDataDeserializer(t, new ByteArrayEventDataDeserializer());
        }
        client.setEventDeserializer(deserializer);
        client.registerEventListener(this::onEvent);
        client.registerLifecycleListener(new BinaryLogClient.AbstractLifecycleListener() {
            @Override
            public void onCommunicationFailure(BinaryLogClient c, Exception ex) {
                log.error("binlog of {} unreadable at {}:{}: {}", dnId, c.getBinlogFilename(), c.getBinlogPosition(),
                    ex.getMessage());
            }

            @Override
            public void onEventDeserializationFailure(BinaryLogClient c, Exception ex) {
                // the client would skip the event: stop instead, so the stream stalls rather than loses it
                log.error("binlog event of {} not understood at {}:{}; this reader stops: {}", dnId,
                    c.getBinlogFilename(), c.getBinlogPosition(), ex.getMessage());
                Thread stop = new Thread(DataNodeExtractor.this::close, "cdc-stop-" + dnId);
                stop.setDaemon(true);
                stop.start();
            }
        });
    }

    /** Connects and starts reading in the client's thread. */
    public void start() throws IOException {
        try {
            client.connect(10_000);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("binlog of " + dnId + " did not answer", e);
        }
        log.info("reading the binlog of {} from {}:{}", dnId, client.getBinlogFilename(), client.getBinlogPosition());
    }

    private StreamPosition.Builder at(long position) {
        return new StreamPosition.Builder(client.getBinlogFilename(), position);
    }

    private void onEvent(Event event) {
        EventHeaderV4 h = event.getHeader();
        try {
            switch (h.getEventType()) {
                case MARIADB_GTID -> begin(at(h.getPosition()));
                case TABLE_MAP -> tableMap(((ByteArrayEventData) event.getData()).getData());
                case WRITE_ROWS, UPDATE_ROWS, DELETE_ROWS, EXT_WRITE_ROWS, EXT_UPDATE_ROWS, EXT_DELETE_ROWS ->
                    rows(h.getEventType(), ((ByteArrayEventData) event.getData()).getData());
                case XID -> commitOnePhase(at(h.getNextPosition()));
                case XA_PREPARE -> {
                    XAPrepareEventData xa = event.getData();
                    merger.prepared(dnId, xa.getGtrid(), startOr(h), List.copyOf(rows), at(h.getNextPosition()));
                    clear();
                }
                case QUERY -> query(((QueryEventData) event.getData()).getSql(), h);
                default -> { }
            }
        } catch (RuntimeException e) {
            log.error("CDC reader of {} failed at {}:{}", dnId, client.getBinlogFilename(), h.getPosition(), e);
            throw e;
        }
    }

    private StreamPosition.Builder startOr(EventHeaderV4 h) {
        return start != null ? start : at(h.getPosition());
    }

    private void begin(StreamPosition.Builder position) {
        clear();
        start = position;
    }

    private void clear() {
        rows.clear();
        heartbeat = -1;
        start = null;
    }

    private void tableMap(byte[] body) {
        TableMapBody map = TableMapBody.parse(body);
        boolean internal = map.database().equals(HEARTBEAT_DB);
        boolean isHeartbeat = internal && map.table().equals(HEARTBEAT_TABLE);
        boolean isDdlMark = internal && map.table().equals(DDL_MARK_TABLE);
        LogicalTable table = internal ? null : tables.resolve(dnId, map.database(), map.table());
        tableIds.put(map.tableId(), new Target(table != null && table.emit() ? table : null, map.columns(),
            isHeartbeat, isDdlMark));
    }

    private void rows(EventType type, byte[] body) {
        Target target = tableIds.get(TableMapBody.tableId(body));
        if (target == null) {
            return;
        }
        if (target.heartbeat()) {
            if (type == EventType.WRITE_ROWS || type == EventType.EXT_WRITE_ROWS) {
                heartbeat = Math.max(heartbeat, heartbeatTs(body, type == EventType.WRITE_ROWS));
            }
            return;
        }
        if (target.ddlMark()) {
            if (type == EventType.WRITE_ROWS || type == EventType.EXT_WRITE_ROWS) {
                rows.addAll(ddlMarks(body, type == EventType.WRITE_ROWS));
            }
            return;
        }
        if (target.table() == null) {
            return;
        }
        boolean v1 = type == EventType.WRITE_ROWS || type == EventType.UPDATE_ROWS || type == EventType.DELETE_ROWS;
        int v2Type = switch (type) {
            case WRITE_ROWS, EXT_WRITE_ROWS -> com.polardbx.cdc.format.EventType.WRITE_ROWS;
            case UPDATE_ROWS, EXT_UPDATE_ROWS -> com.polardbx.cdc.format.EventType.UPDATE_ROWS;
            default -> com.polardbx.cdc.format.EventType.DELETE_ROWS;
        };
        rows.add(new RowsEvent(target.table(), target.columns(), v2Type, v1, body));
    }

    /**
     * The largest timestamp in a heartbeat WRITE_ROWS body: the table has one BIGINT NOT NULL column, so each row is a
     * one-byte null bitmap and eight bytes.
     */
    static long heartbeatTs(byte[] body, boolean v1) {
        int p = 8;
        if (!v1) {
            p += (body[p] & 0xFF) | ((body[p + 1] & 0xFF) << 8);
        }
        p += 1 + 1; // column count (1), columns-present bitmap (1 byte for 1 column)
        long max = -1;
        ByteBuffer b = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
        while (p + 9 <= body.length) {
            max = Math.max(max, b.getLong(p + 1));
            p += 9;
        }
        return max;
    }

    /**
     * The DDLs in a ddl_mark WRITE_ROWS body: per row a one-byte null bitmap, the BIGINT id and the MEDIUMBLOB body
     * (3-byte length, then {@code schema \n sql} in UTF-8).
     */
    static List<TransactionEvent> ddlMarks(byte[] body, boolean v1) {
        int p = 8;
        if (!v1) {
            p += (body[p] & 0xFF) | ((body[p + 1] & 0xFF) << 8);
        }
        p += 1 + 1; // column count (2), columns-present bitmap
        List<TransactionEvent> out = new ArrayList<>();
        while (p + 1 + 8 + 3 <= body.length) {
            p += 1 + 8;
            int length = (body[p] & 0xFF) | ((body[p + 1] & 0xFF) << 8) | ((body[p + 2] & 0xFF) << 16);
            p += 3;
            String text = new String(body, p, length, java.nio.charset.StandardCharsets.UTF_8);
            p += length;
            int newline = text.indexOf('\n');
            out.add(new com.polardbx.cdc.merge.DdlEvent(text.substring(0, newline), text.substring(newline + 1)));
        }
        return out;
    }

    private void commitOnePhase(StreamPosition.Builder end) {
        StreamPosition.Builder from = start != null ? start : end;
        if (heartbeat >= 0) {
            merger.heartbeat(dnId, heartbeat, end);
        } else {
            merger.onePhase(dnId, from, List.copyOf(rows), end);
        }
        clear();
    }

    private void query(String sql, EventHeaderV4 h) {
        String[] decision = XaIds.decision(sql);
        if (decision != null) {
            String gtrid = decision[1];
            if (decision[0].equals("COMMIT")) {
                long txid = XaIds.txid(gtrid);
                long ts = txid < 0 ? CommitTimestamps.UNKNOWN : commits.lookup(txid);
                if (ts == CommitTimestamps.ABORTED) {
                    log.warn("XA COMMIT of {} on {} but the global log says ABORT; dropped", gtrid, dnId);
                    merger.rolledBack(dnId, gtrid, at(h.getNextPosition()));
                } else {
                    merger.committed(dnId, gtrid, ts, at(h.getNextPosition()));
                }
            } else {
                merger.rolledBack(dnId, gtrid, at(h.getNextPosition()));
            }
            clear();
            return;
        }
        String upper = sql.trim().toUpperCase(java.util.Locale.ROOT);
        if (upper.equals("COMMIT")) {
            commitOnePhase(at(h.getNextPosition()));
        } else if (upper.equals("BEGIN") || upper.startsWith("XA START") || upper.startsWith("XA END")) {
            return;
        } else if (upper.startsWith("SAVEPOINT") || upper.startsWith("RELEASE SAVEPOINT")
            || upper.startsWith("ROLLBACK TO")) {
            // inside a transaction (the CN's statement savepoint on a branch with an earlier statement): the rows
            // before it stay; a rollback to it has already cut the undone InnoDB rows from the DN's binlog cache
            return;
        } else {
            // DDL and other statements outside transactions: physical DDL is not part of the logical stream
            merger.skipped(dnId, at(h.getNextPosition()));
            clear();
        }
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (IOException e) {
            log.debug("disconnecting the binlog reader of {}: {}", dnId, e.getMessage());
        }
    }
}
