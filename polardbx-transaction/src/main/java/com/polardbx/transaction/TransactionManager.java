package com.polardbx.transaction;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.connection.DataNodePools;
import com.polardbx.transaction.deadlock.DeadlockDetector;
import com.polardbx.transaction.tso.Tso;
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
 * as one TSO serves the cluster; the id also tells when a transaction began, which recovery and log purging use.
 * The manager does not own the {@link DataNodePools}; closing it stops background recovery and the commit threads.
 */
public final class TransactionManager implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TransactionManager.class);
    private static final Duration FOREIGN_GRACE = Duration.ofSeconds(60);
    private static final Duration KEEP_LOG = Duration.ofHours(1);

    private final DataNodePools dns;
    private final String cnId;
    private final Tso tso;
    private final GlobalTxLog txLog;
    private final XaRecovery recovery;
    private final Set<Long> live = ConcurrentHashMap.newKeySet();
    private final ExecutorService branchExecutor = Executors.newCachedThreadPool(daemon("xa-branch-"));
    private final DeadlockDetector deadlocks;
    private volatile ScheduledExecutorService recoveryScheduler;

    /**
     * @param metaDbConnections autocommit JDBC connections to the metadb holding {@code polardbx_meta}; closed after
     *     each use
     * @param cnId this CN's stable id (at most {@value Xid#MAX_CN_ID_LENGTH} characters), part of every XA id
     */
    public TransactionManager(DataNodePools dns, Supplier<Connection> metaDbConnections, String cnId) {
        if (cnId.isEmpty() || cnId.length() > Xid.MAX_CN_ID_LENGTH) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "CN id must have 1.." + Xid.MAX_CN_ID_LENGTH + " characters");
        }
        this.dns = dns;
        this.cnId = cnId;
        this.tso = new Tso(metaDbConnections);
        this.txLog = new GlobalTxLog(metaDbConnections);
        this.recovery = new XaRecovery(dns, txLog, cnId, live::contains, FOREIGN_GRACE, KEEP_LOG);
        this.deadlocks = new DeadlockDetector(dns);
    }

    /** A new distributed transaction; its branches start when it first touches each DN. */
    public Transaction begin() {
        long id = tso.next();
        live.add(id);
        XaTransaction tx = new XaTransaction(id, cnId, dns, tso, txLog, branchExecutor, t -> {
            live.remove(t.id());
            deadlocks.forget(t);
        });
        deadlocks.watch(tx);
        return tx;
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
        recoveryScheduler.scheduleWithFixedDelay(() -> {
            try {
                recovery.recover();
            } catch (RuntimeException e) {
                log.warn("background XA recovery failed", e);
            }
        }, 0, period.toMillis(), TimeUnit.MILLISECONDS);
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

    public Tso tso() {
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

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
