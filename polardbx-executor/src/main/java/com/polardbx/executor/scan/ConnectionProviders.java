package com.polardbx.executor.scan;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/** Ready-made {@link ConnectionProvider}s. */
public final class ConnectionProviders {
    private ConnectionProviders() {
    }

    /**
     * Connections opened by {@code open} (typically borrowed from a pool) and closed on release; shards may be read
     * in parallel.
     */
    public static ConnectionProvider closing(Function<String, Connection> open) {
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                return open.apply(dnId);
            }

            @Override
            public void release(String dnId, Connection connection) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // a pool that can't take a connection back discards it
                }
            }

            @Override
            public boolean allowsParallel() {
                return true;
            }
        };
    }
}
