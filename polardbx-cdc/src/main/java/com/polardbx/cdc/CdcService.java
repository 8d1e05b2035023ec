package com.polardbx.cdc;

import com.polardbx.cdc.api.BinlogEventStream;
import com.polardbx.cdc.api.BinlogFile;
import com.polardbx.cdc.api.BinlogSource;
import com.polardbx.cdc.api.BinlogUnavailableException;
import com.polardbx.cdc.api.LogPosition;
import com.polardbx.cdc.api.PurgeResult;
import com.polardbx.cdc.extract.CommitTimestamps;
import com.polardbx.cdc.extract.DataNodeExtractor;
import com.polardbx.cdc.extract.GlobalTxLogExtractor;
import com.polardbx.cdc.format.BinlogDirectory;
import com.polardbx.cdc.format.BinlogPurge;
import com.polardbx.cdc.format.BinlogWriter;
import com.polardbx.cdc.format.EventEncoder;
import com.polardbx.cdc.format.FileEventStream;
import com.polardbx.cdc.merge.CommitKey;
import com.polardbx.cdc.merge.Drained;
import com.polardbx.cdc.merge.LogicalTransaction;
import com.polardbx.cdc.merge.StreamPosition;
import com.polardbx.cdc.merge.TransactionMerger;
import com.polardbx.cdc.meta.LogicalTables;
import com.polardbx.cdc.spi.TimestampSource;
import com.polardbx.cdc.write.Checkpoint;
import com.polardbx.cdc.write.SnapshotPositions;
import com.polardbx.cdc.write.TransactionWriter;
import com.polardbx.common.metrics.Metrics;
import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.store.MetaStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CDC of one cluster: a binlog reader per DN and one for the GMS, the merger, the heartbeat, and the writer
 * thread that appends released transactions to the global binlog and checkpoints. Serves the files through
 * {@link BinlogSource}. Start once, close once; the {@link BinlogSource} methods are thread-safe.
 */
public final class CdcService implements BinlogSource, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("polardbx.cdc");
    private static final long REPLICA_SERVER_ID_BASE = 0x7FFF_0000L;
    private static final int BATCH = 1000;
    private static final String LAG = "polardbx_cdc_binlog_lag_seconds";
    private static final LongAdder TRANSACTIONS_WRITTEN = Metrics.get().counterCell(
        "polardbx_cdc_transactions_written_total");
    private static final LongAdder EVENTS_WRITTEN = Metrics.get().counterCell(
        "polardbx_cdc_events_written_total");

    static {
        Metrics m = Metrics.get();
        m.describe(LAG, "Per transaction, from its commit (its commit timestamp; for a single-DN transaction the last "
            + "heartbeat its DN showed before it) until it is in the global binlog, readable by replicas");
        m.describe("polardbx_cdc_transactions_written_total", "Transactions (and DDL) written to the global binlog");
        m.describe("polardbx_cdc_events_written_total", "Events written to the global binlog");
        m.describe("polardbx_cdc_binlog_delay_seconds", "How far behind the global binlog is now: the time since the "
            + "timestamp below which it holds every committed transaction (heartbeats move it while idle)");
    }

    private final CdcConfig config;
    private final MetaStore meta;
    private final TimestampSource tso;
    private final BinlogDirectory directory;
    private final BinlogPurge purge;
    private long lastRetentionCheck;
    private final Path checkpointFile;
    private final List<AutoCloseable> readers = new ArrayList<>();
    private TransactionMerger merger;
    private BinlogWriter writer;
    private HeartbeatWriter heartbeat;
    private Thread heartbeatThread;
    private Thread writerThread;
    private volatile boolean stopped;
    /** The TSO timestamp below which the published binlog is complete; 0 until the first publish. */
    private volatile long completeThrough;
    private volatile SnapshotPositions snapshotPositions;

    public CdcService(CdcConfig config, MetaStore meta, TimestampSource tso) {
        this.config = config;
        this.meta = meta;
        this.tso = tso;
        this.directory = new BinlogDirectory(config.dataDir().resolve("binlog"));
        this.purge = new BinlogPurge(directory);
        this.checkpointFile = config.dataDir().resolve("checkpoint.properties");
    }

    /** Resumes from the checkpoint (or starts at the DNs' current binlog ends) and starts all threads. */
    public synchronized void start() {
        try {
            heartbeat = new HeartbeatWriter(config.dataNodes(), tso, config.heartbeatInterval().toMillis());
            heartbeat.createTables();
            Checkpoint cp = Checkpoint.load(checkpointFile);
            Map<String, StreamPosition> starts = new LinkedHashMap<>();
            for (StorageNode dn : config.dataNodes()) {
                StreamPosition saved = cp == null ? null : cp.dataNodes().get(dn.id());
                if (saved == null) {
                    LogPosition end = binlogEnd(dn);
                    saved = new StreamPosition(end.file(), end.position(), 0, 0);
                }
                starts.put(dn.id(), saved);
            }
            merger = new TransactionMerger(starts, cp == null ? CommitKey.ZERO : cp.last());
            writer = new BinlogWriter(directory, new EventEncoder(config.serverId(), config.serverVersion()),
                config.maxFileBytes(), cp == null ? null : cp.binlog());
            if (cp == null) {
                LogPosition end = writer.flush();
                new Checkpoint(end, CommitKey.ZERO, starts).save(checkpointFile);
                writer.publish(end);
            }
            CommitTimestamps commits = new CommitTimestamps(this::gmsConnection);
            LogPosition gmsEnd = binlogEnd(config.gms());
            GlobalTxLogExtractor gmsReader = new GlobalTxLogExtractor(config.gms(), REPLICA_SERVER_ID_BASE,
                gmsEnd.file(), gmsEnd.position(), commits);
            gmsReader.start();
            readers.add(gmsReader);
            LogicalTables tables = new LogicalTables(meta);
            int i = 1;
            for (StorageNode dn : config.dataNodes()) {
                DataNodeExtractor reader = new DataNodeExtractor(dn, REPLICA_SERVER_ID_BASE + i++, starts.get(dn.id()),
                    merger, tables, commits);
                reader.start();
                readers.add(reader);
            }
        } catch (IOException | SQLException e) {
            close();
            throw new IllegalStateException("CDC could not start: " + e.getMessage(), e);
        }
        heartbeatThread = new Thread(heartbeat, "cdc-heartbeat");
        heartbeatThread.setDaemon(true);
        heartbeatThread.start();
        Metrics.get().gauge("polardbx_cdc_binlog_delay_seconds", () -> completeThrough == 0 ? 0
            : Math.max(0, System.currentTimeMillis() - (completeThrough >>> 22)) / 1000.0);
        writerThread = new Thread(this::writeLoop, "cdc-writer");
        writerThread.setDaemon(true);
        writerThread.start();
        log.info("CDC started: global binlog in {}, committed up to {}", directory.dir(), directory.committed());
    }

    private Connection gmsConnection() {
        try {
            return DriverManager.getConnection(config.gms().jdbcUrl(null), config.gms().user(),
                config.gms().password());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static LogPosition binlogEnd(StorageNode node) throws SQLException {
        try (Connection c = DriverManager.getConnection(node.jdbcUrl(null), node.user(), node.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                throw new SQLException(node.id() + " has no binlog (start it with --log-bin)");
            }
            return new LogPosition(rs.getString(1), rs.getLong(2));
        }
    }

    private void writeLoop() {
        TransactionWriter transactions = new TransactionWriter(writer);
        SnapshotPositions positions = new SnapshotPositions(directory.committed());
        snapshotPositions = positions;
        Map<String, StreamPosition> saved = null;
        long eventsCounted = writer.events();
        while (!stopped) {
            try {
                applyRetention();
                Drained d = merger.drain(BATCH);
                if (d.transactions().isEmpty() && d.restart().equals(saved)) {
                    Thread.sleep(20);
                    continue;
                }
                List<SnapshotPositions.Start> starts = new ArrayList<>(d.transactions().size());
                for (LogicalTransaction t : d.transactions()) {
                    starts.add(new SnapshotPositions.Start(t.key().ts(),
                        new LogPosition(writer.file(), writer.position())));
                    transactions.write(t);
                }
                saved = d.restart();
                LogPosition end = writer.flush();
                new Checkpoint(end, d.last(), d.restart()).save(checkpointFile);
                writer.publish(end);
                eventsCounted = published(d, eventsCounted);
                positions.published(starts, end, d.completeThrough());
                if (d.transactions().size() < BATCH) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("CDC writer failed; retrying", e);
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Counts what {@code d} made readable; returns the writer's event count now. */
    private long published(Drained d, long eventsCounted) {
        long now = System.currentTimeMillis();
        for (LogicalTransaction t : d.transactions()) {
            long commitMillis = t.key().ts() >>> 22;
            if (commitMillis > 0) {
                Metrics.get().observeNanos(LAG, Math.max(0, now - commitMillis) * 1_000_000);
            }
        }
        TRANSACTIONS_WRITTEN.add(d.transactions().size());
        long events = writer.events();
        EVENTS_WRITTEN.add(events - eventsCounted);
        if (d.completeThrough() != Long.MAX_VALUE) {
            completeThrough = d.completeThrough();
        }
        return events;
    }

    /** Once a second: purges the files older than the retention ({@code binlog_expire_logs_seconds}). */
    private void applyRetention() {
        long now = System.currentTimeMillis();
        if (now - lastRetentionCheck < 1000) {
            return;
        }
        lastRetentionCheck = now;
        long seconds = config.expireLogsSeconds().getAsLong();
        if (seconds > 0) {
            PurgeResult r = purge.purgeBefore(Instant.ofEpochMilli(now).minusSeconds(seconds));
            if (!r.purged().isEmpty()) {
                log.info("binlog files older than {} s purged: {}{}", seconds, r.purged(),
                    r.inUse() == null ? "" : "; " + r.inUse() + " and later kept: read by a dump");
            }
        }
    }

    @Override
    public PurgeResult purgeTo(String file) {
        PurgeResult r = purge.purgeTo(file);
        log.info("PURGE BINARY LOGS TO {}: purged {}", file, r.purged());
        return r;
    }

    @Override
    public PurgeResult purgeBefore(Instant time) {
        PurgeResult r = purge.purgeBefore(time);
        log.info("PURGE BINARY LOGS BEFORE {}: purged {}", time, r.purged());
        return r;
    }

    /** Merger state, for logs and tests. */
    public String describe() {
        return merger == null ? "not started" : merger.describe() + " binlog=" + directory.committed();
    }

    @Override
    public LogPosition masterStatus() {
        return directory.committed();
    }

    @Override
    public void heartbeatNow() {
        HeartbeatWriter writer = heartbeat;
        if (writer != null) {
            writer.beatNow();
        }
    }

    @Override
    public LogPosition positionAt(long ts) {
        SnapshotPositions positions = snapshotPositions;
        LogPosition at = null;
        if (positions != null) {
            try {
                at = positions.at(ts, config.heartbeatInterval().toMillis() * 20 + 2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (at == null) {
            log.warn("no binlog position for timestamp {} (the binlog is behind or the timestamp too old): the end",
                ts);
            return masterStatus();
        }
        return at;
    }

    @Override
    public List<BinlogFile> files() {
        return directory.files();
    }

    @Override
    public BinlogEventStream open(LogPosition position) {
        return new FileEventStream(directory, position);
    }

    @Override
    public long serverId() {
        return config.serverId();
    }

    @Override
    public byte[] formatDescription(String file) {
        if (!BinlogDirectory.isFileName(file)) {
            throw new BinlogUnavailableException("Could not open log file " + file);
        }
        try (FileChannel c = FileChannel.open(directory.path(file), StandardOpenOption.READ)) {
            ByteBuffer event = ByteBuffer.allocate(EventEncoder.formatDescriptionSize());
            c.read(event, 4);
            return event.array();
        } catch (IOException e) {
            throw new BinlogUnavailableException("Could not open log file " + file);
        }
    }

    /** {@code event} with another end position in its header and its checksum recomputed. */
    public static byte[] withEndPosition(byte[] event, long endPosition) {
        byte[] copy = event.clone();
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(13, (int) endPosition);
        CRC32 crc = new CRC32();
        crc.update(copy, 0, copy.length - 4);
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putInt(copy.length - 4, (int) crc.getValue());
        return copy;
    }

    @Override
    public synchronized void close() {
        stopped = true;
        // no interrupt: it would close the FileChannel a thread is writing; both threads check the flag often
        for (Thread t : new Thread[] {heartbeatThread, writerThread}) {
            if (t != null) {
                try {
                    t.join(5000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (heartbeat != null) {
            heartbeat.stop();
        }
        for (AutoCloseable r : readers) {
            try {
                r.close();
            } catch (Exception e) {
                log.debug("closing a CDC reader: {}", e.getMessage());
            }
        }
        readers.clear();
        if (writer != null) {
            writer.close();
        }
    }
}
