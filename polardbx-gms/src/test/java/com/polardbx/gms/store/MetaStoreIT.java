package com.polardbx.gms.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.testing.TestingDataNodes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MetaStoreIT {
    private static TestingDataNodes dns;
    private static MetaDb db;

    @BeforeAll
    static void start() throws Exception {
        dns = TestingDataNodes.shared();
        db = TestingMetaDb.fresh(dns, 0);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    private static TableMeta sampleTable(String schema, String name, long group) {
        List<ColumnDef> cols = List.of(
            new ColumnDef("id", "bigint(20)", false, null, true, "auto_increment", "", null, 1),
            new ColumnDef("Name", "varchar(32)", true, "NULL", false, "", "who, really", "utf8mb4_bin", 2));
        List<PartitionDef> parts = List.of(
            new PartitionDef("p0", 0, "dn1", "d_p00000", name + "_00000", null),
            new PartitionDef("p1", 1, "dn2", "d_p00001", name + "_00001", null));
        return new TableMeta(schema, name, TableKind.PARTITIONED, cols,
            List.of(new IndexDef("PRIMARY", true, List.of("id")), new IndexDef("k_name,odd", false,
                List.of("Name", "id"))),
            new PartitionInfo(PartitionStrategy.KEY, List.of("id"), null, parts), group,
            "CREATE TABLE `" + name + "` (...)", 1);
    }

    @Test
    void bootstrapIsIdempotentAndCreatesTxTables() throws Exception {
        try (MetaDb again = new MetaDb(TestingMetaDb.node(dns, 0)); Connection c = again.connection();
             Statement s = c.createStatement()) {
            s.execute("INSERT INTO global_tx_log (txid, state, participants) VALUES (42, 'COMMIT', 'dn1,dn2')");
            s.execute("INSERT INTO tso_window (id, upper_bound) VALUES (1, 1000) ON DUPLICATE KEY UPDATE"
                + " upper_bound = 1000");
            try (ResultSet rs = s.executeQuery("SELECT commit_ts, participants FROM global_tx_log WHERE txid = 42")) {
                assertTrue(rs.next());
                assertEquals(0, rs.getLong(1));
                assertEquals("dn1,dn2", rs.getString(2));
            }
            s.execute("DELETE FROM global_tx_log WHERE txid = 42");
            s.execute("INSERT IGNORE INTO tso_lease (id, holder, address, epoch, expires_ms) VALUES (1, '', '', 0, 0)");
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tso_lease WHERE id = 1")) {
                assertTrue(rs.next());
                assertEquals(1, rs.getLong(1));
            }
        }
    }

    @Test
    void storageNodesDatabasesAndTablesSurviveReload() {
        MetaStore store = new MetaStore(db);
        store.registerStorageNode(new StorageNode("dn2", StorageNode.Kind.DN, "127.0.0.1", 2, "u", "p"));
        store.registerStorageNode(new StorageNode("dn1", StorageNode.Kind.DN, "127.0.0.1", 1, "u", "p"));
        store.registerStorageNode(new StorageNode("gms", StorageNode.Kind.GMS, "127.0.0.1", 0, "u", "p"));
        store.registerStorageNode(new StorageNode("dn1", StorageNode.Kind.DN, "127.0.0.1", 11, "u", "p"));
        assertEquals(List.of("dn1", "dn2"), store.dataNodes().stream().map(StorageNode::id).toList());
        assertEquals(11, store.dataNodes().get(0).port());

        store.createDatabase(new DatabaseMeta("Shop", "auto", "utf8mb4", "utf8mb4_general_ci",
            Map.of("dn1", "shop_p00000", "dn2", "shop_p00001")));
        assertEquals(1007, assertThrows(SqlError.class, () -> store.createDatabase(
            new DatabaseMeta("SHOP", "auto", null, null, Map.of()))).errno());
        TableMeta orders = sampleTable("SHOP", "Orders", 7);
        store.saveTable(orders);
        long versionAfterSave = store.version();

        MetaStore reloaded = new MetaStore(db);
        assertEquals(versionAfterSave, reloaded.version());
        assertEquals(List.of("dn1", "dn2"), reloaded.dataNodes().stream().map(StorageNode::id).toList());
        DatabaseMeta shop = reloaded.database("shop").orElseThrow();
        assertEquals("shop", shop.name());
        assertEquals("shop_p00001", shop.physicalDbs().get("dn2"));
        TableMeta t = reloaded.table("Shop", "ORDERS").orElseThrow();
        assertEquals("orders", t.name());
        assertEquals(orders.columns(), t.columns());
        assertEquals(orders.indexes(), t.indexes());
        assertEquals(orders.partitionInfo(), t.partitionInfo());
        assertEquals(7, t.tableGroupId());
        assertEquals(orders.createSql(), t.createSql());
        assertFalse(reloaded.reloadIfChanged());

        // replace: a new version with one more column replaces all rows
        List<ColumnDef> cols = new ArrayList<>(orders.columns());
        cols.add(new ColumnDef("price", "decimal(10,2)", true, "0.00", false, "", "", null, 3));
        store.saveTable(new TableMeta("shop", "orders", orders.kind(), cols, orders.indexes(),
            orders.partitionInfo(), 7, orders.createSql(), 2));
        assertTrue(reloaded.reloadIfChanged());
        assertEquals(3, reloaded.table("shop", "orders").orElseThrow().columns().size());
        assertEquals(2, reloaded.table("shop", "orders").orElseThrow().version());

        store.renameTable("shop", "orders", "Orders2");
        assertTrue(store.table("shop", "orders").isEmpty());
        assertEquals("Orders_00000", store.table("shop", "orders2").orElseThrow().partitions().get(0).physicalTable());
        assertEquals(List.of("orders2"), new MetaStore(db).tables("shop").stream().map(TableMeta::name).toList());

        store.dropTable("shop", "orders2");
        assertEquals(1051, assertThrows(SqlError.class, () -> store.dropTable("shop", "orders2")).errno());
        store.saveTable(sampleTable("shop", "t1", 1));
        store.dropDatabase("SHOP");
        assertTrue(store.database("shop").isEmpty());
        assertEquals(1049, assertThrows(SqlError.class, () -> store.saveTable(sampleTable("shop", "x", 1)))
            .errno());
        MetaStore afterDrop = new MetaStore(db);
        assertTrue(afterDrop.database("shop").isEmpty());
        assertTrue(afterDrop.tables("shop").isEmpty());
    }

    @Test
    void tableGroupsMatchBySchemeShape() {
        MetaStore store = new MetaStore(db);
        List<PartitionDef> four = List.of(part(0, null), part(1, null), part(2, null), part(3, null));
        long a = store.tableGroupFor("g", new PartitionInfo(PartitionStrategy.KEY, List.of("id"), null, four),
            List.of("bigint(20)"));
        long b = store.tableGroupFor("G", new PartitionInfo(PartitionStrategy.KEY, List.of("user_id"), null, four),
            List.of("BIGINT(20)"));
        long c = store.tableGroupFor("g", new PartitionInfo(PartitionStrategy.KEY, List.of("id"), null,
            four.subList(0, 2)), List.of("bigint(20)"));
        long d = store.tableGroupFor("g", new PartitionInfo(PartitionStrategy.KEY, List.of("id"), null, four),
            List.of("varchar(10)"));
        long e = store.tableGroupFor("g", new PartitionInfo(PartitionStrategy.RANGE, List.of("id"), null,
            List.of(part(0, "10"), part(1, "MAXVALUE"))), List.of("int"));
        long f = store.tableGroupFor("g", new PartitionInfo(PartitionStrategy.RANGE, List.of("id"), null,
            List.of(part(0, "20"), part(1, "MAXVALUE"))), List.of("int"));
        long other = store.tableGroupFor("h", new PartitionInfo(PartitionStrategy.KEY, List.of("id"), null, four),
            List.of("bigint(20)"));
        assertEquals(a, b);
        assertEquals(5, new HashSet<>(List.of(a, c, d, e, f)).size());
        assertNotEquals(a, other);
    }

    private static PartitionDef part(int i, String bound) {
        return new PartitionDef("p" + i, i, "dn1", "x", "t" + i, bound);
    }

    @Test
    void autoIncrementBlocksAreDisjointUnderConcurrency() throws Exception {
        MetaStore store = new MetaStore(db);
        assertEquals(1, store.reserveAutoIncrement("s", "t", 10));
        assertEquals(11, store.reserveAutoIncrement("S", "T", 5));
        store.raiseAutoIncrement("s", "t", 100);
        assertEquals(101, store.reserveAutoIncrement("s", "t", 1));
        store.raiseAutoIncrement("s", "t", 50);   // never lowers
        assertEquals(102, store.reserveAutoIncrement("s", "t", 1));
        store.raiseAutoIncrement("s", "fresh", 7);
        assertEquals(8, store.reserveAutoIncrement("s", "fresh", 1));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                futures.add(pool.submit(() -> store.reserveAutoIncrement("s", "busy", 100)));
            }
            Set<Long> starts = Collections.synchronizedSet(new HashSet<>());
            for (Future<Long> f : futures) {
                starts.add(f.get());
            }
            assertEquals(40, starts.size());
            for (long s : starts) {
                assertEquals(1, s % 100, "blocks are contiguous and aligned: " + s);
            }
            assertEquals(4001, new MetaStore(db).reserveAutoIncrement("s", "busy", 1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void ddlJobsRoundTrip() {
        MetaStore store = new MetaStore(db);
        long id = store.createDdlJob(new DdlJobRecord(0, "shop", "orders", "CREATE_TABLE",
            "create table orders (id int)", "QUEUED", 0, "{}", null, null, null));
        long id2 = store.createDdlJob(new DdlJobRecord(0, "shop", "items", "DROP_TABLE", "drop table items",
            "QUEUED", 0, null, null, null, null));
        assertTrue(id2 > id);
        store.updateDdlJob(id, "RUNNING", 40, "{\"step\":2}", null);
        store.updateDdlJob(id2, "FAILED", 10, null, "boom");
        List<DdlJobRecord> open = store.unfinishedDdlJobs();
        assertTrue(open.stream().anyMatch(j -> j.id() == id && j.state().equals("RUNNING")
            && j.progressPercent() == 40 && j.payload().equals("{\"step\":2}") && j.created() != null));
        assertTrue(open.stream().noneMatch(j -> j.id() == id2));
        List<DdlJobRecord> recent = store.recentDdlJobs(2);
        assertEquals(List.of(id2, id), recent.stream().map(DdlJobRecord::id).toList());
        assertEquals("boom", recent.get(0).error());
        store.updateDdlJob(id, "DONE", 100, null, null);
        assertTrue(store.unfinishedDdlJobs().stream().noneMatch(j -> j.id() == id));
    }
}
