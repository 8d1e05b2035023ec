package com.polardbx.transaction;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.testing.TestingDataNodes;
import com.polardbx.transaction.connection.DataNodePools;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Test fixture: the shared MariaDB instances as a metadb (instance 0, with {@code polardbx_meta}'s transaction tables)
 * and two DNs {@code dn1}, {@code dn2} (instances 1 and 2), each with a database {@value #DB}.
 */
final class TestingTransactionCluster implements AutoCloseable {
    static final String DB = "txtest";
    static final List<String> DN_IDS = List.of("dn1", "dn2");

    private final TestingDataNodes nodes = TestingDataNodes.shared();
    private final HikariDataSource metaDb;
    private final DataNodePools pools;

    TestingTransactionCluster() throws SQLException {
        try (Connection c = nodes.connect(0); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS polardbx_meta");
            st.execute("CREATE TABLE IF NOT EXISTS polardbx_meta.global_tx_log (txid BIGINT PRIMARY KEY, "
                + "state VARCHAR(16) NOT NULL, commit_ts BIGINT NOT NULL DEFAULT 0, "
                + "participants VARCHAR(2048) NOT NULL, gmt_created TIMESTAMP(3))");
            st.execute("CREATE TABLE IF NOT EXISTS polardbx_meta.tso_window (id INT PRIMARY KEY, "
                + "upper_bound BIGINT NOT NULL)");
            st.execute("CREATE TABLE IF NOT EXISTS polardbx_meta.tso_lease (id INT NOT NULL PRIMARY KEY, "
                + "holder VARCHAR(64) NOT NULL, address VARCHAR(255) NOT NULL, epoch BIGINT NOT NULL, "
                + "expires_ms BIGINT NOT NULL)");
        }
        for (int i = 1; i <= DN_IDS.size(); i++) {
            try (Connection c = nodes.connect(i); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE IF NOT EXISTS " + DB);
            }
        }
        HikariConfig config = new HikariConfig();
        config.setPoolName("test-metadb");
        config.setJdbcUrl(nodes.jdbcUrl(0, null));
        config.setUsername(nodes.user());
        config.setPassword(nodes.password());
        config.setMaximumPoolSize(8);
        metaDb = new HikariDataSource(config);
        List<StorageNode> dns = new ArrayList<>();
        for (int i = 0; i < DN_IDS.size(); i++) {
            dns.add(new StorageNode(DN_IDS.get(i), StorageNode.Kind.DN, "127.0.0.1", nodes.port(i + 1),
                nodes.user(), nodes.password()));
        }
        pools = new DataNodePools(dns, 16);
    }

    TestingDataNodes nodes() {
        return nodes;
    }

    DataNodePools pools() {
        return pools;
    }

    Supplier<Connection> metaDb() {
        return () -> {
            try {
                return metaDb.getConnection();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    TransactionManager newManager(String cnId) {
        return new TransactionManager(pools, metaDb(), cnId);
    }

    /** Runs DDL/DML directly on a DN (not in a distributed transaction). */
    void execute(String dnId, String sql) throws SQLException {
        try (Connection c = direct(dnId); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    void executeOnAllDns(String sql) throws SQLException {
        for (String dnId : DN_IDS) {
            execute(dnId, sql);
        }
    }

    long queryLong(String dnId, String sql) throws SQLException {
        try (Connection c = direct(dnId); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The gtrids of prepared branches this cluster created on a DN. */
    List<String> preparedBranches(String dnId) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Connection c = direct(dnId); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("XA RECOVER")) {
            while (rs.next()) {
                String data = rs.getString(4);
                if (data.startsWith("pdx-")) {
                    result.add(data.substring(0, rs.getInt(2)));
                }
            }
        }
        return result;
    }

    List<String> preparedBranchesOnAllDns() throws SQLException {
        List<String> result = new ArrayList<>();
        for (String dnId : DN_IDS) {
            result.addAll(preparedBranches(dnId));
        }
        return result;
    }

    /** Rolls back every prepared branch of this cluster directly, so that a failed test can't block the next. */
    void rollBackLeftovers() throws SQLException {
        for (String dnId : DN_IDS) {
            List<String> xids = new ArrayList<>();
            try (Connection c = direct(dnId); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("XA RECOVER FORMAT='SQL'")) {
                    while (rs.next()) {
                        if (rs.getString(4).startsWith("'pdx-")) {
                            xids.add(rs.getString(4));
                        }
                    }
                }
                for (String xid : xids) {
                    st.execute("XA ROLLBACK " + xid);
                }
            }
        }
    }

    /** The global log state of a transaction, or null. */
    String logState(long txid) throws SQLException {
        try (Connection c = metaDb.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT state FROM polardbx_meta.global_tx_log WHERE txid = " + txid)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    void executeOnMetaDb(String sql) throws SQLException {
        try (Connection c = metaDb.getConnection(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** A direct, non-pooled connection to a DN; the caller closes it. */
    Connection direct(String dnId) throws SQLException {
        return nodes.connect(DN_IDS.indexOf(dnId) + 1);
    }

    @Override
    public void close() {
        pools.close();
        metaDb.close();
    }
}
