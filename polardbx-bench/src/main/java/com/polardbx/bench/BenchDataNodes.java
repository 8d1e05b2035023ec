package com.polardbx.bench;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.store.MetaDb;
import com.polardbx.testing.TestingDataNodes;
import java.nio.file.Path;

/**
 * MariaDB instances for one benchmark fork: instance 0 is the GMS, 1.. are DNs {@code dn1, dn2, ...}.
 *
 * <p>Started with {@link TestingDataNodes} under {@code target/bench-dns} of the working directory and killed when the
 * fork's JVM exits, unless {@code -Dpolardbx.bench.gms=host:port} names an existing GMS (user and password from
 * {@code polardbx.bench.user}/{@code polardbx.bench.password}, default polardbx/polardbx); DNs are always started.
 */
final class BenchDataNodes {
    private final TestingDataNodes nodes;
    private final StorageNode gms;

    private BenchDataNodes(TestingDataNodes nodes, StorageNode gms) {
        this.nodes = nodes;
        this.gms = gms;
    }

    /** A GMS and {@code dataNodes} DNs. */
    static BenchDataNodes start(int dataNodes) {
        String external = System.getProperty("polardbx.bench.gms");
        if (external != null) {
            String[] hostPort = external.split(":");
            StorageNode gms = new StorageNode("gms", StorageNode.Kind.GMS, hostPort[0], Integer.parseInt(hostPort[1]),
                System.getProperty("polardbx.bench.user", "polardbx"),
                System.getProperty("polardbx.bench.password", "polardbx"));
            TestingDataNodes dns = dataNodes == 0 ? null : started(dataNodes + 1);
            return new BenchDataNodes(dns, gms);
        }
        TestingDataNodes nodes = started(dataNodes + 1);
        return new BenchDataNodes(nodes, node(nodes, "gms", StorageNode.Kind.GMS, 0));
    }

    private static TestingDataNodes started(int count) {
        return TestingDataNodes.start(count, Path.of("target", "bench-dns"));
    }

    private static StorageNode node(TestingDataNodes nodes, String id, StorageNode.Kind kind, int index) {
        return new StorageNode(id, kind, "127.0.0.1", nodes.port(index), nodes.user(), nodes.password());
    }

    /** The metadb, its {@code polardbx_meta} tables created. */
    MetaDb metaDb() {
        return new MetaDb(gms);
    }

    /** DN {@code dn<i>} (1-based). */
    StorageNode dataNode(int i) {
        return node(nodes, "dn" + i, StorageNode.Kind.DN, i);
    }
}
