package com.polardbx.transaction;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.connection.DataNodePools;
import com.polardbx.transaction.tso.TimestampOracle;
import com.polardbx.transaction.tso.gate.CommitGate;
import com.polardbx.transaction.tso.gate.LocalCommitGate;
import com.polardbx.transaction.deadlock.DeadlockDetector;
import com.polardbx.transaction.lock.GlobalReadLock;
import com.polardbx.transaction.tso.Tso;
import com.polardbx.transaction.tso.TsoService;
import com.polardbx.transaction.xa.GlobalTxLog;
import com.polardbx.transaction.xa.XaRecovery;
import com.polardbx.transaction.xa.Xid;
import java.sql.Connection;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Begins distributed transactions and recovers the prepared branches of crashed ones. One per CN process;
 * thread-safe.
 *
 * <p>Transaction ids are TSO timestamps: unique across restarts (the TSO persists its window) and across CNs as long
 * as one TSO serves the cluster (a {@link TsoService}, shared by all CNs through its lease); the id also tells when a
 * transaction began, which recovery and log purging use. The same {@link TimestampOracle} gives the commit
 * timestamps of two-phase commits.
 * The manager does not own the {@link DataNodePools}; closing it stops background recovery and the commit threads.
 */
public final class TransactionManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionManager.class);
    private static final Duration FOREIGN_GRACE = Duration.ofSeconds(60);
    private static final Duration KEEP_LOG = Duration.ofHours(1);

    private final DataNodePools dns;
    private final String cnId;
    private final TimestampOracle tso;
    private final GlobalTxLog txLog;
    private final XaRecovery recovery;
    private static final Duration SNAPSHOT_WAIT = Duration.ofSeconds(10);
    private static final Duration UNFINISHED_RETRY = Duration.ofSeconds(1);

    private final Set<Long> live = ConcurrentHashMap.newKeySet();
    private final Supplier<CommitGate> gates;
    /** Committed transactions with a branch not yet committed: each holds its gate's COMMIT mode meanwhile. */
    private final java.util.Map<Long, CommitGate> unfinishedCommits = new ConcurrentHashMap<>();
    private final ExecutorService branchExecutor = Executors.newCachedThreadPool(daemon("xa-branch-"));
    private final DeadlockDetector deadlocks;
    private volatile ScheduledExecutorService recoveryScheduler;
    private final GlobalReadLock readLock = new GlobalReadLock();

    /**
     * A manager with a process-local {@link Tso}: correct only while this is the only CN of the cluster (tests,
     * single-CN deployments). Clusters of several CNs use the constructor taking a {@link TsoService}.
     *
     * @param metaDbConnections autocommit JDBC connections to the metadb holding {@code polardbx_meta}; closed after
     *     each use
     * @param cnId this CN's stable id (at most {@value Xid#MAX_CN_ID_LENGTH} characters), part of every XA id
     */
    public TransactionManager(DataNodePools dns, Supplier<Connection> metaDbConnections, String cnId) {
        this(dns, metaDbConnections, checkCnId(cnId), new Tso(metaDbConnections));
    }

    /**
     * @param tso where transaction ids and commit timestamps come from: a {@link TsoService} in a cluster of CNs; not
     *     owned (closing the manager leaves it running)
     */
    public TransactionManager(DataNodePools dns, Supplier<Connection> metaDbConnections, String cnId,
                              TimestampOracle tso) {
        checkCnId(cnId);
        this.dns = dns;
        this.cnId = cnId;
        this.tso = tso;
        this.txLog = new GlobalTxLog(metaDbConnections);
        this.deadlocks = new DeadlockDetector(dns);
        // With a cluster TSO the gate lives with the TSO leader, so snapshots of every CN exclude every CN's commits;
        // the leader may change, so each user asks for the current gate and exits the instance it entered.
        if (tso instanceof TsoService service) {
            this.gates = service::commitGate;
        } else {
            CommitGate local = new LocalCommitGate();
            this.gates = () -> local;
        }
        this.recovery = new XaRecovery(dns, txLog, cnId, live::contains, FOREIGN_GRACE, KEEP_LOG,
            this::releaseFinishedCommits);
    }

    /** A new distributed transaction (REPEATABLE READ, read-write); its branches start when it first touches a DN. */
    public Transaction begin() {
        return begin(TransactionOptions.DEFAULT);
    }

    public Transaction begin(TransactionOptions options) {
        long id = tso.next();
        live.add(id);
        XaTransaction tx = new XaTransaction(id, cnId, dns, tso, txLog, branchExecutor, t -> {
            live.remove(t.id());
            deadlocks.forget(t);
        }, gates, SNAPSHOT_WAIT, this::commitUnfinished, options);
        deadlocks.watch(tx);
        return tx;
    }

    /** The gate that keeps snapshots off half-done distributed commits (exit the instance you entered). */
    public CommitGate commitGate() {
        return gates.get();
    }

    /** This CN's global read lock ({@code FLUSH TABLES WITH READ LOCK}), which sessions' writes and commits enter. */
    public GlobalReadLock globalReadLock() {
        return readLock;
    }

    /** Waits up to this long for the gate before a snapshot fails with 1205. */
    public Duration snapshotWait() {
        return SNAPSHOT_WAIT;
    }

    private void commitUnfinished(long txid, CommitGate gate) {
        unfinishedCommits.put(txid, gate);
        ScheduledExecutorService scheduler = recoveryScheduler;
        if (scheduler != null) {
            scheduler.schedule(this::recoverQuietly, UNFINISHED_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** After a recovery pass that saw every DN: unfinished commits no DN still has a prepared branch of are done. */
    private void releaseFinishedCommits(Set<Long> stillPrepared) {
        for (Long txid : unfinishedCommits.keySet()) {
            CommitGate gate;
            if (!stillPrepared.contains(txid) && (gate = unfinishedCommits.remove(txid)) != null) {
                gate.exitCommit();
                log.info("transaction {} is now committed on every DN", txid);
            }
        }
        ScheduledExecutorService scheduler = recoveryScheduler;
        if (!unfinishedCommits.isEmpty() && scheduler != null) {
            scheduler.schedule(this::recoverQuietly, UNFINISHED_RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One scheduled recovery round; never throws, since a throwing task would end the schedule for good. */
    private void recoverQuietly() {
        com.polardbx.common.error.Failures.runRound(log, "XA recovery round", recovery::recover);
    }

    /**
     * Resolves every prepared branch of this cluster whose transaction is not running in this process.
     *
     * @return the number of branches committed or rolled back
     */
    public int recover() {
        return recovery.recover();
    }

    /** Runs {@link #recover()} now and then every {@code period} on a background thread. */
    public synchronized void startBackgroundRecovery(Duration period) {
        if (recoveryScheduler != null) {
            return;
        }
        recoveryScheduler = Executors.newSingleThreadScheduledExecutor(daemon("xa-recovery-"));
        recoveryScheduler.scheduleWithFixedDelay(this::recoverQuietly, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts the distributed deadlock detector (idempotent): while transactions of this CN span several DNs, it reads
     * those DNs' lock waits every {@code interval} (500 ms is a good value) and breaks cycles across DNs; see
     * {@link DeadlockDetector} and {@link Transaction#statementFailed}. Without it such a cycle ends only by the lock
     * wait timeout.
     */
    public void startDeadlockDetection(Duration interval) {
        deadlocks.start(interval);
    }

    /** The number of deadlock victims the detector has chosen since start. */
    public long deadlockVictimsChosen() {
        return deadlocks.victimsChosen();
    }

    /** The TSO this manager takes transaction ids and commit timestamps from. */
    public TimestampOracle tso() {
        return tso;
    }

    /** The number of transactions begun and not yet committed or rolled back. */
    public int liveTransactions() {
        return live.size();
    }

    @Override
    public synchronized void close() {
        if (recoveryScheduler != null) {
            recoveryScheduler.shutdownNow();
            recoveryScheduler = null;
        }
        branchExecutor.shutdown();
        deadlocks.close();
    }

    private static String checkCnId(String cnId) {
        if (cnId.isEmpty() || cnId.length() > Xid.MAX_CN_ID_LENGTH) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "CN id must have 1.." + Xid.MAX_CN_ID_LENGTH + " characters");
        }
        return cnId;
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
