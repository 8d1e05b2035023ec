package com.polardbx.executor.scan;

import com.polardbx.testing.TestingDataNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/** A ConnectionProvider over TestingDataNodes ("dn1" = instance 1, ...) that counts connections still out. */
final class TestingConnectionProvider implements ConnectionProvider {
    private final TestingDataNodes nodes;
    private final boolean parallel;
    private final AtomicInteger outstanding = new AtomicInteger();

    TestingConnectionProvider(TestingDataNodes nodes, boolean parallel) {
        this.nodes = nodes;
        this.parallel = parallel;
    }

    @Override
    public Connection acquire(String dnId) {
        int index = Integer.parseInt(dnId.substring(2));
        try {
            Connection c = DriverManager.getConnection(nodes.jdbcUrl(index, null), nodes.user(), nodes.password());
            outstanding.incrementAndGet();
            return c;
        } catch (SQLException e) {
            throw DataNodeErrors.fromDataNode(dnId, e);
        }
    }

    @Override
    public void release(String dnId, Connection connection) {
        outstanding.decrementAndGet();
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean allowsParallel() {
        return parallel;
    }

    int outstanding() {
        return outstanding.get();
    }
}
