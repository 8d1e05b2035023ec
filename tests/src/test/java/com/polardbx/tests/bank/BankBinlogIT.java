package com.polardbx.tests.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.tests.CnProcess;
import com.polardbx.tests.SqlFiles;
import com.polardbx.testing.TestingDataNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The bank through the global binlog: concurrent transfers through a CN process that runs the CDC (accounts on both
 * DNs, so transfers are cross-DN XA transactions or single-DN ones), while {@link BinlogBankApplier} applies the
 * global binlog to a plain MariaDB database and checks the total at every transaction boundary. Mid-run the CN is
 * killed with SIGKILL twice (restarted each time; the applier resumes from the last position it stored), then a DN
 * is stopped and started. At the end the copy equals the cluster's tables read through the CN: nothing lost, nothing
 * applied twice (the applier's updates and deletes match the full before-image).
 */
class BankBinlogIT {
    private static final String COPY_DB = "bank_copy";

    @Test
    void aReplicaOfTheGlobalBinlogKeepsTheTotalAcrossCnKillsAndADataNodeRestart() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bank-binlog"));
        deleteTree(dir.resolve("cn")); // the CDC files of an earlier run point into DNs that are gone
        TestingDataNodes nodes = TestingDataNodes.start(3, dir.resolve("dns"));
        CnProcess cn = new CnProcess(dir, nodes, true);
        Process p = cn.start();
        BankWorkload bank = null;
        try {
            String[] start = masterStatus(cn);
            try (Connection c = cn.connect(null, null)) {
                SqlFiles.execute(c, "CREATE DATABASE bank MODE='auto'");
            }
            try (Connection c = cn.connect("bank", null)) {
                BankWorkload.create(c);
            }
            try (BinlogBankApplier applier = new BinlogBankApplier(cn.port(), "bank", copyDatabase(nodes))) {
                applier.startAt(start[0], Long.parseLong(start[1]));
                bank = new BankWorkload(() -> cn.connect("bank", "sessionVariables=innodb_lock_wait_timeout=5"), 1);
                bank.start(6, 1);
                List<Integer> committedAtEachFault = new ArrayList<>();
                for (int kill = 0; kill < 2; kill++) {
                    Thread.sleep(4_000);
                    committedAtEachFault.add(bank.acknowledged.size());
                    p.destroyForcibly().waitFor();
                    p = cn.start();
                    resumeWhenServed(applier);
                }
                Thread.sleep(4_000);
                committedAtEachFault.add(bank.acknowledged.size());
                nodes.restart(2);
                Thread.sleep(4_000);
                bank.stop();
                System.out.printf("bank through the binlog: committed before each fault %s, %d in all, %d in doubt,"
                    + " errors %s%n", committedAtEachFault, bank.acknowledged.size(), bank.inDoubt.size(), bank.errors);
                for (int i = 1; i < committedAtEachFault.size(); i++) {
                    assertTrue(committedAtEachFault.get(i) > committedAtEachFault.get(i - 1) + 20,
                        "transfers committed between faults: " + committedAtEachFault);
                }
                assertTrue(bank.acknowledged.size() > committedAtEachFault.get(2) + 20, "transfers after the DN restart");
                awaitNoPreparedBranches(nodes);
                assertEquals(List.of(), bank.violations.subList(0, Math.min(10, bank.violations.size())),
                    "inconsistent reads through the CN");
                try (Connection c = cn.connect("bank", null)) {
                    BankCheck.verify(c, bank);
                }
                // every committed transfer reaches the copy (the binlog's end moves while held transactions are
                // released: wait for the copy to equal the CN, then check that nothing else went wrong)
                List<String> cnRows = List.of();
                List<String> copyRows = List.of();
                long deadline = System.currentTimeMillis() + 120_000;
                do {
                    String[] end = masterStatus(cn);
                    applier.awaitPosition(end[0], Long.parseLong(end[1]), 120_000);
                    cnRows = bankRows(cn.connect("bank", null));
                    copyRows = bankRows(DriverManager.getConnection(nodes.jdbcUrl(0, COPY_DB), nodes.user(),
                        nodes.password()));
                    if (!cnRows.equals(copyRows)) {
                        Thread.sleep(1_000);
                    }
                } while (!cnRows.equals(copyRows) && System.currentTimeMillis() < deadline);
                assertEquals(cnRows, copyRows, "the bank's tables through the CN vs the binlog's copy");
                assertEquals(List.of(), applier.violations().subList(0, Math.min(10, applier.violations().size())),
                    "the applier: " + applier.violations().size() + " violations");
                long[] counts = applier.counts();
                System.out.printf("applier: %d binlog transactions applied, total checked after %d%n", counts[0],
                    counts[1]);
                assertTrue(counts[1] >= bank.acknowledged.size(), "the total checked after every transfer");
            }
        } finally {
            if (bank != null && !bank.stopped()) {
                bank.stop();
            }
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Both tables of the bank, sorted, as text rows; closes the connection. */
    private static List<String> bankRows(Connection c) throws SQLException {
        try (c) {
            List<String> rows = new ArrayList<>(SqlFiles.rows(c, "SELECT id, balance FROM accounts ORDER BY id"));
            rows.addAll(SqlFiles.rows(c, "SELECT 'transfer', id, src, dst, amount FROM transfers ORDER BY id"));
            return rows;
        }
    }

    /** The copy's tables on the GMS instance (a plain MariaDB outside the cluster's shards); a connection to them. */
    private static Connection copyDatabase(TestingDataNodes nodes) throws SQLException {
        try (Connection c = nodes.connect(0); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + COPY_DB);
            st.execute("CREATE DATABASE " + COPY_DB);
            st.execute("CREATE TABLE " + COPY_DB + ".accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
            st.execute("CREATE TABLE " + COPY_DB + ".transfers (id BIGINT PRIMARY KEY, src INT NOT NULL,"
                + " dst INT NOT NULL, amount BIGINT NOT NULL)");
        }
        return DriverManager.getConnection(nodes.jdbcUrl(0, COPY_DB), nodes.user(), nodes.password());
    }

    /** The CN listens before its CDC serves the binlog: retry until the dump is accepted. */
    private static void resumeWhenServed(BinlogBankApplier applier) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                applier.resume();
                return;
            } catch (Exception e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    private static String[] masterStatus(CnProcess cn) throws SQLException {
        try (Connection c = cn.connect(null, null); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            assertTrue(rs.next(), "SHOW MASTER STATUS is empty");
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    private static void awaitNoPreparedBranches(TestingDataNodes nodes) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        List<String> prepared;
        do {
            prepared = new ArrayList<>();
            for (int dn = 1; dn <= 2; dn++) {
                try (Connection c = nodes.connect(dn)) {
                    prepared.addAll(SqlFiles.rows(c, "XA RECOVER"));
                }
            }
            if (!prepared.isEmpty()) {
                Thread.sleep(500);
            }
        } while (!prepared.isEmpty() && System.currentTimeMillis() < deadline);
        assertEquals(List.of(), prepared, "prepared branches left");
    }

    private static void deleteTree(Path root) throws Exception {
        if (Files.exists(root)) {
            try (Stream<Path> old = Files.walk(root)) {
                for (Path f : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
    }
}
