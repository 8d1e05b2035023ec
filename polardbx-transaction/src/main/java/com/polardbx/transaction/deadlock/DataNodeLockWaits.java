package com.polardbx.transaction.deadlock;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the wait-for edges of one MariaDB data node from {@code information_schema} and names both ends by session.
 *
 * <p>{@value #SQL} returns, in one round trip, the rows of {@code INNODB_LOCK_WAITS} ({@code W}) and, only when there
 * is a wait at all, the transactions of {@code INNODB_TRX} that hold or wait for a lock ({@code T}). The waiter of a
 * {@code W} row is the transaction whose {@code trx_requested_lock_id} is the requested lock. A blocker is found by
 * its transaction id; MariaDB shows id 0 for every transaction that only holds shared locks, so a blocker with id 0 is
 * known only when the number of such lock holders on the DN equals the number of id-0 holders of that lock (then each
 * of them blocks); otherwise the edge is dropped as ambiguous (see docs/transactions.md, limits).
 */
final class DataNodeLockWaits {
    /** Columns: kind, trx id, lock id (requested), other trx id (blocking), other lock id (blocking), thread id. */
    static final String SQL = "SELECT 'W', requesting_trx_id, requested_lock_id, blocking_trx_id, blocking_lock_id, 0"
        + " FROM information_schema.INNODB_LOCK_WAITS"
        + " UNION ALL SELECT 'T', trx_id, trx_requested_lock_id, NULL, NULL, trx_mysql_thread_id"
        + " FROM information_schema.INNODB_TRX"
        + " WHERE trx_lock_structs > 0 AND EXISTS (SELECT 1 FROM information_schema.INNODB_LOCK_WAITS)";

    private static final String NO_ID = "0";

    /** One row of {@link #SQL}. */
    record Row(String kind, String trxId, String lockId, String otherTrxId, String otherLockId, long threadId) {
        static Row waits(String requestingTrxId, String requestedLockId, String blockingTrxId, String blockingLockId) {
            return new Row("W", requestingTrxId, requestedLockId, blockingTrxId, blockingLockId, 0);
        }

        static Row transaction(String trxId, String requestedLockId, long threadId) {
            return new Row("T", trxId, requestedLockId, null, null, threadId);
        }
    }

    private DataNodeLockWaits() {
    }

    /** The wait-for edges in the rows of {@link #SQL} read from one DN; duplicates removed, order kept. */
    static List<LockWait> edges(String dnId, List<Row> rows) {
        Map<String, Long> threadByTrx = new HashMap<>();
        Map<String, Long> waiterByLock = new HashMap<>();
        List<Long> zeroIdLockers = new ArrayList<>();
        Map<Row, Integer> waits = new LinkedHashMap<>();
        for (Row row : rows) {
            if (row.kind().equals("W")) {
                waits.merge(row, 1, Integer::sum);
                continue;
            }
            if (row.trxId().equals(NO_ID)) {
                zeroIdLockers.add(row.threadId());
            } else {
                threadByTrx.put(row.trxId(), row.threadId());
            }
            if (row.lockId() != null) {
                // Two id-0 transactions waiting for the same record have the same lock id: -1 marks it ambiguous.
                waiterByLock.merge(row.lockId(), row.threadId(), (a, b) -> -1L);
            }
        }
        List<LockWait> edges = new ArrayList<>();
        for (Map.Entry<Row, Integer> entry : waits.entrySet()) {
            Row w = entry.getKey();
            Long waiter = waiterByLock.get(w.lockId());
            if (waiter == null || waiter < 0) {
                continue;
            }
            if (!w.otherTrxId().equals(NO_ID)) {
                Long blocker = threadByTrx.get(w.otherTrxId());
                if (blocker != null && !blocker.equals(waiter)) {
                    edges.add(new LockWait(dnId, waiter, w.trxId(), w.lockId(), blocker, w.otherTrxId()));
                }
                continue;
            }
            List<Long> candidates = zeroIdLockers.stream().filter(t -> !Objects.equals(t, waiter)).toList();
            if (candidates.size() == entry.getValue()) {
                for (long blocker : candidates) {
                    edges.add(new LockWait(dnId, waiter, w.trxId(), w.lockId(), blocker, NO_ID));
                }
            }
        }
        return edges;
    }
}
