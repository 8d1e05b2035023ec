package com.polardbx.transaction;

import com.polardbx.common.metrics.Metrics;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.connection.DataNodePools;
import com.polardbx.transaction.tso.TimestampOracle;
import com.polardbx.transaction.tso.gate.CommitGate;
import com.polardbx.transaction.deadlock.DeadlockParticipant;
import com.polardbx.transaction.deadlock.DeadlockVictimState;
import com.polardbx.transaction.xa.DataNodeErrors;
import com.polardbx.transaction.xa.GlobalTxLog;
import com.polardbx.transaction.xa.XaBranch;
import com.polardbx.transaction.xa.Xid;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Transaction} committed with XA: branches that only read are committed one-phase on their own; of the
 * written ones, a single one is committed one-phase, several two-phase with a commit record in the global log and,
 * from the first {@code XA COMMIT} to the last, in the COMMIT mode of the {@link CommitGate}. Not thread-safe, except the
 * {@link DeadlockParticipant} methods the deadlock detector calls.
 */
final class XaTransaction implements Transaction, DeadlockParticipant {
    private static final Logger log = LoggerFactory.getLogger(XaTransaction.class);
    private static final Logger deadlockLog = LoggerFactory.getLogger("polardbx.deadlock");

    private enum Status { ACTIVE, COMMITTED, ROLLED_BACK, LEFT_TO_RECOVERY }

    /** Where a commit's time goes, by step (see {@link #commit()}). */
    private static final String COMMIT_STEP = "polardbx_commit_step_duration_seconds";

    /** Transactions by how they ended (see docs/observability.md); XaRecovery counts the recovered ones. */
    private static final LongAdder ONE_PHASE = Metrics.get().counterCell(
        "polardbx_transactions_total", "outcome", "one_phase_commit");
    private static final LongAdder TWO_PHASE = Metrics.get().counterCell(
        "polardbx_transactions_total", "outcome", "two_phase_commit");
    private static final LongAdder ROLLED_BACK = Metrics.get().counterCell(
        "polardbx_transactions_total", "outcome", "rollback");

    static {
        Metrics.get().describe("polardbx_transactions_total", "Transactions ended, by outcome: one_phase_commit (at "
            + "most one DN written), two_phase_commit (XA over several DNs), rollback, recovered_commit and "
            + "recovered_rollback (prepared branches of a failed coordinator resolved by XA recovery)");
        Metrics.get().describe(COMMIT_STEP, "Time of each step of a transaction's commit: one_phase (one written "
            + "branch), prepare (XA END + XA PREPARE on every written branch; read-only branches commit meanwhile), "
            + "commit_record (commit timestamp + the commit record in the GMS), xa_commit (the gate's COMMIT mode and "
            + "XA COMMIT on every branch)");
    }

    private static long step(String name, long startedNanos) {
        long now = System.nanoTime();
        Metrics.get().observeNanos(COMMIT_STEP, now - startedNanos, "step", name);
        return now;
    }

    private final long id;
    private final String cnId;
    private final DataNodePools pools;
    private final TimestampOracle tso;
    private final GlobalTxLog txLog;
    private final ExecutorService branchExecutor;
    private final Consumer<XaTransaction> onFinish;
    private final Supplier<CommitGate> gates;
    private final Duration snapshotWait;
    private final BiConsumer<Long, CommitGate> onCommitUnfinished;
    private final TransactionOptions options;
    private final Map<String, XaBranch> branches = new LinkedHashMap<>();
    private final Set<String> written = new HashSet<>();
    /** The same branches for the deadlock detector's thread. */
    private final Map<String, XaBranch> branchesSeenByDetector = new ConcurrentHashMap<>();
    private final DeadlockVictimState victim = new DeadlockVictimState();
    private Status status = Status.ACTIVE;
    private boolean snapshotOpen;
    private long snapshotTs;

    /**
     * @param onCommitUnfinished told the id of a transaction whose commit point passed but whose {@code XA COMMIT}
     *     failed on some DN: it still holds the gate's COMMIT mode, to be released when recovery has finished it
     */
    XaTransaction(long id, String cnId, DataNodePools pools, TimestampOracle tso, GlobalTxLog txLog,
                  ExecutorService branchExecutor, Consumer<XaTransaction> onFinish, Supplier<CommitGate> gates,
                  Duration snapshotWait, BiConsumer<Long, CommitGate> onCommitUnfinished,
                  TransactionOptions options) {
        this.id = id;
        this.cnId = cnId;
        this.pools = pools;
        this.tso = tso;
        this.txLog = txLog;
        this.branchExecutor = branchExecutor;
        this.onFinish = onFinish;
        this.gates = gates;
        this.snapshotWait = snapshotWait;
        this.onCommitUnfinished = onCommitUnfinished;
        this.options = options;
    }

    @Override
    public long id() {
        return id;
    }

    @Override
    public Connection connection(String dnId) {
        if (options.readOnly()) {
            throw new SqlError(ErrorCode.ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION);
        }
        Connection c = branch(dnId).connection();
        written.add(dnId);
        return c;
    }

    @Override
    public Connection readConnection(String dnId) {
        return branch(dnId).connection();
    }

    @Override
    public TransactionOptions options() {
        return options;
    }

    @Override
    public boolean hasSnapshot() {
        return snapshotOpen;
    }

    @Override
    public long snapshotTimestamp() {
        return snapshotTs;
    }

    /**
     * Starts the missing branches, then creates the read view of every branch while the gate is in SNAPSHOT mode
     * (when more than one DN is involved), so the views see each distributed transaction on all DNs or on none.
     */
    @Override
    public void openSnapshot(Collection<String> dnIds) {
        requireActive();
        if (snapshotOpen) {
            return;
        }
        List<XaBranch> views = branchesOn(dnIds); // outside the gate: borrowing a connection may wait
        CommitGate gate = views.size() > 1 ? gates.get() : null;
        if (gate != null) {
            gate.enterSnapshot(snapshotWait);
        }
        try {
            forEach(views, branch -> {
                try {
                    branch.openReadView();
                } catch (SQLException e) {
                    throw DataNodeErrors.toSqlError(branch.dnId(), e);
                }
            });
            // still in SNAPSHOT mode: a distributed commit takes its timestamp in COMMIT mode, so it is below this
            // one exactly when it is visible in the views
            snapshotTs = tso.next();
        } finally {
            if (gate != null) {
                gate.exitSnapshot();
            }
        }
        snapshotOpen = true;
    }

    @Override
    public void startBranches(Collection<String> dnIds) {
        if (options.readOnly()) {
            throw new SqlError(ErrorCode.ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION);
        }
        branchesOn(dnIds);
    }

    /** The branches on these DNs; those not started yet are started in parallel ({@code XA START} on each). */
    private List<XaBranch> branchesOn(Collection<String> dnIds) {
        failIfDeadlockVictim();
        requireActive();
        List<String> missing = dnIds.stream().filter(dn -> !branches.containsKey(dn)).distinct().toList();
        if (missing.size() > 1) {
            Map<String, XaBranch> started = new ConcurrentHashMap<>();
            Map<String, RuntimeException> failures = new ConcurrentHashMap<>();
            forEach(missing, dnId -> {
                try {
                    started.put(dnId, XaBranch.start(pools, new Xid(cnId, id, dnId), options.isolation().jdbcLevel()));
                } catch (SQLException e) {
                    failures.put(dnId, DataNodeErrors.toSqlError(dnId, e));
                } catch (RuntimeException e) {
                    failures.put(dnId, e);
                }
            });
            for (String dnId : missing) { // started ones join the transaction even if another failed: rolled back
                XaBranch branch = started.get(dnId);
                if (branch != null) {
                    branches.put(dnId, branch);
                    branchesSeenByDetector.put(dnId, branch);
                }
            }
            for (String dnId : missing) {
                if (failures.containsKey(dnId)) {
                    throw failures.get(dnId);
                }
            }
        }
        List<XaBranch> list = new ArrayList<>();
        for (String dnId : dnIds) {
            list.add(branch(dnId));
        }
        return list;
    }

    private XaBranch branch(String dnId) {
        failIfDeadlockVictim();
        requireActive();
        XaBranch branch = branches.get(dnId);
        if (branch == null) {
            try {
                branch = XaBranch.start(pools, new Xid(cnId, id, dnId), options.isolation().jdbcLevel());
            } catch (SQLException e) {
                throw DataNodeErrors.toSqlError(dnId, e);
            }
            branches.put(dnId, branch);
            branchesSeenByDetector.put(dnId, branch);
        }
        return branch;
    }

    @Override
    public boolean hasWrites() {
        return !written.isEmpty();
    }

    @Override
    public Set<String> participants() {
        return Collections.unmodifiableSet(branches.keySet());
    }

    @Override
    public void commit() {
        victim.endBegins();
        failIfDeadlockVictim();
        requireActive();
        try {
            long started = System.nanoTime();
            List<XaBranch> readOnly = takeReadOnlyBranches();
            switch (branches.size()) {
                case 0 -> {
                    forEach(readOnly, XaTransaction::finishReadOnly);
                    status = Status.COMMITTED;
                }
                case 1 -> {
                    XaBranch written = branches.values().iterator().next();
                    forEach(withReadOnly(List.of(written), readOnly), branch -> {
                        if (branch == written) {
                            commitOnePhase(branch);
                        } else {
                            finishReadOnly(branch);
                        }
                    });
                    step("one_phase", started);
                }
                default -> commitTwoPhase(started, readOnly);
            }
            (branches.size() > 1 ? TWO_PHASE : ONE_PHASE).increment();
        } catch (SimulatedCrash crash) {
            status = Status.LEFT_TO_RECOVERY;
            branches.values().forEach(XaBranch::abandon);
            throw crash;
        } finally {
            if (status == Status.ACTIVE) {
                status = Status.ROLLED_BACK;
            }
            onFinish.accept(this);
        }
    }

    @Override
    public void rollback() {
        victim.endBegins();
        if (status != Status.ACTIVE) {
            return;
        }
        try {
            forEachBranch(XaBranch::rollbackAndRelease);
            ROLLED_BACK.increment();
        } finally {
            status = Status.ROLLED_BACK;
            onFinish.accept(this);
        }
    }

    /**
     * Removes the branches that never wrote: they are committed one-phase on their own, alongside the first step of
     * the written branches' commit. They have nothing to make durable, and their locks (from locking reads) may go
     * now that the transaction takes no new ones. What remains in {@link #branches} are the written branches.
     */
    private List<XaBranch> takeReadOnlyBranches() {
        List<XaBranch> readOnly = new ArrayList<>();
        branches.values().removeIf(b -> !written.contains(b.dnId()) && readOnly.add(b));
        return readOnly;
    }

    /** The written branches first (the first runs on the caller's thread), then the read-only ones. */
    private static List<XaBranch> withReadOnly(List<XaBranch> writtenBranches, List<XaBranch> readOnly) {
        List<XaBranch> all = new ArrayList<>(writtenBranches);
        all.addAll(readOnly);
        return all;
    }

    private static void finishReadOnly(XaBranch branch) {
        try {
            branch.end();
            branch.commitOnePhase();
            branch.release();
        } catch (SQLException e) {
            log.debug("finishing read-only branch {} failed, rolling it back: {}", branch.xid(), e.getMessage());
            branch.rollbackAndRelease();
        }
    }

    private void commitOnePhase(XaBranch branch) {
        try {
            branch.end();
            branch.commitOnePhase();
        } catch (SQLException e) {
            branch.rollbackAndRelease();
            throw DataNodeErrors.toCommitError(branch.dnId(), e);
        }
        status = Status.COMMITTED;
        branch.release();
    }

    private void commitTwoPhase(long started, List<XaBranch> readOnly) {
        FailPoints.hit(FailPoints.BEFORE_PREPARE);
        prepareAll(readOnly);
        long prepared = step("prepare", started);
        FailPoints.hit(FailPoints.AFTER_PREPARE_ALL);
        // the commit timestamp is taken in COMMIT mode: a snapshot opened meanwhile (SNAPSHOT mode) then has a
        // timestamp above it exactly when it sees this transaction (Transaction.snapshotTimestamp)
        CommitGate gate = gates.get();
        try {
            gate.enterCommit();
        } catch (RuntimeException e) {
            forEachBranch(XaBranch::rollbackAndRelease); // before the commit point: nothing is decided yet
            throw e;
        }
        long commitTs;
        try {
            commitTs = tso.next();
        } catch (RuntimeException e) {
            gate.exitCommit();
            forEachBranch(XaBranch::rollbackAndRelease);
            throw e;
        }
        boolean hasRecord;
        try {
            hasRecord = writeCommitRecord(commitTs);
        } catch (RuntimeException e) {
            gate.exitCommit();
            throw e;
        }
        if (!hasRecord) {
            gate.exitCommit();
            forEachBranch(XaBranch::rollbackAndRelease);
            log.info("transaction {} rolled back: recovery aborted it before its commit record", id);
            throw new SqlError(ErrorCode.ER_XA_RBROLLBACK);
        }
        status = Status.COMMITTED;
        long recorded = step("commit_record", prepared);
        FailPoints.hit(FailPoints.AFTER_COMMIT_LOG);
        boolean[] unfinished = {false};
        try {
            forEachBranch(branch -> {
                try {
                    branch.commit();
                    FailPoints.hit(FailPoints.AFTER_COMMIT_ONE);
                    branch.release();
                } catch (SQLException e) {
                    // Past the commit point the transaction is committed; recovery finishes this branch.
                    log.warn("XA COMMIT of {} failed after the commit point, left to recovery: {}", branch.xid(),
                        e.getMessage());
                    unfinished[0] = true;
                    branch.evict();
                }
            });
        } finally {
            if (unfinished[0]) {
                onCommitUnfinished.accept(id, gate); // keeps the COMMIT mode until recovery committed the rest
            } else {
                gate.exitCommit();
            }
        }
        step("xa_commit", recorded);
        log.debug("transaction {} committed at {} on {}", id, commitTs, branches.keySet());
    }

    /**
     * XA END + XA PREPARE on every written branch in parallel, and the read-only ones finished meanwhile; on any
     * failure rolls back all written branches and throws.
     */
    private void prepareAll(List<XaBranch> readOnly) {
        Map<String, Exception> failures = new ConcurrentHashMap<>();
        forEach(withReadOnly(new ArrayList<>(branches.values()), readOnly), branch -> {
            if (readOnly.contains(branch)) {
                finishReadOnly(branch);
                return;
            }
            try {
                branch.end();
                branch.prepare();
                FailPoints.hit(FailPoints.AFTER_PREPARE_ONE);
            } catch (SQLException | RuntimeException e) {
                failures.put(branch.dnId(), e);
            }
        });
        if (failures.isEmpty()) {
            return;
        }
        forEachBranch(XaBranch::rollbackAndRelease);
        Map.Entry<String, Exception> first = failures.entrySet().iterator().next();
        log.info("transaction {} rolled back: prepare failed on {}: {}", id, failures.keySet(),
            first.getValue().getMessage());
        if (first.getValue() instanceof SQLException e) {
            throw DataNodeErrors.toCommitError(first.getKey(), e);
        }
        if (first.getValue() instanceof SqlError e) {
            throw e;
        }
        throw new SqlError(first.getValue(), ErrorCode.ER_INTERNAL, "prepare failed: " + first.getValue());
    }

    /**
     * Writes the commit record; returns false when recovery aborted the transaction first. When the outcome of the
     * write is unknown, asks the log again (writing ABORT if nothing is there), so the decision is never ambiguous;
     * when even that fails, the prepared branches are left to recovery and the client gets error 1180.
     */
    private boolean writeCommitRecord(long commitTs) {
        try {
            return txLog.insertCommit(id, commitTs, branches.keySet());
        } catch (SQLException | RuntimeException e) {
            log.warn("writing the commit record of {} failed, deciding again: {}", id, e.getMessage());
            try {
                return txLog.abortUnlessCommitted(id, branches.keySet());
            } catch (SQLException | RuntimeException again) {
                status = Status.LEFT_TO_RECOVERY;
                branches.values().forEach(XaBranch::evict);
                log.warn("transaction {} is in doubt, its prepared branches are left to recovery: {}", id,
                    again.getMessage());
                throw new SqlError(again, ErrorCode.ER_ERROR_DURING_COMMIT,
                    "(global transaction log unreachable, outcome left to recovery) " + again.getMessage());
            }
        }
    }

    private void forEachBranch(Consumer<XaBranch> action) {
        forEach(new ArrayList<>(branches.values()), action);
    }

    /** Runs an action on every item, the first in this thread and the others in parallel; waits for all. */
    private <T> void forEach(List<T> list, Consumer<T> action) {
        if (list.isEmpty()) {
            return;
        }
        if (list.size() == 1) {
            action.accept(list.get(0));
            return;
        }
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (T item : list.subList(1, list.size())) {
            others.add(CompletableFuture.runAsync(() -> action.accept(item), branchExecutor));
        }
        Throwable failure = null;
        try {
            action.accept(list.get(0));
        } catch (Throwable t) {
            failure = t;
        }
        for (CompletableFuture<Void> f : others) {
            try {
                f.join();
            } catch (CompletionException e) {
                if (failure == null) {
                    failure = e.getCause();
                }
            }
        }
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException re) {
            throw re;
        }
    }

    @Override
    public boolean deadlockVictim() {
        return victim.isVictim();
    }

    @Override
    public SqlError statementFailed(Throwable failure) {
        if (!victim.isVictim() && DataNodeErrors.errno(failure) == DataNodeErrors.ER_LOCK_DEADLOCK) {
            victim.markByDataNode(); // the DN rolled its branch back; the other branches still hold their locks
        }
        if (!victim.isVictim()) {
            return DataNodeErrors.toClientError(failure);
        }
        SqlError deadlock = new SqlError(failure, ErrorCode.ER_LOCK_DEADLOCK);
        if (status == Status.ACTIVE) {
            try {
                rollback();
            } catch (RuntimeException e) {
                deadlock.addSuppressed(e);
            }
            deadlockLog.info("transaction {} rolled back as a deadlock victim on {} (statement error: {})", id,
                branches.keySet(), failure.getMessage());
        }
        return deadlock;
    }

    @Override
    public Map<String, Long> dataNodeSessions() {
        return branchesSeenByDetector.values().stream()
            .collect(Collectors.toMap(XaBranch::dnId, XaBranch::sessionId));
    }

    @Override
    public boolean markDeadlockVictim() {
        return victim.markByDetector();
    }

    @Override
    public boolean whileSessionOwned(String dnId, long threadId, SessionAction action) throws SQLException {
        XaBranch branch = branchesSeenByDetector.get(dnId);
        return branch != null && branch.sessionId() == threadId && branch.whileAttached(action::run);
    }

    /** A victim is rolled back at its next use and reports 1213, however it learns about it. */
    private void failIfDeadlockVictim() {
        if (victim.isVictim()) {
            rollback();
            throw new SqlError(ErrorCode.ER_LOCK_DEADLOCK);
        }
    }

    private void requireActive() {
        if (status != Status.ACTIVE) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "transaction " + id + " is already " + status);
        }
    }
}
