package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * MariaDB 10.5+'s administrative privileges (BINLOG ADMIN, BINLOG MONITOR, SLAVE MONITOR, ...) through the CN,
 * compared with a plain MariaDB DN: the same GRANT and REVOKE statements are accepted or refused alike,
 * {@code SHOW GRANTS} prints the same lines, and the binlog statements and {@code COM_BINLOG_DUMP} give each account
 * the same answer (success, or the same errno, SQLSTATE and message).
 */
class BinlogPrivilegesIT {
    private static final String PASSWORD = "pw";
    /** account -> its global privileges, as written in GRANT. */
    private static final Map<String, String> ACCOUNTS = new LinkedHashMap<>();
    private static final List<String> STATEMENTS = List.of("SHOW MASTER STATUS", "SHOW BINLOG STATUS",
        "SHOW BINARY LOGS", "SHOW MASTER LOGS", "SHOW BINLOG EVENTS LIMIT 1",
        "PURGE BINARY LOGS BEFORE '2000-01-01 00:00:00'");
    private static TestingCluster cluster;

    static {
        ACCOUNTS.put("bp_none", "SELECT");
        ACCOUNTS.put("bp_super", "SUPER");
        ACCOUNTS.put("bp_client", "REPLICATION CLIENT");
        ACCOUNTS.put("bp_monitor", "BINLOG MONITOR");
        ACCOUNTS.put("bp_admin", "BINLOG ADMIN");
        ACCOUNTS.put("bp_slave", "REPLICATION SLAVE");
        ACCOUNTS.put("bp_many", "slave monitor, BINLOG REPLAY, REPLICATION MASTER ADMIN, REPLICATION SLAVE ADMIN,"
            + " CONNECTION ADMIN, READ_ONLY ADMIN, SET USER, FEDERATED ADMIN, CREATE TABLESPACE, DELETE HISTORY,"
            + " REPLICA MONITOR, BINLOG  ADMIN, PROCESS");
    }

    @BeforeAll
    static void setUp() throws Exception {
        cluster = TestingCluster.shared();
        cluster.enableCdc();
        for (String account : ACCOUNTS.keySet()) {
            onBoth("DROP USER IF EXISTS '" + account + "'@'%'");
            onBoth("CREATE USER '" + account + "'@'%' IDENTIFIED BY '" + PASSWORD + "'");
            onBoth("GRANT " + ACCOUNTS.get(account) + " ON *.* TO '" + account + "'@'%'");
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        for (String account : ACCOUNTS.keySet()) {
            onBoth("DROP USER IF EXISTS '" + account + "'@'%'");
        }
        cluster.disableCdc();
    }

    /** Runs {@code sql} as root on the CN and on the DN; returns both outcomes (CN first). */
    private static List<String> onBoth(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        for (Connection c : List.of(cluster.connect(null, null), cluster.connectDirect(null))) {
            try (c; Statement st = c.createStatement()) {
                out.add(outcome(st, sql));
            }
        }
        return out;
    }

    private static String outcome(Statement st, String sql) {
        try {
            st.execute(sql);
            return "ok";
        } catch (SQLException e) {
            return e.getErrorCode() + " " + e.getSQLState() + " " + e.getMessage();
        }
    }

    /** SHOW GRANTS FOR the account, without MariaDB's {@code IDENTIFIED BY PASSWORD} (the CN prints no hash). */
    private static List<String> grants(Connection c, String account) throws SQLException {
        List<String> out = new ArrayList<>();
        try (c; Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW GRANTS FOR '" + account + "'@'%'")) {
            while (rs.next()) {
                out.add(rs.getString(1).replaceAll(" IDENTIFIED BY PASSWORD '[^']*'", ""));
            }
        }
        return out;
    }

    @Test
    void showGrantsPrintsWhatMariaDbPrints() throws Exception {
        for (String account : ACCOUNTS.keySet()) {
            assertEquals(grants(cluster.connectDirect(null), account), grants(cluster.connect(null, null), account),
                account);
        }
        assertTrue(grants(cluster.connect(null, null), "bp_client").get(0).startsWith("GRANT BINLOG MONITOR ON"),
            "REPLICATION CLIENT is BINLOG MONITOR in MariaDB");
        List<String> steps = List.of("GRANT SELECT, INSERT ON bp_db.* TO 'bp_many'@'%'",
            "REVOKE BINLOG ADMIN, SLAVE MONITOR ON *.* FROM 'bp_many'@'%'",
            "GRANT USAGE ON *.* TO 'bp_many'@'%'",
            "REVOKE ALL PRIVILEGES ON bp_db.* FROM 'bp_many'@'%'");
        for (String step : steps) {
            List<String> both = onBoth(step);
            assertEquals(both.get(1), both.get(0), step);
            assertEquals(grants(cluster.connectDirect(null), "bp_many"), grants(cluster.connect(null, null),
                "bp_many"), step);
        }
    }

    @Test
    void misplacedOrUnknownPrivilegesAreRefusedAsByMariaDb() throws Exception {
        for (String sql : List.of("GRANT BINLOG ADMIN ON bp_db.* TO 'bp_none'@'%'",
            "GRANT SELECT, SLAVE MONITOR ON bp_db.* TO 'bp_none'@'%'",
            "REVOKE BINLOG MONITOR ON bp_db.* FROM 'bp_none'@'%'")) {
            List<String> both = onBoth(sql);
            assertEquals(both.get(1), both.get(0), sql);
            assertTrue(both.get(0).startsWith("1221 HY000"), both.toString());
        }
        List<String> unknown = onBoth("GRANT SELECT, BINLOG FOO ON *.* TO 'bp_none'@'%'");
        assertEquals(unknown.get(1).substring(0, 10), unknown.get(0).substring(0, 10), unknown.toString());
        assertTrue(unknown.get(0).startsWith("1064 42000"), unknown.toString());
    }

    @Test
    void binlogStatementsAnswerEachAccountAsMariaDb() throws Exception {
        String cnUrl = "jdbc:mysql://127.0.0.1:" + cluster.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        String dnUrl = "jdbc:mysql://127.0.0.1:" + cluster.dataNodes().port(1)
            + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        int refusals = 0;
        for (String account : ACCOUNTS.keySet()) {
            try (Connection cn = DriverManager.getConnection(cnUrl, account, PASSWORD);
                 Connection dn = DriverManager.getConnection(dnUrl, account, PASSWORD);
                 Statement cs = cn.createStatement(); Statement ds = dn.createStatement()) {
                for (String sql : STATEMENTS) {
                    String expected = outcome(ds, sql);
                    assertEquals(expected, outcome(cs, sql), account + ": " + sql);
                    refusals += expected.startsWith("1227") ? 1 : 0;
                }
            }
        }
        assertTrue(refusals >= 10, "the accounts cover refusals too: " + refusals);
    }

    @Test
    void binlogDumpNeedsReplicationSlaveAsOnMariaDb() throws Exception {
        String cnFile = masterFile(cluster.connect(null, null));
        String dnFile = masterFile(cluster.connectDirect(null));
        int serverId = 91_000;
        for (String account : ACCOUNTS.keySet()) {
            String dn = dump(cluster.dataNodes().port(1), account, dnFile, serverId++);
            String cn = dump(cluster.port(), account, cnFile, serverId++);
            assertEquals(dn, cn, account);
            assertEquals(account.equals("bp_slave") ? "streaming" : "1227 42000 Access denied;"
                + " you need (at least one of) the REPLICATION SLAVE privilege(s) for this operation", cn, account);
        }
    }

    private static String masterFile(Connection c) throws SQLException {
        try (c; Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }

    /** COM_BINLOG_DUMP from the start of {@code file} as {@code account}: "streaming" or the ERR packet. */
    private static String dump(int port, String account, String file, int serverId) throws Exception {
        try (WireClient wire = new WireClient(port, 10_000)) {
            assertTrue(wire.login(account, PASSWORD).isOk(), account);
            ByteArrayOutputStream p = new ByteArrayOutputStream();
            p.writeBytes(WireClient.int4(4));
            p.writeBytes(new byte[] {0, 0});
            p.writeBytes(WireClient.int4(serverId));
            p.writeBytes(file.getBytes(StandardCharsets.US_ASCII));
            WireClient.Packet answer = wire.command(0x12, p.toByteArray());
            if (!answer.isError()) {
                return "streaming";
            }
            String state = new String(answer.payload(), 4, 5, StandardCharsets.US_ASCII);
            return answer.errno() + " " + state + " " + answer.message();
        }
    }

    @Test
    void purgeWithBinlogAdminAloneWorks() throws Exception {
        String url = "jdbc:mysql://127.0.0.1:" + cluster.port() + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        try (Connection c = DriverManager.getConnection(url, "bp_admin", PASSWORD); Statement st = c.createStatement()) {
            st.execute("PURGE BINARY LOGS BEFORE '2000-01-01 00:00:00'");
            SQLException e = assertThrows(SQLException.class, () -> st.executeQuery("SHOW MASTER STATUS"));
            assertEquals(1227, e.getErrorCode());
        }
    }
}
