package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.testing.TestingDataNodes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a restricted user can reach through the CN: never a data node's privileges, files, physical objects or
 * description. {@code ro} holds only {@code SELECT ON sec_a.*}, {@code filer} that plus FILE; where it makes sense the
 * same statement runs on a plain MariaDB as a user with the same grants ({@code ro_ref}) and both must agree.
 */
class SecurityIT {
    private static TestingCluster cluster;
    private static TestingDataNodes nodes;
    /** Physical database and table of sec_b.secret on the first DN, looked up as the test account. */
    private static String physicalDb;
    private static String physicalTable;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        nodes = cluster.dataNodes();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS sec_a");
            st.execute("DROP DATABASE IF EXISTS sec_b");
            st.execute("CREATE DATABASE sec_a MODE='auto'");
            st.execute("CREATE DATABASE sec_b MODE='auto'");
            st.execute("CREATE TABLE sec_a.t (id INT PRIMARY KEY, s VARCHAR(40)) PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("CREATE TABLE sec_b.secret (id INT PRIMARY KEY, s VARCHAR(40))"
                + " PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("INSERT INTO sec_a.t VALUES (1, 'a1'), (2, 'a2'), (3, 'a3')");
            st.execute("INSERT INTO sec_b.secret VALUES (1, 'b1'), (2, 'b2'), (3, 'b3'), (4, 'b4')");
            for (String user : List.of("ro", "filer")) {
                st.execute("DROP USER IF EXISTS '" + user + "'@'%'");
                st.execute("CREATE USER '" + user + "'@'%' IDENTIFIED BY 'pw'");
                st.execute("GRANT SELECT ON sec_a.* TO '" + user + "'@'%'");
            }
            st.execute("GRANT FILE ON *.* TO 'filer'@'%'");
        }
        try (Connection direct = cluster.connectDirect(null); Statement st = direct.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS sec_ref");
            st.execute("CREATE DATABASE sec_ref");
            st.execute("CREATE TABLE sec_ref.t (id INT PRIMARY KEY, s VARCHAR(40))");
            st.execute("DROP USER IF EXISTS 'ro_ref'@'%'");
            st.execute("CREATE USER 'ro_ref'@'%' IDENTIFIED BY 'pw'");
            st.execute("GRANT SELECT ON sec_ref.* TO 'ro_ref'@'%'");
            try (ResultSet rs = st.executeQuery("SELECT TABLE_SCHEMA, TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA LIKE 'sec\\_b\\_p%' AND TABLE_NAME LIKE 'secret\\_%' LIMIT 1")) {
                assertTrue(rs.next(), "sec_b.secret has a physical table on the first DN");
                physicalDb = rs.getString(1);
                physicalTable = rs.getString(2);
            }
        }
    }

    private static Connection login(String user) throws SQLException {
        return DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port()
            + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true", user, "pw");
    }

    private static Connection loginDirect(String user) throws SQLException {
        return DriverManager.getConnection(nodes.jdbcUrl(1, null), user, "pw");
    }

    private static int errno(Connection c, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }, sql);
        return e.getErrorCode();
    }

    private static String message(Connection c, String sql) {
        return assertThrows(SQLException.class, () -> {
            try (Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }, sql).getMessage();
    }

    private static List<Object> row(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            List<Object> out = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                out.add(rs.getObject(i));
            }
            return out;
        }
    }

    private static List<String> column(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    // 1. the accounts the CN uses on the DNs and the GMS

    @Test
    void theCnsDataNodeAccountHasNoGlobalPrivilege() throws SQLException {
        try (Connection admin = cluster.connectDirect(null)) {
            for (String account : List.of(nodes.cnUser(), nodes.gmsUser())) {
                List<String> grants = column(admin, "SHOW GRANTS FOR '" + account + "'@'%'");
                // REPLICATION SLAVE, BINLOG MONITOR: the CDC reads the binlogs as a replica (docs/cdc.md); nothing
                // else global (PROCESS is the deadlock detector's own account's, below)
                assertTrue(grants.get(0).startsWith("GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.*"),
                    grants.toString());
                for (String grant : grants) {
                    for (String power : List.of("FILE", "SUPER", "WITH GRANT OPTION", "ALL PRIVILEGES ON *.*")) {
                        assertFalse(grant.contains(power), account + ": " + grant);
                    }
                    assertTrue(!grant.contains("`mysql`")
                        || grant.startsWith("GRANT SELECT ON `mysql`.`innodb_table_stats`"), grant);
                }
            }
            String dir = (String) row(admin, "SELECT @@secure_file_priv").get(0);
            assertEquals(nodes.secureFileDir(1).toAbsolutePath() + "/", dir);
        }
        try (Connection cnAccount = DriverManager.getConnection(nodes.jdbcUrl(1, null), nodes.cnUser(),
            nodes.cnPassword())) {
            assertNull(row(cnAccount, "SELECT LOAD_FILE('/etc/passwd')").get(0));
            assertEquals(1142, errno(cnAccount, "SELECT * FROM mysql.user"));
            assertEquals(1227, errno(cnAccount, "SELECT 1 INTO OUTFILE 'x'"));
            column(cnAccount, "XA RECOVER"); // what XA recovery needs works without any global privilege
            // no PROCESS: other accounts' sessions and the InnoDB lock tables are hidden from the account clients use
            assertEquals(1227, errno(cnAccount, "SELECT * FROM information_schema.INNODB_LOCK_WAITS"));
            assertEquals(List.of(), column(cnAccount, "SELECT ID FROM information_schema.PROCESSLIST WHERE USER <> '"
                + nodes.cnUser() + "'"));
        }
    }

    @Test
    void theDeadlockDetectorsAccountMaySeeSessionsAndNothingElse() throws SQLException {
        try (Connection admin = cluster.connectDirect(null)) {
            List<String> grants = column(admin, "SHOW GRANTS FOR '" + nodes.monitorUser() + "'@'%'");
            assertEquals(1, grants.size(), grants.toString());
            assertTrue(grants.get(0).startsWith("GRANT PROCESS ON *.* TO `" + nodes.monitorUser() + "`"),
                grants.get(0));
        }
        try (Connection monitor = DriverManager.getConnection(nodes.jdbcUrl(1, null), nodes.monitorUser(),
            nodes.monitorPassword())) {
            // what the deadlock detector reads
            column(monitor, "SELECT * FROM information_schema.INNODB_LOCK_WAITS");
            column(monitor, "SELECT trx_id FROM information_schema.INNODB_TRX");
            assertFalse(column(monitor, "SELECT ID FROM information_schema.PROCESSLIST WHERE USER = '"
                + nodes.cnUser() + "'").isEmpty(), "the CN's sessions are visible to the monitor account");
            // and nothing it could use against them or their data
            List<String> physical = column(monitor, "SELECT TABLE_SCHEMA FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA LIKE '%\\_p%'");
            assertEquals(List.of(), physical, "the monitor account sees no physical table");
            long cnThread = Long.parseLong(column(monitor, "SELECT ID FROM information_schema.PROCESSLIST"
                + " WHERE USER = '" + nodes.cnUser() + "' LIMIT 1").get(0));
            assertEquals(1095, errno(monitor, "KILL QUERY " + cnThread));
            assertEquals(1142, errno(monitor, "SELECT * FROM mysql.innodb_table_stats"));
            assertEquals(1227, errno(monitor, "SELECT 1 INTO OUTFILE 'y'"));
            assertEquals(1044, errno(monitor, "CREATE DATABASE monitor_x_p0"));
        }
    }

    // 2. executable comments

    @Test
    void executableCommentsAreCheckedLikeTheRestOfTheStatement() throws SQLException {
        try (Connection ro = login("ro"); Connection ref = loginDirect("ro_ref")) {
            assertEquals(row(ref, "SELECT 1 /*!50000 , 2 */"), row(ro, "SELECT 1 /*!50000 , 2 */"));
            assertEquals(row(ref, "SELECT 1 /*! , 2 */"), row(ro, "SELECT 1 /*! , 2 */"));
            assertEquals("[1]", row(ro, "SELECT 1 /*!99999 , (SELECT s FROM sec_b.secret LIMIT 1) */").toString());
            assertEquals(1142, errno(ro, "SELECT 1 /*!50000 , (SELECT GROUP_CONCAT(s) FROM sec_b.secret) */"));
            assertEquals(1049, errno(ro, "SELECT 1 /*!50000 , (SELECT GROUP_CONCAT(id) FROM " + physicalDb + "."
                + physicalTable + ") */"));
            assertEquals(1049, errno(ro, "SELECT 1 /*!50000 , (SELECT authentication_string FROM mysql.user) */"));
            assertEquals(1049, errno(ro, "SELECT id FROM sec_a.t WHERE id = 1 /*!50000 AND 0 UNION SELECT"
                + " authentication_string FROM mysql.user */"));
            assertEquals(List.of("a1"), column(ro, "SELECT s FROM sec_a.t WHERE id = 1 /*!99999 OR 1 */"));
        }
        try (Connection root = cluster.connect(null, null); Statement st = root.createStatement()) {
            // mysqldump's header: runs, or fails, exactly as the plain SET does
            String plain = outcome(st, "SET @@SQL_MODE = ''");
            assertEquals(plain, outcome(st, "/*!40100 SET @@SQL_MODE = '' */"));
        }
    }

    private static String outcome(Statement st, String sql) {
        try {
            st.execute(sql);
            return "ok";
        } catch (SQLException e) {
            return "error " + e.getErrorCode();
        }
    }

    // 3. files of the DN

    @Test
    void fileFunctionsGetMariaDbsAnswersAndNeverReadTheDataNodesFiles() throws SQLException {
        try (Connection ro = login("ro"); Connection ref = loginDirect("ro_ref")) {
            assertNull(row(ref, "SELECT LOAD_FILE('/etc/passwd')").get(0));
            assertNull(row(ro, "SELECT LOAD_FILE('/etc/passwd')").get(0));
            assertNull(row(ro, "SELECT LOAD_FILE('/etc/passwd'), id FROM sec_a.t WHERE id = 1").get(0));
            assertNull(row(ro, "SELECT LOAD_FILE('/etc/passwd'), id FROM sec_a.t").get(0));
            for (String sql : List.of("SELECT id FROM %s.t INTO OUTFILE '/tmp/sec_out.txt'",
                "SELECT id FROM %s.t LIMIT 1 INTO DUMPFILE '/tmp/sec_dump.txt'",
                "LOAD DATA INFILE '/etc/passwd' INTO TABLE %s.t")) {
                int expected = errno(ref, String.format(Locale.ROOT, sql, "sec_ref"));
                assertEquals(expected, errno(ro, String.format(Locale.ROOT, sql, "sec_a")), sql);
            }
        }
        try (Connection filer = login("filer")) {
            assertNull(row(filer, "SELECT LOAD_FILE('/etc/passwd')").get(0));
            assertNull(row(filer, "SELECT LOAD_FILE('" + nodes.dataDir(1).resolve("ib_logfile0") + "')").get(0));
            assertEquals(1290, errno(filer, "SELECT id FROM sec_a.t INTO OUTFILE '/tmp/sec_out.txt'"));
            assertEquals(1290, errno(filer, "LOAD DATA INFILE '/etc/passwd' INTO TABLE sec_a.t"));
        }
        try (Connection root = cluster.connect(null, null); Statement st = root.createStatement()) {
            st.execute("INSERT INTO sec_a.t VALUES (100, LOAD_FILE('/etc/passwd'))");
            assertNull(row(root, "SELECT s FROM sec_a.t WHERE id = 100").get(0));
            st.execute("DELETE FROM sec_a.t WHERE id = 100");
        }
    }

    // 4. physical names and the DNs' own schemas

    @Test
    void physicalNamesAndDataNodeSchemasBehaveAsAbsent() throws SQLException {
        try (Connection ro = login("ro"); Connection root = cluster.connect(null, null)) {
            for (Connection c : List.of(ro, root)) {
                String phys = physicalDb + "." + physicalTable;
                for (String sql : List.of("SELECT * FROM " + phys, "SELECT * FROM mysql.user",
                    "SELECT * FROM sys.version",
                    "SELECT (SELECT COUNT(*) FROM mysql.user)",
                    "SELECT 1 FROM DUAL WHERE EXISTS (SELECT 1 FROM mysql.db)",
                    "SELECT id FROM sec_a.t WHERE id IN (SELECT id FROM " + phys + ")",
                    "SHOW TABLES FROM " + physicalDb, "SHOW TABLES FROM mysql", "USE " + physicalDb, "USE mysql",
                    "DESC mysql.user", "SHOW CREATE TABLE mysql.user", "SHOW COLUMNS FROM " + phys,
                    "UPDATE mysql.user SET authentication_string = '' WHERE 0", "DELETE FROM " + phys + " WHERE 0",
                    "INSERT INTO " + phys + " VALUES (99, 'x')")) {
                    assertEquals(1049, errno(c, sql), sql);
                }
                for (String sql : List.of("SELECT * FROM sec_a." + physicalTable,
                    "SELECT * FROM sec_b." + physicalTable, "SHOW CREATE TABLE sec_a." + physicalTable)) {
                    int e = errno(c, sql);
                    assertTrue(e == 1146 || c == ro && e == 1142, sql + ": " + e);
                }
                // the CN's performance_schema has only its digest table: the DNs' other tables do not exist
                assertEquals(1146, errno(c, "SELECT * FROM performance_schema.threads"));
                assertEquals(1146, errno(c, "SELECT * FROM performance_schema.events_statements_history"));
                assertEquals(1049, errno(c, "SET @x = (SELECT COUNT(*) FROM " + phys + ")"));
                assertEquals(1049, errno(c, "SET @x = (SELECT COUNT(*) FROM mysql.user)"));
                int showWhere = errno(c, "SHOW COLLATION WHERE Charset = (SELECT s FROM " + phys + " LIMIT 1)");
                assertTrue(showWhere == 1049 || showWhere == 1235, "SHOW ... WHERE (subquery): " + showWhere);
                assertEquals(1305, errno(c, "SELECT sys.format_bytes(1024)"));
                assertEquals(1305, errno(c, "SELECT mysql.nothing(1)"));
            }
        }
    }

    @Test
    void subqueriesOfSetAndExplainAreCheckedLikeQueries() throws SQLException {
        try (Connection ro = login("ro"); Statement st = ro.createStatement()) {
            assertEquals(1142, errno(ro, "SET @x = (SELECT COUNT(*) FROM sec_b.secret)"));
            st.execute("SET @x = (SELECT COUNT(*) FROM sec_a.t WHERE id <= 3)");
            assertEquals("3", column(ro, "SELECT @x").get(0));
            assertEquals(1142, errno(ro, "EXPLAIN SELECT * FROM sec_b.secret"));
            String plan = String.join("\n", column(ro, "EXPLAIN SELECT * FROM sec_a.t"));
            assertFalse(plan.contains("sec_a_p") || plan.matches("(?s).*t_[0-9a-f]{4}_0000.*"), plan);
        }
    }

    @Test
    void ddlIsCheckedOnEveryTableItNamesAndStaysInsideTheDataNodesFiles() throws SQLException {
        try (Connection root = cluster.connect(null, null); Statement st = root.createStatement()) {
            st.execute("DROP USER IF EXISTS 'rw'@'%'");
            st.execute("CREATE USER 'rw'@'%' IDENTIFIED BY 'pw'");
            st.execute("GRANT ALL ON sec_a.* TO 'rw'@'%'");
            st.execute("DROP TABLE IF EXISTS sec_a.mine");
            st.execute("CREATE TABLE sec_a.mine (id INT PRIMARY KEY)");
        }
        try (Connection rw = login("rw")) {
            int drop = errno(rw, "DROP TABLE sec_a.mine, sec_b.secret");
            assertTrue(drop == 1044 || drop == 1142, "DROP TABLE naming another database: " + drop);
            assertEquals(1142, errno(rw, "CREATE TABLE sec_a.copy LIKE sec_b.secret"));
            assertEquals(1049, errno(rw, "CREATE TABLE sec_a.copy LIKE " + physicalDb + "." + physicalTable));
            for (String option : List.of("DATA DIRECTORY = '/tmp'", "INDEX DIRECTORY = '/tmp'",
                "CONNECTION = 'mysql://root@127.0.0.1/mysql/user'")) {
                errno(rw, "CREATE TABLE sec_a.outside (id INT PRIMARY KEY) " + option);
            }
            assertEquals(1235, errno(rw, "CREATE TABLE sec_a.outside (id INT PRIMARY KEY) DATA DIRECTORY = '/tmp'"));
            for (String describing : List.of("CURRENT_USER()", "@@hostname", "@@datadir", "DATABASE()")) {
                // a DN would evaluate these about itself for every row
                assertEquals(1235, errno(rw, "CREATE TABLE sec_a.leak (id INT PRIMARY KEY, v VARCHAR(200) DEFAULT ("
                    + describing + "))"), describing);
            }
            assertEquals(1235, errno(rw, "ALTER TABLE sec_a.mine ADD COLUMN v VARCHAR(80) AS (USER()) VIRTUAL"));
            String phys = physicalDb + "." + physicalTable;
            assertEquals(1049, errno(rw, "INSERT INTO sec_a.t VALUES (60, (SELECT MAX(s) FROM " + phys + "))"));
            assertEquals(1049, errno(rw, "INSERT INTO sec_a.t VALUES (1, 'x') ON DUPLICATE KEY UPDATE"
                + " s = (SELECT MAX(s) FROM " + phys + ")"));
            assertEquals(1142, errno(rw, "INSERT INTO sec_a.t VALUES (1, 'x') ON DUPLICATE KEY UPDATE"
                + " s = (SELECT MAX(s) FROM sec_b.secret)"));
            assertEquals(1142, errno(rw, "UPDATE sec_a.t a, sec_b.secret b SET b.s = 'x' WHERE a.id = b.id"));
        }
        try (Connection root = cluster.connect(null, null)) {
            assertEquals(List.of("secret"), column(root, "SHOW TABLES FROM sec_b"));
            assertEquals(List.of("mine", "t"), column(root, "SHOW TABLES FROM sec_a"));
        }
    }

    // 5. what describes a DN

    @Test
    void theCnDescribesItselfNeverADataNode() throws SQLException {
        String[] items = {"@@hostname", "@@port", "@@datadir", "@@basedir", "@@socket", "@@server_id",
            "@@global.port", "@@global.datadir", "CURRENT_USER()", "USER()"};
        String list = String.join(", ", items);
        try (Connection ro = login("ro")) {
            List<Object> tableless = row(ro, "SELECT " + list);
            for (String where : List.of(" WHERE id = 1", " WHERE id IN (1, 2)", "")) {
                List<Object> pushed = row(ro, "SELECT " + list + ", id FROM sec_a.t" + where);
                assertEquals(tableless.toString(), pushed.subList(0, items.length).toString(), where);
            }
            assertEquals((long) cluster.port(), ((Number) tableless.get(1)).longValue());
            assertEquals("ro@%", tableless.get(8));
            assertTrue(((String) tableless.get(9)).startsWith("ro@"), String.valueOf(tableless.get(9)));
            for (int i = 0; i < items.length; i++) {
                String v = String.valueOf(tableless.get(i));
                for (int dn = 0; dn < nodes.size(); dn++) {
                    assertFalse(v.contains(nodes.dataDir(dn).getParent().toString()), items[i] + " = " + v);
                    assertNotEquals(String.valueOf(nodes.port(dn)), v, items[i]);
                }
                assertFalse(v.contains(nodes.cnUser()), items[i] + " = " + v);
            }
            try (Statement st = ro.createStatement();
                 ResultSet rs = st.executeQuery("SELECT @@port, id FROM sec_a.t WHERE id = 1")) {
                assertEquals("@@port", rs.getMetaData().getColumnLabel(1));
            }
        }
    }

    @Test
    void dataNodeErrorsCarryNoPathsPortsAccountsOrPhysicalNames() throws SQLException {
        try (Connection ro = login("ro")) {
            for (String sql : List.of("SELECT nope FROM sec_a.t WHERE id = 1", "SELECT t.nope FROM sec_a.t",
                "SELECT EXTRACTVALUE('<a>', '/a/b[') FROM sec_a.t WHERE id = 1",
                "SELECT id FROM sec_a.t WHERE id = 1 AND s = (SELECT s FROM sec_a.t)")) {
                String text = message(ro, sql);
                assertFalse(text.contains(physicalTable.substring(0, physicalTable.length() - 5)), text);
                assertFalse(text.contains("_p0") || text.contains("_p1"), text);
                assertFalse(text.contains(nodes.cnUser()), text);
                assertFalse(text.contains(nodes.dataDir(1).getParent().getParent().toString()), text);
            }
        }
        try (Connection root = cluster.connect(null, null)) {
            // MariaDB names the physical table it failed to create; the client hears of the logical one
            String text = message(root, "CREATE TABLE sec_a.child (id INT PRIMARY KEY, p INT,"
                + " FOREIGN KEY (p) REFERENCES sec_a.nope (id))");
            assertFalse(text.contains("sec_a_p") || text.matches("(?s).*child_[0-9a-f]{4}_.*"), text);
            assertEquals(1235, errno(root, "SELECT BINLOG_GTID_POS('mysql-bin.000001', 4)"));
        }
    }

    // 6. information_schema and SHOW

    @Test
    void informationSchemaShowsOnlyWhatTheUserMaySee() throws SQLException {
        try (Connection ro = login("ro"); Connection ref = loginDirect("ro_ref")) {
            assertEquals(List.of("information_schema", "sec_a"), column(ro, "SHOW DATABASES"));
            assertEquals(column(ref, "SHOW DATABASES").size(), column(ro, "SHOW DATABASES").size());
            assertEquals(List.of("information_schema", "sec_a"),
                column(ro, "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1"));
            assertEquals(List.of("t"), column(ro, "SELECT TABLE_NAME FROM information_schema.TABLES"
                + " WHERE TABLE_SCHEMA <> 'information_schema' ORDER BY 1"));
            assertEquals(List.of(), column(ro, "SELECT TABLE_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = 'sec_b'"));
            assertEquals(1044, errno(ro, "SHOW TABLES FROM sec_b"));
            assertEquals(List.of("t"), column(ro, "SHOW TABLES FROM sec_a"));
            try (Statement st = ro.createStatement(); ResultSet rs = st.executeQuery("SHOW DDL")) {
                while (rs.next()) {
                    assertEquals("sec_a", rs.getString("SCHEMA"), "another database's DDL job");
                }
            }
            for (String sql : List.of("SELECT PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.USER_PRIVILEGES",
                "SELECT PRIVILEGE_TYPE, IS_GRANTABLE FROM information_schema.SCHEMA_PRIVILEGES",
                "SELECT PRIVILEGE_TYPE FROM information_schema.TABLE_PRIVILEGES")) {
                assertEquals(rows(ref, sql), rows(ro, sql), sql);
            }
            assertEquals(List.of("'ro'@'%'"), column(ro, "SELECT GRANTEE FROM information_schema.USER_PRIVILEGES"));
            assertEquals(List.of("sec_a"), column(ro, "SELECT TABLE_SCHEMA FROM information_schema.SCHEMA_PRIVILEGES"));
            assertEquals(List.of(), column(ro, "SHOW COLLATION WHERE @@port = " + nodes.port(1)));
            assertFalse(column(ro, "SHOW COLLATION WHERE @@port = " + cluster.port()).isEmpty());
            assertEquals(String.valueOf(cluster.port()), column(ro, "SELECT VARIABLE_VALUE FROM"
                + " information_schema.GLOBAL_VARIABLES WHERE VARIABLE_NAME = 'port'").get(0));
            for (String table : List.of("GLOBAL_VARIABLES", "SESSION_VARIABLES", "USER_PRIVILEGES",
                "SCHEMA_PRIVILEGES", "TABLE_PRIVILEGES", "PARTITIONS", "FILES", "GLOBAL_STATUS", "PLUGINS",
                "INNODB_SYS_TABLES", "TABLESPACES")) {
                String all;
                try {
                    all = String.join("\n", rows(ro, "SELECT * FROM information_schema." + table));
                } catch (SQLException e) {
                    continue; // refused is fine; answering with DN details is not
                }
                for (int dn = 0; dn < nodes.size(); dn++) {
                    assertFalse(all.contains(nodes.dataDir(dn).getParent().toString()), table);
                    assertFalse(all.contains("'" + nodes.port(dn) + "'") || all.contains("|" + nodes.port(dn) + "|"),
                        table);
                }
                assertFalse(all.contains(nodes.cnUser()) || all.contains(nodes.gmsUser()), table + ": " + all);
                assertFalse(all.contains(physicalDb) || all.contains("secret_"), table);
                assertFalse(all.contains("sec_b"), table);
            }
        }
    }

    private static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder("|");
                for (int i = 1; i <= n; i++) {
                    b.append(rs.getString(i)).append('|');
                }
                out.add(b.toString());
            }
        }
        return out;
    }
}
