package com.polardbx.gms.store;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.StorageNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection to the metadb database {@code polardbx_meta} on the GMS node; creates the database and its tables if
 * missing (idempotent, safe on every start).
 */
public final class MetaDb implements AutoCloseable {
    public static final String DATABASE = "polardbx_meta";
    private static final Logger log = LoggerFactory.getLogger(MetaDb.class);

    private final StorageNode gms;
    private final HikariDataSource pool;

    public MetaDb(StorageNode gms) {
        this.gms = gms;
        createDatabase(gms);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(gms.jdbcUrl(DATABASE));
        config.setUsername(gms.user());
        config.setPassword(gms.password());
        config.setPoolName("metadb-" + gms.id());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setAutoCommit(true);
        config.setConnectionTimeout(10_000);
        try {
            this.pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new SqlError(e, ErrorCode.ER_SHARD_UNAVAILABLE, gms.id(), e.getMessage());
        }
        try {
            MetaSchema.bootstrap(this);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        log.info("metadb ready on {}:{} ({})", gms.host(), gms.port(), gms.id());
    }

    private static void createDatabase(StorageNode gms) {
        try (Connection c = DriverManager.getConnection(gms.jdbcUrl(null), gms.user(), gms.password());
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE
                + " DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new SqlError(e, ErrorCode.ER_SHARD_UNAVAILABLE, gms.id(), e.getMessage());
        }
    }

    /** A pooled connection to {@code polardbx_meta}, autocommit on; the caller closes it. */
    public Connection connection() {
        try {
            Connection c = pool.getConnection();
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            return c;
        } catch (SQLException e) {
            throw new SqlError(e, ErrorCode.ER_SHARD_UNAVAILABLE, gms.id(), e.getMessage());
        }
    }

    public StorageNode node() {
        return gms;
    }

    @Override
    public void close() {
        pool.close();
    }
}
