package com.polardbx.transaction.xa;

import com.polardbx.common.metrics.Metrics;
import com.polardbx.transaction.connection.DataNodePools;
import com.polardbx.transaction.tso.Tso;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves prepared XA branches whose coordinator is gone: commits them when the global log has a COMMIT record,
 * otherwise records ABORT first and rolls them back.
 *
 * <p>Branches of transactions still running in this process are skipped, as are branches of other CNs that began less
 * than {@code foreignGrace} ago (their coordinator may be about to commit; were it aborted anyway, the ABORT record
 * makes its commit fail cleanly). Passes are serialized; thread-safe.
 */
public final class XaRecovery {
    private static final Logger log = LoggerFactory.getLogger("polardbx.recovery");

    private final DataNodePools pools;
    private final GlobalTxLog txLog;
    private final String cnId;
    private final LongPredicate liveInThisProcess;
    private final Duration foreignGrace;
    private final Duration keepLog;
    private final LongSupplier clock;
    private final Consumer<Set<Long>> afterCompletePass;

    /**
     * @param liveInThisProcess whether a transaction id belongs to a transaction this process is still running
     * @param foreignGrace how old another CN's transaction must be before its branches are resolved
     * @param keepLog how long log records are kept before they are purged
     */
    public XaRecovery(DataNodePools pools, GlobalTxLog txLog, String cnId, LongPredicate liveInThisProcess,
                      Duration foreignGrace, Duration keepLog) {
        this(pools, txLog, cnId, liveInThisProcess, foreignGrace, keepLog, pending -> { });
    }

    /**
     * @param afterCompletePass told, after each pass that reached every DN, the ids of the transactions that still
     *     have a prepared branch somewhere
     */
    public XaRecovery(DataNodePools pools, GlobalTxLog txLog, String cnId, LongPredicate liveInThisProcess,
                      Duration foreignGrace, Duration keepLog, Consumer<Set<Long>> afterCompletePass) {
        this(pools, txLog, cnId, liveInThisProcess, foreignGrace, keepLog, System::currentTimeMillis,
            afterCompletePass);
    }

    XaRecovery(DataNodePools pools, GlobalTxLog txLog, String cnId, LongPredicate liveInThisProcess,
               Duration foreignGrace, Duration keepLog, LongSupplier clock) {
        this(pools, txLog, cnId, liveInThisProcess, foreignGrace, keepLog, clock, pending -> { });
    }

    XaRecovery(DataNodePools pools, GlobalTxLog txLog, String cnId, LongPredicate liveInThisProcess,
               Duration foreignGrace, Duration keepLog, LongSupplier clock, Consumer<Set<Long>> afterCompletePass) {
        this.afterCompletePass = afterCompletePass;
        this.pools = pools;
        this.txLog = txLog;
        this.cnId = cnId;
        this.liveInThisProcess = liveInThisProcess;
        this.foreignGrace = foreignGrace;
        this.keepLog = keepLog;
        this.clock = clock;
    }

    /** One pass over every DN; returns how many branches it committed or rolled back. */
    public synchronized int recover() {
        Map<Long, List<Xid>> prepared = new TreeMap<>();
        boolean scannedAll = true;
        for (String dnId : pools.dataNodeIds()) {
            try {
                for (Xid xid : preparedBranches(dnId)) {
                    prepared.computeIfAbsent(xid.txid(), k -> new ArrayList<>()).add(xid);
                }
            } catch (SQLException | RuntimeException e) {
                scannedAll = false;
                log.warn("XA RECOVER on {} failed: {}", dnId, e.getMessage());
            }
        }
        Set<Long> pending = new HashSet<>();
        int resolved = 0;
        for (Map.Entry<Long, List<Xid>> e : prepared.entrySet()) {
            long txid = e.getKey();
            List<Xid> branches = e.getValue();
            if (!isOrphan(branches.get(0))) {
                pending.add(txid);
                continue;
            }
            int done = resolve(txid, branches);
            resolved += done;
            if (done < branches.size()) {
                pending.add(txid);
            }
        }
        if (scannedAll) {
            purgeOldRecords(pending);
            afterCompletePass.accept(pending);
        }
        if (resolved > 0 || !pending.isEmpty()) {
            log.info("recovery pass resolved {} branches; {} transactions still pending", resolved, pending.size());
        }
        return resolved;
    }

    private boolean isOrphan(Xid xid) {
        if (xid.cnId().equals(cnId)) {
            return !liveInThisProcess.test(xid.txid());
        }
        long ageMillis = clock.getAsLong() - Tso.physicalMillis(xid.txid());
        return ageMillis >= foreignGrace.toMillis();
    }

    private int resolve(long txid, List<Xid> branches) {
        boolean commit;
        try {
            String state = txLog.state(txid).orElse(null);
            List<String> dnIds = branches.stream().map(Xid::dnId).toList();
            commit = state == null ? txLog.abortUnlessCommitted(txid, dnIds) : GlobalTxLog.COMMIT.equals(state);
        } catch (SQLException | RuntimeException e) {
            log.warn("cannot decide transaction {}: global log unreachable: {}", txid, e.getMessage());
            return 0;
        }
        int done = 0;
        int failed = 0;
        for (Xid xid : branches) {
            String sql = (commit ? "XA COMMIT " : "XA ROLLBACK ") + xid.toSql();
            try (Connection c = pools.getConnection(xid.dnId()); Statement st = c.createStatement()) {
                st.execute(sql);
                done++;
                log.info("{} prepared branch {}", commit ? "committed" : "rolled back", xid);
            } catch (SQLException ex) {
                if (ex.getErrorCode() == DataNodeErrors.XAER_NOTA) {
                    log.info("branch {} was resolved by someone else", xid);
                } else {
                    failed++;
                    log.warn("cannot {} branch {}: {}", commit ? "commit" : "roll back", xid, ex.getMessage());
                }
            } catch (RuntimeException ex) {
                failed++;
                log.warn("cannot reach {} to resolve {}: {}", xid.dnId(), xid, ex.getMessage());
            }
        }
        if (done > 0 && failed == 0) { // counted once, by the pass that resolves its last branch
            Metrics.get().count("polardbx_transactions_total", 1, "outcome",
                commit ? "recovered_commit" : "recovered_rollback");
        }
        return done;
    }

    private List<Xid> preparedBranches(String dnId) throws SQLException {
        List<Xid> result = new ArrayList<>();
        try (Connection c = pools.getConnection(dnId); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                int formatId = rs.getInt(1);
                int gtridLength = rs.getInt(2);
                byte[] data = rs.getBytes(4);
                String gtrid = new String(Arrays.copyOfRange(data, 0, gtridLength), StandardCharsets.UTF_8);
                String bqual = new String(Arrays.copyOfRange(data, gtridLength, data.length), StandardCharsets.UTF_8);
                Xid.parse(formatId, gtrid, bqual).ifPresent(xid -> {
                    if (xid.dnId().equals(dnId)) {
                        result.add(xid);
                    } else {
                        log.warn("skipping branch {} found on {}: its branch qualifier names another DN", xid, dnId);
                    }
                });
            }
        }
        return result;
    }

    private void purgeOldRecords(Set<Long> pending) {
        try {
            int purged = txLog.purge(clock.getAsLong() - keepLog.toMillis(), pending);
            if (purged > 0) {
                log.info("purged {} old global transaction log records", purged);
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("purging the global transaction log failed: {}", e.getMessage());
        }
    }
}
