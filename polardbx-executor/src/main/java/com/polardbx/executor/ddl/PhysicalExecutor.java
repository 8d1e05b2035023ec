package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.transaction.connection.DataNodePools;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs physical DDL on data nodes: one statement at a time, or one action per physical table with the data nodes
 * worked in parallel. DN errors become {@link SqlError}s carrying the DN's own errno and SQLSTATE. Thread-safe.
 */
final class PhysicalExecutor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PhysicalExecutor.class);

    /** Reads a result set into a value. */
    @FunctionalInterface
    interface ResultReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private final DataNodePools pools;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "ddl-physical");
        t.setDaemon(true);
        return t;
    });

    PhysicalExecutor(DataNodePools pools) {
        this.pools = pools;
    }

    /** A pooled connection to the DN (autocommit), for work that needs its own transaction; the caller closes it. */
    Connection connection(String dnId) {
        return pools.getConnection(dnId);
    }

    void execute(String dnId, String sql) {
        executeCounted(dnId, sql);
    }

    /** Runs a DDL and returns the rows it reported (an ALTER TABLE that copies the table: the rows copied). */
    long executeCounted(String dnId, String sql) {
        log.debug("DDL on {}: {}", dnId, sql);
        try (Connection c = pools.getConnection(dnId); Statement st = c.createStatement()) {
            st.execute(com.polardbx.common.sql.RawByteLiterals.toHex(sql)); // e.g. a binary DEFAULT keeps its bytes
            return Math.max(0, st.getLargeUpdateCount());
        } catch (SQLException e) {
            throw fromDataNode(dnId, e);
        }
    }

    <T> T query(String dnId, String sql, ResultReader<T> reader) {
        try (Connection c = pools.getConnection(dnId); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return reader.read(rs);
        } catch (SQLException e) {
            throw fromDataNode(dnId, e);
        }
    }

    /**
     * Applies {@code action} to every location: sequentially within a DN, DNs in parallel. After the first failure no
     * new action starts; the failure is rethrown (an {@link Error} such as {@link SimulatedCrash} unchanged).
     */
    void forEach(List<PhysicalLocation> locations, Consumer<PhysicalLocation> action) {
        Map<String, List<PhysicalLocation>> byDn = new LinkedHashMap<>();
        locations.forEach(l -> byDn.computeIfAbsent(l.dnId(), k -> new ArrayList<>()).add(l));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Future<?>> futures = new ArrayList<>();
        for (List<PhysicalLocation> dnLocations : byDn.values()) {
            futures.add(workers.submit(() -> {
                for (PhysicalLocation l : dnLocations) {
                    if (failure.get() != null) {
                        return;
                    }
                    try {
                        action.accept(l);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                        return;
                    }
                }
            }));
        }
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
            } catch (java.util.concurrent.ExecutionException e) {
                failure.compareAndSet(null, e.getCause());
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        } else if (t instanceof Error err) {
            throw err;
        } else if (t != null) {
            throw new SqlError(t, ErrorCode.ER_INTERNAL, t.getMessage());
        }
    }

    static SqlError fromDataNode(String dnId, SQLException e) {
        return SqlError.fromDataNode(dnId, e);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
