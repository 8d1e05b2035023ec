package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.executor.gsi.GlobalIndexMaintenance;
import com.polardbx.executor.gsi.StoredRow;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.route.InsertRouter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies a table's existing rows into a new global index while writers keep running (the index is already
 * maintained by every writer). Each primary shard is read in primary-key order, a batch at a time, under a shared
 * lock that is held until the batch is in the index, so no writer changes a row between its read and its copy; the
 * copy is {@code INSERT IGNORE} because a writer may have put the newer version there first. After each batch the
 * last key is checkpointed in the job, so a restarted CN resumes where the last one stopped.
 *
 * <p>A UNIQUE index: a row the index ignored although no row with its primary key is there is a duplicate, and the
 * whole DDL fails with 1062.
 */
final class GlobalIndexBackfill {
    private final DdlContext ctx;
    private final InsertRouter router = new InsertRouter(new PartitionRouter(), null);
    /** Rows per second across all shards; 0 = unthrottled. Changeable while a backfill runs. */
    private volatile long speedLimit;
    /** Jobs asked to pause or cancel. */
    private final ConcurrentHashMap<Long, String> interrupts = new ConcurrentHashMap<>();

    GlobalIndexBackfill(DdlContext ctx) {
        this.ctx = ctx;
    }

    void speedLimit(long rowsPerSecond) {
        this.speedLimit = Math.max(0, rowsPerSecond);
    }

    long speedLimit() {
        return speedLimit;
    }

    /** Asks a running backfill to stop at its next batch: {@code PAUSED} or {@code CANCELLED}. */
    void interrupt(long job, String why) {
        interrupts.put(job, why);
    }

    void run(long job, JobPayload payload, TableMeta primary, GlobalIndexMeta index) {
        run(job, payload, primary, index, "INSERT IGNORE", "");
    }

    /**
     * Copies every row again with {@code REPLACE}, so index rows take the primary's current values (after an ALTER
     * whose new column values the index table could not compute itself); checkpoints under {@code prefix}.
     */
    void recopy(long job, JobPayload payload, TableMeta primary, GlobalIndexMeta index) {
        run(job, payload, primary, index, "REPLACE", "recopy." + index.name() + ".");
    }

    private void run(long job, JobPayload payload, TableMeta primary, GlobalIndexMeta index, String verb,
                     String prefix) {
        GlobalIndexMaintenance writer = new GlobalIndexMaintenance(primary, router);
        List<String> pk = primary.primaryKey().map(IndexDef::columns).orElseThrow();
        List<ColumnDef> columns = new ArrayList<>();
        for (String c : index.storedColumns()) {
            columns.add(primary.column(c).orElseThrow());
        }
        long total = Math.max(1, estimateRows(primary));
        AtomicLong copied = new AtomicLong(payload.get("rows") == null ? 0 : Long.parseLong(payload.get("rows")));
        Progress progress = new Progress(job, payload, total, copied, prefix);
        BackfillThrottle throttle = new BackfillThrottle(() -> speedLimit);
        ConnectionProvider autocommit = autocommitConnections();
        List<PartitionDef> todo = primary.partitions().stream()
            .filter(p -> payload.get(prefix + "done." + p.position()) == null).toList();
        // shards in parallel (a few at a time: the DNs serve the application meanwhile)
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(
            Math.max(1, Math.min(PARALLEL_SHARDS, todo.size())), r -> {
                Thread t = new Thread(r, "gsi-backfill-" + job);
                t.setDaemon(true);
                return t;
            });
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic
            .AtomicReference<>();
        try {
            List<java.util.concurrent.Future<?>> shards = new ArrayList<>();
            for (PartitionDef p : todo) {
                shards.add(workers.submit(() -> {
                    try {
                        copyShard(job, p, pk, columns, writer, index, autocommit, progress, throttle, failure,
                            verb);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : shards) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
                } catch (java.util.concurrent.ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                }
            }
        } finally {
            workers.shutdownNow();
            interrupts.remove(job);
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        } else if (t != null) {
            throw new SqlError(t, ErrorCode.ER_INTERNAL, String.valueOf(t.getMessage()));
        }
        payload.set("detail", "BACKFILL done, " + copied.get() + " rows");
    }

    /** Shards copied at the same time. */
    private static final int PARALLEL_SHARDS = 4;

    /** One primary shard, batch after batch from its checkpoint, until it is copied or another shard failed. */
    private void copyShard(long job, PartitionDef p, List<String> pk, List<ColumnDef> columns,
                           GlobalIndexMaintenance writer, GlobalIndexMeta index, ConnectionProvider autocommit,
                           Progress progress, BackfillThrottle throttle,
                           java.util.concurrent.atomic.AtomicReference<Throwable> failure, String verb) {
        String last = progress.last(p);
        while (failure.get() == null) {
            checkInterrupt(job);
            long batchStarted = System.nanoTime();
            boolean[] conflict = {false};
            List<StoredRow> rows = copyBatch(p, pk, columns, last, throttle.batchRows(), writer, index, autocommit,
                verb, conflict);
            if (rows.isEmpty()) {
                progress.shardDone(p);
                return;
            }
            last = String.join(";", writer.keyOf(rows.get(rows.size() - 1)).literals());
            long done = progress.batchDone(p, last, rows.size());
            ctx.failPoints().reached("gsi_backfill_batch");
            throttle.afterBatch(System.nanoTime() - batchStarted, conflict[0], done - progress.startRows,
                progress.started);
        }
    }

    /** The checkpoints and counts of one backfill, shared by its shard workers; saved in the job after each batch. */
    private final class Progress {
        private final long job;
        private final JobPayload payload;
        private final long total;
        private final AtomicLong copied;
        final long startRows;
        final long started = System.nanoTime();

        /** Where this run keeps its checkpoints in the job ("" for a build, another for a re-copy). */
        private final String prefix;

        Progress(long job, JobPayload payload, long total, AtomicLong copied, String prefix) {
            this.prefix = prefix;
            this.job = job;
            this.payload = payload;
            this.total = total;
            this.copied = copied;
            this.startRows = copied.get();
        }

        synchronized String last(PartitionDef p) {
            return payload.get(prefix + "last." + p.position());
        }

        synchronized void shardDone(PartitionDef p) {
            payload.set(prefix + "done." + p.position(), "1");
            ctx.jobs().progress(job, (int) Math.min(99, copied.get() * 100 / total), payload);
        }

        /** Records a copied batch; returns the rows copied so far by this run. */
        synchronized long batchDone(PartitionDef p, String last, int rows) {
            long n = copied.addAndGet(rows);
            double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
            long rate = Math.round((n - startRows) / seconds);
            payload.set(prefix + "last." + p.position(), last).set("rows", String.valueOf(n))
                .set("detail", "BACKFILL " + n + " rows, " + rate + " rows/s");
            ctx.jobs().progress(job, (int) Math.min(99, n * 100 / total), payload);
            return n;
        }
    }

    private void checkInterrupt(long job) {
        String why = interrupts.get(job); // every shard worker stops; run() clears it
        if ("PAUSED".equals(why)) {
            throw new Paused(job);
        }
        if (why != null) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "DDL job " + job + " was cancelled; the index was removed");
        }
    }

    /** PAUSE DDL reached the backfill: the job keeps its checkpoints and waits for CONTINUE DDL. */
    static final class Paused extends SqlError {
        Paused(long job) {
            super(ErrorCode.ER_INTERNAL, "DDL job " + job + " paused; CONTINUE DDL " + job + " resumes it");
        }
    }

    /** One batch: read under a shared lock, copy into the index, check uniqueness, then release the lock. */
    private List<StoredRow> copyBatch(PartitionDef p, List<String> pk, List<ColumnDef> columns, String last,
                                      int batchRows, GlobalIndexMaintenance writer, GlobalIndexMeta index,
                                      ConnectionProvider autocommit, String verb, boolean[] conflict) {
        // A writer's distributed transaction may hold index rows this batch waits for while it waits for a row the
        // batch has share-locked: a deadlock across DNs no DN sees. The batch gives way (short lock waits) and
        // is tried again; the writer goes on.
        for (int attempt = 1; ; attempt++) {
            try {
                return copyBatchOnce(p, pk, columns, last, batchRows, writer, index, autocommit, verb);
            } catch (SqlError e) {
                boolean lockConflict = e.errno() == LOCK_WAIT_TIMEOUT || e.errno() == DEADLOCK;
                if (!lockConflict || attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                conflict[0] = true; // the throttle backs off: writers and this batch wait for each other's locks
                try {
                    Thread.sleep(Math.min(1_000, 20L * attempt * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SqlError(ie, ErrorCode.ER_QUERY_INTERRUPTED);
                }
            }
        }
    }

    private static final int LOCK_WAIT_TIMEOUT = 1205;
    private static final int DEADLOCK = 1213;
    private static final int MAX_ATTEMPTS = 50;
    /** Seconds a backfill statement waits for a lock before giving way (writers wait at most this long too). */
    private static final int BACKFILL_LOCK_WAIT_SECONDS = 1;

    private List<StoredRow> copyBatchOnce(PartitionDef p, List<String> pk, List<ColumnDef> columns, String last,
                                          int batchRows, GlobalIndexMaintenance writer, GlobalIndexMeta index,
                                          ConnectionProvider autocommit, String verb) {
        String keyList = String.join(", ", pk.stream().map(SqlLiterals::identifier).toList());
        String sql = "SELECT " + GlobalIndexMaintenance.selectList(columns) + " FROM "
            + SqlLiterals.identifier(p.physicalDb()) + "." + SqlLiterals.identifier(p.physicalTable())
            + (last == null ? "" : " WHERE (" + keyList + ") > (" + last.replace(";", ", ") + ")")
            + " ORDER BY " + keyList + " LIMIT " + batchRows + " LOCK IN SHARE MODE";
        try (Connection c = ctx.physical().connection(p.dnId())) {
            shortLockWaits(c, true);
            c.setAutoCommit(false);
            try {
                List<StoredRow> rows = new ArrayList<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
                    while (rs.next()) {
                        byte[][] values = new byte[columns.size()][];
                        for (int i = 0; i < values.length; i++) {
                            values[i] = rs.getBytes(i + 1);
                        }
                        rows.add(new StoredRow(columns, values));
                    }
                }
                if (!rows.isEmpty()) {
                    writer.insert(index, rows, autocommit, verb);
                    if (index.unique() && verb.equals("INSERT IGNORE")) {
                        requireAllPresent(index, rows, writer, autocommit);
                    }
                }
                c.commit();
                return rows;
            } catch (RuntimeException | SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
                shortLockWaits(c, false);
            }
        } catch (SQLException e) {
            throw PhysicalExecutor.fromDataNode(p.dnId(), e);
        }
    }

    /** The backfill's connections wait briefly for locks; the pooled connection gets the default back. */
    private static void shortLockWaits(Connection c, boolean on) {
        try (Statement st = c.createStatement()) {
            st.execute(on ? "SET SESSION innodb_lock_wait_timeout = " + BACKFILL_LOCK_WAIT_SECONDS
                : "SET SESSION innodb_lock_wait_timeout = DEFAULT");
        } catch (SQLException e) {
            throw PhysicalExecutor.fromDataNode("backfill", e);
        }
    }

    /** A copied row missing from a UNIQUE index lost to another row with the same key: 1062. */
    private void requireAllPresent(GlobalIndexMeta index, List<StoredRow> rows, GlobalIndexMaintenance writer,
                                   ConnectionProvider autocommit) {
        List<List<com.alibaba.druid.sql.ast.SQLExpr>> values = new ArrayList<>();
        for (StoredRow r : rows) {
            values.add(GlobalIndexMaintenance.routingValues(r, index.columns()));
        }
        List<StoredRow> found = writer.uniqueMatches(index, values, autocommit);
        java.util.Set<List<java.nio.ByteBuffer>> present = new java.util.HashSet<>();
        found.forEach(f -> present.add(f.identity(writer.primaryKey())));
        for (StoredRow r : rows) {
            if (!present.contains(r.identity(writer.primaryKey()))) {
                boolean hasNull = index.columns().stream().anyMatch(c -> r.value(c) == null);
                if (hasNull) {
                    continue; // NULLs never collide in a unique key, and IN () does not find them
                }
                List<String> key = new ArrayList<>();
                for (String c : index.columns()) {
                    key.add(new String(r.value(c), java.nio.charset.StandardCharsets.UTF_8));
                }
                throw new SqlError(ErrorCode.ER_DUP_ENTRY, String.join("-", key), index.name());
            }
        }
    }

    private long estimateRows(TableMeta primary) {
        long sum = 0;
        for (PartitionDef p : primary.partitions()) {
            sum += ctx.physical().query(p.dnId(), "SELECT COUNT(*) FROM " + SqlLiterals.identifier(p.physicalDb())
                + "." + SqlLiterals.identifier(p.physicalTable()), rs -> rs.next() ? rs.getLong(1) : 0L);
        }
        return sum;
    }

    private ConnectionProvider autocommitConnections() {
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                Connection c = ctx.physical().connection(dnId);
                shortLockWaits(c, true);
                return c;
            }

            @Override
            public void release(String dnId, Connection connection) {
                try {
                    shortLockWaits(connection, false);
                } catch (RuntimeException broken) {
                    // closed below; the pool discards a broken connection
                }
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // a broken pooled connection is discarded by the pool
                }
            }

            @Override
            public boolean allowsParallel() {
                return true;
            }
        };
    }
}
