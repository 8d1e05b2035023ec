package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.TransactionManager;
import com.polardbx.transaction.connection.DataNodePools;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connections for one autocommit query over several shards that read one consistent snapshot: one connection per DN,
 * each in a {@code START TRANSACTION WITH CONSISTENT SNAPSHOT} opened while the commit gate is in SNAPSHOT mode, so
 * the query sees each distributed transaction on every DN or on none. Shards of one DN are read one after another on
 * that DN's connection. Opened at the first {@link #acquire}; {@link #close} ends the snapshots.
 */
final class SnapshotReads implements QueryConnections {
    private static final Logger log = LoggerFactory.getLogger(SnapshotReads.class);

    private final TransactionManager transactions;
    private final DataNodePools pools;
    private final List<String> dataNodes;
    private final Consumer<Connection> onBorrow;
    private final Consumer<Connection> beforeReturn;
    private Map<String, Connection> views;

    /**
     * @param onBorrow applies the session's DN settings to a borrowed connection
     * @param beforeReturn puts them back before the connection returns to the pool
     */
    SnapshotReads(TransactionManager transactions, DataNodePools pools, List<String> dataNodes,
                  Consumer<Connection> onBorrow, Consumer<Connection> beforeReturn) {
        this.transactions = transactions;
        this.pools = pools;
        this.dataNodes = dataNodes;
        this.onBorrow = onBorrow;
        this.beforeReturn = beforeReturn;
    }

    @Override
    public synchronized Connection acquire(String dnId) {
        if (views == null) {
            open();
        }
        Connection c = views.get(dnId);
        if (c == null) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "no snapshot on data node " + dnId);
        }
        return c;
    }

    private void open() {
        views = new LinkedHashMap<>();
        for (String dn : dataNodes) {
            Connection c = pools.getConnection(dn); // outside the gate: the pool may make us wait
            views.put(dn, c);
            onBorrow.accept(c);
        }
        com.polardbx.transaction.tso.gate.CommitGate gate = views.size() > 1 ? transactions.commitGate() : null;
        if (gate != null) {
            gate.enterSnapshot(transactions.snapshotWait());
        }
        try {
            for (Map.Entry<String, Connection> e : views.entrySet()) {
                Transactions.run(e.getValue(), "START TRANSACTION WITH CONSISTENT SNAPSHOT");
            }
        } finally {
            if (gate != null) {
                gate.exitSnapshot();
            }
        }
    }

    @Override
    public void release(String dnId, Connection connection) {
        // kept until close(): later shards of the DN read the same snapshot
    }

    @Override
    public boolean allowsParallel() {
        return false;
    }

    @Override
    public boolean allowsParallelAcrossDataNodes() {
        return true;
    }

    /** Drops the snapshot connections unused: the socket is cut (no COMMIT, no draining) and the pool replaces them. */
    @Override
    public synchronized void abandon() {
        if (views == null) {
            return;
        }
        for (Map.Entry<String, Connection> e : views.entrySet()) {
            try {
                e.getValue().abort(Runnable::run);
            } catch (SQLException | RuntimeException ex) {
                log.debug("aborting the snapshot connection of {} failed: {}", e.getKey(), ex.getMessage());
            }
            try {
                pools.evict(e.getKey(), e.getValue());
            } catch (RuntimeException ignored) {
                // already gone
            }
        }
        views = null;
    }

    @Override
    public synchronized void close() {
        if (views == null) {
            return;
        }
        for (Map.Entry<String, Connection> e : views.entrySet()) {
            Connection c = e.getValue();
            try {
                Transactions.run(c, "COMMIT");
                beforeReturn.accept(c);
                c.close();
            } catch (SQLException | RuntimeException ex) {
                log.debug("ending snapshot on {} failed, evicting the connection: {}", e.getKey(), ex.getMessage());
                try {
                    pools.evict(e.getKey(), c);
                } catch (RuntimeException ignored) {
                    // already gone
                }
            }
        }
        views = null;
    }
}
