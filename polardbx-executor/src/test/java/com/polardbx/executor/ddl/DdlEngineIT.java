package com.polardbx.executor.ddl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import com.polardbx.gms.store.MetaDb;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.testing.TestingDataNodes;
import com.polardbx.transaction.connection.DataNodePools;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The DDL engine against real MariaDB processes: instance 0 is the GMS metadb, instances 1 and 2 are dn0 and dn1. */
class DdlEngineIT {
    private static final String DB = "ddl_it";

    private static TestingDataNodes nodes;
    private static MetaDb metaDb;
    private static MetaStore meta;
    private static DataNodePools pools;
    private static DdlEngine engine;

    @BeforeAll
    static void startCluster() {
        nodes = TestingDataNodes.shared();
        metaDb = new MetaDb(node("gms", StorageNode.Kind.GMS, 0));
        meta = new MetaStore(metaDb);
        meta.registerStorageNode(node("dn0", StorageNode.Kind.DN, 1));
        meta.registerStorageNode(node("dn1", StorageNode.Kind.DN, 2));
        pools = new DataNodePools(meta.dataNodes(), 8);
        engine = new DdlEngine(meta, pools);
        engine.execute(null, "CREATE DATABASE IF NOT EXISTS " + DB + " MODE='auto'");
    }

    @AfterAll
    static void stop() {
        engine.close();
        pools.close();
        metaDb.close();
    }

    private static StorageNode node(String id, StorageNode.Kind kind, int instance) {
        return new StorageNode(id, kind, "127.0.0.1", nodes.port(instance), nodes.user(), nodes.password());
    }

    // ------------------------------------------------------------------ databases

    @Test
    void createDatabasePutsOnePhysicalDatabasePerDataNode() throws SQLException {
        StatementResult.Ok ok = engine.execute(null,
            "CREATE DATABASE db_make CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        assertEquals(1, ok.affectedRows());
        var db = meta.database("db_make").orElseThrow();
        assertEquals("auto", db.mode());
        assertEquals("utf8mb4_bin", db.collation());
        assertEquals("db_make_p0", db.physicalDbs().get("dn0"));
        assertEquals("db_make_p1", db.physicalDbs().get("dn1"));
        assertEquals("utf8mb4_bin", scalar(1, "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
            + " WHERE SCHEMA_NAME = 'db_make_p0'"));
        assertEquals("utf8mb4_bin", scalar(2, "SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
            + " WHERE SCHEMA_NAME = 'db_make_p1'"));

        assertErrno(1007, () -> engine.execute(null, "CREATE DATABASE db_make"));
        assertEquals(1, engine.execute(null, "CREATE DATABASE IF NOT EXISTS db_make").warnings());

        engine.execute("db_make", "CREATE TABLE t (id int primary key)");
        assertEquals(1, engine.execute(null, "DROP DATABASE db_make").affectedRows());
        assertTrue(meta.database("db_make").isEmpty());
        assertEquals("0", scalar(1,
            "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'db_make_p0'"));
        assertErrno(1008, () -> engine.execute(null, "DROP DATABASE db_make"));
        assertEquals(1, engine.execute(null, "DROP DATABASE IF EXISTS db_make").warnings());
    }

    // ------------------------------------------------------------------ create table

    @Test
    void hashTableIsSpreadOverBothDataNodes() throws SQLException {
        engine.execute(DB, "CREATE TABLE t_hash (id int NOT NULL, name varchar(20) DEFAULT 'x', PRIMARY KEY (id))"
            + " PARTITION BY HASH(id) PARTITIONS 4");
        TableMeta t = meta.table(DB, "t_hash").orElseThrow();
        assertEquals(TableKind.PARTITIONED, t.kind());
        assertEquals(PartitionStrategy.HASH, t.partitionInfo().strategy());
        assertEquals(List.of("id"), t.partitionInfo().columns());
        assertEquals(4, t.partitions().size());
        assertTrue(t.tableGroupId() > 0);
        for (PartitionDef p : t.partitions()) {
            assertEquals(p.position() % 2 == 0 ? "dn0" : "dn1", p.dnId());
            assertEquals(p.position() % 2 == 0 ? DB + "_p0" : DB + "_p1", p.physicalDb());
            assertTrue(p.physicalTable().matches("t_hash_[0-9a-f]{4}_0000" + p.position()), p.physicalTable());
            assertTrue(physicalTableExists(p), p.toString());
        }
        ColumnDef id = t.column("id").orElseThrow();
        assertEquals("int(11)", id.sqlType());
        assertFalse(id.nullable());
        assertEquals("x", t.column("name").orElseThrow().defaultValue());
        assertEquals(List.of("id"), t.primaryKey().orElseThrow().columns());
        assertTrue(t.createSql().startsWith("CREATE TABLE `t_hash` (\n  `id` int(11) NOT NULL,"), t.createSql());
        assertTrue(t.createSql().endsWith("\n/*!99999 PARTITION BY HASH(`id`) PARTITIONS 4 */"), t.createSql());

        engine.execute(DB, "CREATE TABLE t_hash_like LIKE t_hash");
        TableMeta like = meta.table(DB, "t_hash_like").orElseThrow();
        assertEquals(t.columns(), like.columns());
        assertEquals(t.tableGroupId(), like.tableGroupId());
        assertEquals(t.partitions().stream().map(PartitionDef::dnId).toList(),
            like.partitions().stream().map(PartitionDef::dnId).toList());
        assertTrue(like.createSql().startsWith("CREATE TABLE `t_hash_like` ("), like.createSql());
        for (PartitionDef p : like.partitions()) {
            assertTrue(physicalTableExists(p), p.toString());
        }

        assertErrno(1050, () -> engine.execute(DB, "CREATE TABLE t_hash (id int primary key)"));
        assertEquals(1, engine.execute(DB, "CREATE TABLE IF NOT EXISTS t_hash (id int primary key)").warnings());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "t_key | PARTITION BY KEY(id, a) PARTITIONS 3 | KEY | id,a | 3 | PARTITION BY KEY(`id`,`a`) PARTITIONS 3",
        "t_range | PARTITION BY RANGE(id) (PARTITION p0 VALUES LESS THAN (100), PARTITION p1 VALUES LESS THAN MAXVALUE)"
            + " | RANGE | id | 2 | PARTITION p1 VALUES LESS THAN MAXVALUE)",
        "t_range_year | PARTITION BY RANGE(YEAR(d)) (PARTITION p0 VALUES LESS THAN (2000),"
            + " PARTITION p1 VALUES LESS THAN (2100)) | RANGE | d | 2 | PARTITION BY RANGE(YEAR(d))",
        "t_list | PARTITION BY LIST(a) (PARTITION p0 VALUES IN (1,2), PARTITION p1 VALUES IN (3),"
            + " PARTITION p2 VALUES IN (4,5)) | LIST | a | 3 | PARTITION p0 VALUES IN (1,2)",
        "t_range_cols | PARTITION BY RANGE COLUMNS(a, b) (PARTITION p0 VALUES LESS THAN (10, 'm'), PARTITION p1 VALUES"
            + " LESS THAN (MAXVALUE, MAXVALUE)) | RANGE_COLUMNS | a,b | 2 | PARTITION p0 VALUES LESS THAN (10,'m')",
        "t_list_cols | PARTITION BY LIST COLUMNS(a, b) (PARTITION p0 VALUES IN ((1, 'a'), (2, 'b')),"
            + " PARTITION p1 VALUES IN ((3, 'c'))) | LIST_COLUMNS | a,b | 2 | PARTITION p0 VALUES IN ((1,'a'),(2,'b'))",
    })
    void partitionFunctions(String name, String clause, PartitionStrategy strategy, String columns, int count,
                            String showCreatePart) throws SQLException {
        engine.execute(DB, "CREATE TABLE " + name + " (id int NOT NULL, a int NOT NULL, b varchar(10) NOT NULL,"
            + " d date NOT NULL, PRIMARY KEY (id, a, b, d)) " + clause);
        TableMeta t = meta.table(DB, name).orElseThrow();
        assertEquals(strategy, t.partitionInfo().strategy());
        assertEquals(List.of(columns.split(",")), t.partitionInfo().columns());
        assertEquals(count, t.partitions().size());
        assertTrue(t.createSql().contains(showCreatePart), t.createSql());
        for (PartitionDef p : t.partitions()) {
            assertTrue(physicalTableExists(p), p.toString());
        }
    }

    @Test
    void broadcastSingleAndDefaultPlacement() throws SQLException {
        engine.execute(DB, "CREATE TABLE t_bc (id int primary key, v varchar(10)) BROADCAST");
        TableMeta bc = meta.table(DB, "t_bc").orElseThrow();
        assertEquals(TableKind.BROADCAST, bc.kind());
        assertEquals(List.of("dn0", "dn1"), bc.partitions().stream().map(PartitionDef::dnId).toList());
        assertTrue(bc.createSql().endsWith("\n/*!99999 BROADCAST */"), bc.createSql());

        engine.execute(DB, "CREATE TABLE t_single (id int primary key) SINGLE");
        TableMeta single = meta.table(DB, "t_single").orElseThrow();
        assertEquals(TableKind.SINGLE, single.kind());
        assertEquals(1, single.partitions().size());
        assertTrue(single.createSql().endsWith("\n/*!99999 SINGLE */"), single.createSql());

        engine.execute(DB, "CREATE TABLE t_default (id bigint primary key auto_increment, v int)");
        TableMeta def = meta.table(DB, "t_default").orElseThrow();
        assertEquals(PartitionStrategy.KEY, def.partitionInfo().strategy());
        assertEquals(PartitionPlanner.DEFAULT_PARTITIONS, def.partitions().size());
        assertTrue(def.column("id").orElseThrow().autoIncrement());
        assertTrue(def.createSql().endsWith("PARTITION BY KEY(`id`) PARTITIONS 8 */"), def.createSql());

        engine.execute(DB, "CREATE TABLE t_ai (id bigint primary key auto_increment) AUTO_INCREMENT=100");
        assertEquals(100, meta.reserveAutoIncrement(DB, "t_ai", 1));
        assertFalse(meta.table(DB, "t_ai").orElseThrow().createSql().contains("AUTO_INCREMENT=100"));

        // the user's column text reaches the DN unchanged (Druid would re-print it in a form MariaDB rejects)
        engine.execute(DB, "CREATE TABLE t_gen (a int primary key, b int as (a + 1) virtual) SINGLE");
        assertEquals("VIRTUAL GENERATED", meta.table(DB, "t_gen").orElseThrow().column("b").orElseThrow().extra());

        engine.execute(DB, "CREATE TABLE t_nopk (v int)");
        assertEquals(TableKind.SINGLE, meta.table(DB, "t_nopk").orElseThrow().kind());
        for (TableMeta t : List.of(bc, single, def)) {
            for (PartitionDef p : t.partitions()) {
                assertTrue(physicalTableExists(p), p.toString());
            }
        }
    }

    @Test
    void failedCreatesLeaveNothingBehind() throws SQLException {
        // the DN rejects it: its own errno (MariaDB 4161 unknown data type) passes through
        assertErrno(4161, () -> engine.execute(DB, "CREATE TABLE t_bad (id int primary key, x notatype)"
            + " PARTITION BY HASH(id) PARTITIONS 4"));
        SqlError unique = assertThrows(SqlError.class, () -> engine.execute(DB,
            "CREATE TABLE t_uk (id int primary key, a int, UNIQUE KEY uk (a)) PARTITION BY HASH(id) PARTITIONS 4"));
        assertEquals(1503, unique.errno());
        assertTrue(unique.getMessage().contains("(id): a unique key on other columns needs a global unique index"),
            unique.getMessage()); // says what is missing, not only MySQL's rule
        assertErrno(1503, () -> engine.execute(DB, "CREATE TABLE t_uk (id int primary key, a int)"
            + " PARTITION BY HASH(a) PARTITIONS 4"));
        for (String name : List.of("t_bad", "t_uk")) {
            assertTrue(meta.table(DB, name).isEmpty());
            assertEquals(0, physicalTables(name + "\\_%").size());
        }
        assertTrue(engine.showDdl().stream().anyMatch(j -> j.objectName().equals("t_uk")
            && j.state().equals(DdlJobState.ROLLED_BACK.name())));
        // a unique key without the partition column is fine on a broadcast table
        engine.execute(DB, "CREATE TABLE t_uk_bc (id int primary key, a int, UNIQUE KEY uk (a)) BROADCAST");
        assertErrno(1046, () -> engine.execute(null, "CREATE TABLE t_x (id int primary key)"));
        assertErrno(1049, () -> engine.execute("no_such_db", "CREATE TABLE t_x (id int primary key)"));
        assertErrno(1064, () -> engine.execute(DB, "CREATE TABLE ((("));
    }

    // ------------------------------------------------------------------ alter, truncate, rename, drop

    @Test
    void alterAppliesToEveryPhysicalTableAndRefreshesMetadata() throws SQLException {
        engine.execute(DB, "CREATE TABLE t_alter (id int primary key, a int, b int) PARTITION BY KEY(id) PARTITIONS 4");
        engine.execute(DB, "ALTER TABLE t_alter ADD COLUMN c varchar(30) NOT NULL DEFAULT 'q', ADD INDEX ia (a),"
            + " MODIFY COLUMN b bigint");
        TableMeta t = meta.table(DB, "t_alter").orElseThrow();
        assertEquals(2, t.version());
        assertEquals("varchar(30)", t.column("c").orElseThrow().sqlType());
        assertEquals("bigint(20)", t.column("b").orElseThrow().sqlType());
        assertTrue(t.indexes().stream().anyMatch(i -> i.name().equals("ia")));
        assertTrue(t.createSql().contains("`c` varchar(30) NOT NULL DEFAULT 'q'"), t.createSql());
        assertTrue(t.createSql().endsWith("PARTITION BY KEY(`id`) PARTITIONS 4 */"), t.createSql());
        for (PartitionDef p : t.partitions()) {
            assertEquals(List.of("id", "a", "b", "c"), physicalColumns(p));
        }

        engine.execute(DB, "CREATE UNIQUE INDEX uk_id_a ON t_alter (id, a)");
        engine.execute(DB, "DROP INDEX ia ON t_alter");
        engine.execute(DB, "ALTER TABLE t_alter DROP COLUMN c");
        t = meta.table(DB, "t_alter").orElseThrow();
        assertTrue(t.indexes().stream().anyMatch(i -> i.name().equals("uk_id_a") && i.unique()));
        assertTrue(t.indexes().stream().noneMatch(i -> i.name().equals("ia")));
        for (PartitionDef p : t.partitions()) {
            assertEquals(List.of("id", "a", "b"), physicalColumns(p));
        }

        assertErrno(1235, () -> engine.execute(DB, "ALTER TABLE t_alter MODIFY COLUMN id bigint"));
        assertErrno(1235, () -> engine.execute(DB, "ALTER TABLE t_alter DROP COLUMN id"));
        assertErrno(1503, () -> engine.execute(DB, "ALTER TABLE t_alter ADD UNIQUE KEY uk_a (a)"));
        assertErrno(1503, () -> engine.execute(DB, "CREATE UNIQUE INDEX uk_b ON t_alter (b)"));
        // an explicitly partitioned table keeps MySQL's rule for UNIQUE keys (above), but takes a global index
        engine.execute(DB, "CREATE GLOBAL INDEX g ON t_alter (a) PARTITION BY KEY(a) PARTITIONS 2");
        assertEquals(2, meta.table(DB, "t_alter").orElseThrow().globalIndex("g").orElseThrow().table().partitions()
            .size());
        engine.execute(DB, "DROP INDEX g ON t_alter");
        assertTrue(meta.table(DB, "t_alter").orElseThrow().globalIndexes().isEmpty());
        assertErrno(1146, () -> engine.execute(DB, "ALTER TABLE t_missing ADD COLUMN z int"));
        // a DN error on the first physical table changes nothing
        assertErrno(1060, () -> engine.execute(DB, "ALTER TABLE t_alter ADD COLUMN a int"));
        assertEquals(List.of("id", "a", "b"), physicalColumns(t.partitions().get(3)));
    }

    @Test
    void truncateRenameAndDrop() throws SQLException {
        engine.execute(DB, "CREATE TABLE t_life (id int primary key, v int) PARTITION BY HASH(id) PARTITIONS 2");
        TableMeta t = meta.table(DB, "t_life").orElseThrow();
        for (PartitionDef p : t.partitions()) {
            update(dnInstance(p), "INSERT INTO " + PhysicalLocation.of(p).qualifiedName() + " VALUES (" + p.position()
                + ", 1)");
        }
        engine.execute(DB, "TRUNCATE TABLE t_life");
        for (PartitionDef p : t.partitions()) {
            assertEquals("0", scalar(dnInstance(p), "SELECT COUNT(*) FROM " + PhysicalLocation.of(p).qualifiedName()));
        }

        engine.execute(DB, "RENAME TABLE t_life TO t_life2");
        assertTrue(meta.table(DB, "t_life").isEmpty());
        TableMeta renamed = meta.table(DB, "t_life2").orElseThrow();
        assertEquals(t.partitions(), renamed.partitions());
        assertTrue(renamed.createSql().startsWith("CREATE TABLE `t_life2`"), renamed.createSql());
        engine.execute(DB, "ALTER TABLE t_life2 RENAME TO t_life3");
        assertTrue(meta.table(DB, "t_life3").orElseThrow().createSql().startsWith("CREATE TABLE `t_life3`"));
        assertErrno(1146, () -> engine.execute(DB, "RENAME TABLE t_life TO t_other"));
        engine.execute(DB, "CREATE TABLE t_other (id int primary key) SINGLE");
        assertErrno(1050, () -> engine.execute(DB, "RENAME TABLE t_life3 TO t_other"));
        assertErrno(1050, () -> engine.execute(DB, "ALTER TABLE t_life3 ADD COLUMN zz int, RENAME TO t_other"));
        assertEquals(List.of("id", "v"), physicalColumns(t.partitions().get(0)));

        assertErrno(1051, () -> engine.execute(DB, "DROP TABLE t_life3, t_nope"));
        assertTrue(meta.table(DB, "t_life3").isPresent());
        assertEquals(1, engine.execute(DB, "DROP TABLE IF EXISTS t_life3, t_nope").warnings());
        assertTrue(meta.table(DB, "t_life3").isEmpty());
        for (PartitionDef p : t.partitions()) {
            assertFalse(physicalTableExists(p), p.toString());
        }
        assertErrno(1146, () -> engine.execute(DB, "TRUNCATE TABLE t_life3"));
    }

    // ------------------------------------------------------------------ crash recovery

    @Test
    void crashDuringCreateIsRolledBack() throws SQLException {
        engine.setFailPoint("after_physical_create:8");
        assertThrows(SimulatedCrash.class, () -> engine.execute(DB,
            "CREATE TABLE t_crash (id int primary key, v int) PARTITION BY HASH(id) PARTITIONS 16"));
        int left = physicalTables("t\\_crash\\_%").size();
        assertTrue(left >= 8 && left < 16, "physical tables after the crash: " + left);
        assertTrue(meta.table(DB, "t_crash").isEmpty());

        restartCnAndRecover();
        assertEquals(0, physicalTables("t\\_crash\\_%").size());
        assertTrue(meta.table(DB, "t_crash").isEmpty());
        assertEquals(DdlJobState.ROLLED_BACK.name(), lastJob("t_crash").state());
    }

    @Test
    void crashAfterCommitPointIsRolledForward() throws SQLException {
        engine.setFailPoint("after_save_table");
        assertThrows(SimulatedCrash.class, () -> engine.execute(DB,
            "CREATE TABLE t_forward (id int primary key) PARTITION BY HASH(id) PARTITIONS 16"));
        assertEquals(DdlJobState.RUNNING.name(), lastJob("t_forward").state());

        restartCnAndRecover();
        assertEquals(DdlJobState.DONE.name(), lastJob("t_forward").state());
        TableMeta t = meta.table(DB, "t_forward").orElseThrow();
        assertEquals(16, t.partitions().size());
        assertEquals(16, physicalTables("t\\_forward\\_%").size());

        engine.setFailPoint("after_physical_drop:1");
        assertThrows(SimulatedCrash.class, () -> engine.execute(DB, "DROP TABLE t_forward"));
        assertTrue(physicalTables("t\\_forward\\_%").size() > 0);
        restartCnAndRecover();
        assertEquals(0, physicalTables("t\\_forward\\_%").size());
        assertTrue(meta.table(DB, "t_forward").isEmpty());
    }

    @Test
    void crashDuringAlterIsRolledForward() throws SQLException {
        engine.execute(DB, "CREATE TABLE t_alter_crash (id int primary key, a int) PARTITION BY HASH(id) PARTITIONS 6");
        engine.setFailPoint("after_physical_alter:2");
        assertThrows(SimulatedCrash.class, () -> engine.execute(DB,
            "ALTER TABLE t_alter_crash ADD COLUMN z int, ADD INDEX iz (z)"));
        TableMeta before = meta.table(DB, "t_alter_crash").orElseThrow();
        assertTrue(before.column("z").isEmpty());
        long altered = before.partitions().stream().filter(p -> physicalColumnsUnchecked(p).contains("z")).count();
        assertTrue(altered >= 2 && altered < 6, "altered before the crash: " + altered);

        restartCnAndRecover();
        TableMeta after = meta.table(DB, "t_alter_crash").orElseThrow();
        assertTrue(after.column("z").isPresent());
        assertTrue(after.indexes().stream().anyMatch(i -> i.name().equals("iz")));
        for (PartitionDef p : after.partitions()) {
            assertEquals(List.of("id", "a", "z"), physicalColumns(p));
        }
        assertEquals(DdlJobState.DONE.name(), lastJob("t_alter_crash").state());
    }

    @Test
    void crashesLeaveNoForeignKeyUnenforced() throws SQLException {
        engine.execute(DB, "CREATE TABLE fk_parent (id int primary key) BROADCAST", false);
        engine.execute(DB, "CREATE TABLE fk_child (id int primary key, pid int, CONSTRAINT fk_waits FOREIGN KEY (pid)"
            + " REFERENCES fk_late (id)) PARTITION BY HASH(id) PARTITIONS 4", false);
        assertEquals(4, physicalForeignKeys("fk\\_waits%", "fk\\_late\\_0000\\_99999"), "points at no table yet");
        engine.setFailPoint("after_save_table");
        assertThrows(SimulatedCrash.class, () -> engine.execute(DB, "CREATE TABLE fk_late (id int primary key)"
            + " BROADCAST"));
        restartCnAndRecover();
        assertEquals(4, physicalForeignKeys("fk\\_waits%", "fk\\_late\\_%"), "connected at recovery");
        assertEquals(0, physicalForeignKeys("fk\\_waits%", "%99999"));

        engine.setFailPoint("after_physical_alter:2");
        assertThrows(SimulatedCrash.class, () -> engine.execute(DB,
            "ALTER TABLE fk_child ADD CONSTRAINT fk_added FOREIGN KEY (id) REFERENCES fk_parent (id)"));
        restartCnAndRecover();
        assertEquals(4, physicalForeignKeys("fk\\_added%", "fk\\_parent\\_%"), "rolled forward, physical names");
        assertEquals(List.of("fk_added", "fk_waits"), meta.table(DB, "fk_child").orElseThrow().foreignKeys().stream()
            .map(com.polardbx.gms.meta.ForeignKeyDef::name).sorted().toList());
        assertTrue(meta.table(DB, "fk_child").orElseThrow().createSql().contains("CONSTRAINT `fk_added` FOREIGN KEY"
            + " (`id`) REFERENCES `fk_parent` (`id`)"));
    }

    /** Physical foreign keys of {@link #DB}'s physical databases on both DNs whose names match the LIKE patterns. */
    private static int physicalForeignKeys(String like, String referencedLike) throws SQLException {
        int n = 0;
        for (int i = 1; i <= 2; i++) {
            n += Integer.parseInt(scalar(i, "SELECT COUNT(*) FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE"
                + " CONSTRAINT_SCHEMA LIKE '" + DB + "\\_p%' AND CONSTRAINT_NAME LIKE '" + like + "'"
                + " AND REFERENCED_TABLE_NAME LIKE '" + referencedLike + "'"));
        }
        return n;
    }

    @Test
    void crashDuringCreateDatabaseIsRolledBack() throws SQLException {
        engine.setFailPoint("after_create_physical_db:1");
        assertThrows(SimulatedCrash.class, () -> engine.execute(null, "CREATE DATABASE db_crash"));
        restartCnAndRecover();
        assertTrue(meta.database("db_crash").isEmpty());
        for (int i = 1; i <= 2; i++) {
            assertEquals("0", scalar(i, "SELECT COUNT(*) FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME LIKE 'db\\_crash\\_p%'"));
        }

        engine.execute(null, "CREATE DATABASE db_crash2");
        engine.execute("db_crash2", "CREATE TABLE t (id int primary key) PARTITION BY HASH(id) PARTITIONS 4");
        engine.setFailPoint("after_drop_database_meta");
        assertThrows(SimulatedCrash.class, () -> engine.execute(null, "DROP DATABASE db_crash2"));
        assertEquals("1", scalar(1,
            "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'db_crash2_p0'"));
        restartCnAndRecover();
        assertTrue(meta.database("db_crash2").isEmpty());
        for (int i = 1; i <= 2; i++) {
            assertEquals("0", scalar(i, "SELECT COUNT(*) FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME LIKE 'db\\_crash2\\_p%'"));
        }
    }

    /** Simulates a CN restart: fresh metadata cache and engine, then recovery. */
    private static void restartCnAndRecover() {
        engine.close();
        meta = new MetaStore(metaDb);
        engine = new DdlEngine(meta, pools);
        engine.recover();
        assertTrue(meta.unfinishedDdlJobs().isEmpty(), () -> meta.unfinishedDdlJobs().toString());
    }

    // ------------------------------------------------------------------ helpers

    private static DdlJobRecord lastJob(String object) {
        return engine.showDdl().stream().filter(j -> j.objectName().equals(object)).findFirst().orElseThrow();
    }

    private static void assertErrno(int errno, Executable action) {
        SqlError e = assertThrows(SqlError.class, action);
        assertEquals(errno, e.errno(), e.getMessage());
    }

    private static int dnInstance(PartitionDef p) {
        return "dn0".equals(p.dnId()) ? 1 : 2;
    }

    private static boolean physicalTableExists(PartitionDef p) throws SQLException {
        return !"0".equals(scalar(dnInstance(p), "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '"
            + p.physicalDb() + "' AND TABLE_NAME = '" + p.physicalTable() + "'"));
    }

    /** Physical tables of {@link #DB} on both DNs whose name matches the LIKE pattern. */
    private static List<String> physicalTables(String like) throws SQLException {
        List<String> names = new ArrayList<>();
        for (int i = 1; i <= 2; i++) {
            try (Connection c = nodes.connect(i); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA"
                     + " LIKE 'ddl\\_it\\_p%' AND TABLE_NAME LIKE '" + like + "'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static List<String> physicalColumns(PartitionDef p) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = nodes.connect(dnInstance(p)); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW COLUMNS FROM " + PhysicalLocation.of(p).qualifiedName())) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static List<String> physicalColumnsUnchecked(PartitionDef p) {
        try {
            return physicalColumns(p);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String scalar(int instance, String sql) throws SQLException {
        try (Connection c = nodes.connect(instance); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void update(int instance, String sql) throws SQLException {
        try (Connection c = nodes.connect(instance); Statement st = c.createStatement()) {
            st.executeUpdate(sql);
        }
    }
}
