package com.polardbx.cdc;

import com.polardbx.cdc.extract.DataNodeExtractor;
import com.polardbx.cdc.spi.TimestampSource;
import com.polardbx.gms.meta.StorageNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a fresh TSO timestamp into {@code polardbx_cdc.heartbeat} on every DN at a fixed interval, one autocommit
 * insert each (also on demand, {@link #beatNow()}). The row reaches each DN's binlog after every branch prepared
 * before the timestamp was taken, which is what lets the merger move past an idle DN. The table never reaches the
 * global binlog. Runs in its own thread; {@link #beatNow()} may be called from any thread.
 */
final class HeartbeatWriter implements Runnable {
    private static final Logger log = LoggerFactory.getLogger("polardbx.cdc");
    private static final int PURGE_EVERY = 300;

    private final List<StorageNode> dataNodes;
    private final TimestampSource tso;
    private final long intervalMillis;
    private final Map<String, Connection> connections = new HashMap<>();
    private volatile boolean stopped;

    HeartbeatWriter(List<StorageNode> dataNodes, TimestampSource tso, long intervalMillis) {
        this.dataNodes = dataNodes;
        this.tso = tso;
        this.intervalMillis = intervalMillis;
    }

    /** Creates the heartbeat table on every DN (idempotent). */
    void createTables() throws SQLException {
        for (StorageNode dn : dataNodes) {
            try (Statement s = connection(dn).createStatement()) {
                s.execute("CREATE DATABASE IF NOT EXISTS " + DataNodeExtractor.HEARTBEAT_DB);
                s.execute("CREATE TABLE IF NOT EXISTS " + DataNodeExtractor.HEARTBEAT_DB + "."
                    + DataNodeExtractor.HEARTBEAT_TABLE + " (ts BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB");
                s.execute("CREATE TABLE IF NOT EXISTS " + DataNodeExtractor.HEARTBEAT_DB + "."
                    + DataNodeExtractor.DDL_MARK_TABLE + " (id BIGINT NOT NULL PRIMARY KEY, body MEDIUMBLOB NOT NULL)"
                    + " ENGINE=InnoDB");
            }
        }
    }

    private Connection connection(StorageNode dn) throws SQLException {
        Connection c = connections.get(dn.id());
        if (c == null || c.isClosed()) {
            c = DriverManager.getConnection(dn.jdbcUrl(null), dn.user(), dn.password());
            connections.put(dn.id(), c);
        }
        return c;
    }

    @Override
    public void run() {
        long beats = 0;
        while (!stopped) {
            try {
                beatAll(++beats % PURGE_EVERY == 0);
            } catch (RuntimeException e) {
                log.warn("CDC heartbeat failed: {}", e.getMessage());
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /**
     * One heartbeat on every DN now, between the periodic ones (a consistent snapshot's fence, see
     * {@link CdcService#heartbeatNow()}); returns when every DN has it.
     */
    void beatNow() {
        beatAll(false);
    }

    /** Takes a timestamp and inserts it on every DN; serialized, so each DN gets its heartbeats in timestamp order. */
    private synchronized void beatAll(boolean purge) {
        long ts = tso.next();
        for (StorageNode dn : dataNodes) {
            beat(dn, ts, purge);
        }
    }

    private void beat(StorageNode dn, long ts, boolean purge) {
        try {
            Connection c = connection(dn);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + DataNodeExtractor.HEARTBEAT_DB + "."
                + DataNodeExtractor.HEARTBEAT_TABLE + " (ts) VALUES (?)")) {
                ps.setLong(1, ts);
                ps.executeUpdate();
            }
            if (purge) {
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + DataNodeExtractor.HEARTBEAT_DB + "."
                    + DataNodeExtractor.HEARTBEAT_TABLE + " WHERE ts < ?")) {
                    ps.setLong(1, ts);
                    ps.executeUpdate();
                }
                // DDL marks are read from the binlog; the rows themselves are kept an hour for inspection
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + DataNodeExtractor.HEARTBEAT_DB + "."
                    + DataNodeExtractor.DDL_MARK_TABLE + " WHERE id < ?")) {
                    ps.setLong(1, ts - (3_600_000L << 22));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            log.warn("CDC heartbeat on {} failed: {}", dn.id(), e.getMessage());
            Connection c = connections.remove(dn.id());
            closeQuietly(c);
        }
    }

    void stop() {
        stopped = true;
        connections.values().forEach(HeartbeatWriter::closeQuietly);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // closing: nothing to do
            }
        }
    }
}
