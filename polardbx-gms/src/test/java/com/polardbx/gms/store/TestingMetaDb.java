package com.polardbx.gms.store;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.testing.TestingDataNodes;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens a {@link MetaDb} on a freshly emptied {@code polardbx_meta} of one shared test instance. */
public final class TestingMetaDb {
    private TestingMetaDb() {
    }

    public static StorageNode node(TestingDataNodes dns, int i) {
        return new StorageNode("gms" + i, StorageNode.Kind.GMS, "127.0.0.1", dns.port(i), dns.user(), dns.password());
    }

    /** Drops {@code polardbx_meta} on instance {@code i}, then bootstraps it again through {@link MetaDb}. */
    public static MetaDb fresh(TestingDataNodes dns, int i) throws SQLException {
        try (Connection c = dns.connect(i); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + MetaDb.DATABASE);
        }
        return new MetaDb(node(dns, i));
    }
}
