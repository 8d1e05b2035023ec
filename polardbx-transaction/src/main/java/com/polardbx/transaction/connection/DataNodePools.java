package com.polardbx.transaction.connection;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.StorageNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One JDBC connection pool per data node. Thread-safe.
 *
 * <p>Connections are opened without a default database: physical SQL always names {@code db.table}. Callers return a
 * connection by closing it, after leaving it in autocommit mode with no open transaction.
 */
public final class DataNodePools implements AutoCloseable {
    private final Map<String, HikariDataSource> pools = new ConcurrentHashMap<>();
    private final Map<String, StorageNode> nodes = new ConcurrentHashMap<>();
    private final int maxPoolSize;
    private final MonitorAccount monitor;

    /** Pools whose background readers log in with each DN's own account (tests with an all-privileged account). */
    public DataNodePools(Collection<StorageNode> dataNodes, int maxPoolSize) {
        this(dataNodes, maxPoolSize, null);
    }

    /** @param monitor the account of {@link #openMonitor}; null: each DN's own account */
    public DataNodePools(Collection<StorageNode> dataNodes, int maxPoolSize, MonitorAccount monitor) {
        this.maxPoolSize = maxPoolSize;
        this.monitor = monitor;
        dataNodes.forEach(this::add);
    }

    /** Adds a DN (idempotent). */
    public void add(StorageNode node) {
        nodes.put(node.id(), node);
        pools.computeIfAbsent(node.id(), id -> {
            HikariConfig config = new HikariConfig();
            config.setPoolName("dn-" + id);
            config.setJdbcUrl(node.jdbcUrl(null));
            config.setUsername(node.user());
            config.setPassword(node.password());
            config.setMaximumPoolSize(maxPoolSize);
            config.setMinimumIdle(1);
            config.setConnectionTimeout(10_000);
            config.setInitializationFailTimeout(-1);
            return new HikariDataSource(config);
        });
    }

    public List<String> dataNodeIds() {
        return nodes.keySet().stream().sorted().toList();
    }

    public StorageNode node(String dnId) {
        StorageNode node = nodes.get(dnId);
        if (node == null) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "unknown data node " + dnId);
        }
        return node;
    }

    /** Connections to the DN in use now (0 for an unknown DN). */
    public int activeConnections(String dnId) {
        HikariDataSource ds = pools.get(dnId);
        return ds == null || ds.getHikariPoolMXBean() == null ? 0 : ds.getHikariPoolMXBean().getActiveConnections();
    }

    /** Idle pooled connections to the DN (0 for an unknown DN). */
    public int idleConnections(String dnId) {
        HikariDataSource ds = pools.get(dnId);
        return ds == null || ds.getHikariPoolMXBean() == null ? 0 : ds.getHikariPoolMXBean().getIdleConnections();
    }

    /** Borrows a connection to the DN; 2013-style error when the DN can't be reached. */
    public Connection getConnection(String dnId) {
        HikariDataSource ds = pools.get(dnId);
        if (ds == null) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "unknown data node " + dnId);
        }
        try {
            return ds.getConnection();
        } catch (SQLException e) {
            throw new SqlError(e, ErrorCode.ER_SHARD_UNAVAILABLE, dnId, e.getMessage());
        }
    }

    /**
     * Closes the physical connection behind a borrowed connection instead of returning it to the pool: for a
     * connection whose state is unknown (a failed rollback, an open XA branch left for recovery). The caller must
     * not use or close it afterwards.
     */
    public void evict(String dnId, Connection connection) {
        HikariDataSource ds = pools.get(dnId);
        if (ds == null) {
            throw new SqlError(ErrorCode.ER_INTERNAL, "unknown data node " + dnId);
        }
        ds.evictConnection(connection);
    }

    /**
     * A new connection to the DN outside the pool, for a background task that must not wait for a pooled connection
     * (the deadlock detector: deadlocked transactions are what holds the pooled ones). Reads time out after 10 s. The
     * caller closes it.
     */
    public Connection openDedicated(String dnId) throws SQLException {
        StorageNode node = node(dnId);
        return open(node, node.user(), node.password());
    }

    /**
     * Like {@link #openDedicated}, as the {@link MonitorAccount} (PROCESS only): for reading other sessions'
     * transactions and locks. It may not touch them (KILL) nor read any table.
     */
    public Connection openMonitor(String dnId) throws SQLException {
        StorageNode node = node(dnId);
        return monitor == null ? open(node, node.user(), node.password())
            : open(node, monitor.user(), monitor.password());
    }

    private static Connection open(StorageNode node, String user, String password) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        props.setProperty("connectTimeout", "5000");
        props.setProperty("socketTimeout", "10000");
        return DriverManager.getConnection(node.jdbcUrl(null), props);
    }

    @Override
    public void close() {
        pools.values().forEach(HikariDataSource::close);
        pools.clear();
    }
}
