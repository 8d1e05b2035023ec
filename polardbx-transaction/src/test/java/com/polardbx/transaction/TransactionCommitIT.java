package com.polardbx.transaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Commit and rollback of distributed transactions over two real MariaDB DNs. */
class TransactionCommitIT {
    private static final String TABLE = TestingTransactionCluster.DB + ".commit_t";
    private static TestingTransactionCluster cluster;
    private static TransactionManager manager;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = new TestingTransactionCluster();
        cluster.executeOnAllDns("CREATE TABLE IF NOT EXISTS " + TABLE + " (id INT PRIMARY KEY, v INT NOT NULL)");
        manager = cluster.newManager("cn-commit");
    }

    @AfterAll
    static void tearDown() {
        manager.close();
        cluster.close();
    }

    @BeforeEach
    void emptyTables() throws SQLException {
        cluster.rollBackLeftovers();
        cluster.executeOnAllDns("TRUNCATE TABLE " + TABLE);
    }

    @AfterEach
    void nothingLeftBehind() throws SQLException {
        assertEquals(List.of(), cluster.preparedBranchesOnAllDns());
        assertEquals(0, manager.liveTransactions());
    }

    @Test
    void onePhaseCommitWritesNoLogRecord() throws SQLException {
        Transaction tx = manager.begin();
        insert(tx, "dn1", 1, 10);
        assertEquals(0, rows("dn1"), "uncommitted row is invisible to others");
        tx.commit();
        assertEquals(1, rows("dn1"));
        assertEquals(Set.of("dn1"), tx.participants());
        assertNull(cluster.logState(tx.id()));
    }

    @Test
    void twoPhaseCommitAppliesOnBothDnsAndLogsTheCommit() throws SQLException {
        Transaction tx = manager.begin();
        insert(tx, "dn1", 1, 10);
        insert(tx, "dn2", 2, 20);
        insert(tx, "dn1", 3, 30);
        assertEquals(Set.of("dn1", "dn2"), tx.participants());
        tx.commit();
        assertEquals(2, rows("dn1"));
        assertEquals(1, rows("dn2"));
        assertEquals("COMMIT", cluster.logState(tx.id()));
    }

    @Test
    void transactionWithoutParticipantsCommits() throws SQLException {
        Transaction tx = manager.begin();
        tx.commit();
        assertNull(cluster.logState(tx.id()));
    }

    @Test
    void rollbackDiscardsEveryBranch() throws SQLException {
        Transaction tx = manager.begin();
        insert(tx, "dn1", 1, 10);
        insert(tx, "dn2", 2, 20);
        tx.rollback();
        assertEquals(0, rows("dn1"));
        assertEquals(0, rows("dn2"));
        assertThrows(SqlError.class, () -> tx.connection("dn1"), "a finished transaction can't be used");
    }

    @Test
    void failedStatementKeepsTheTransactionUsable() throws SQLException {
        cluster.execute("dn1", "INSERT INTO " + TABLE + " VALUES (1, 1)");
        Transaction tx = manager.begin();
        insert(tx, "dn2", 2, 20);
        SQLException dup = assertThrows(SQLException.class, () -> insert(tx, "dn1", 1, 10));
        assertEquals(1062, dup.getErrorCode());
        insert(tx, "dn1", 3, 30);
        tx.commit();
        assertEquals(2, rows("dn1"));
        assertEquals(1, rows("dn2"));
    }

    @Test
    void branchKilledBeforeCommitRollsBackEverything() throws SQLException {
        Transaction tx = manager.begin();
        insert(tx, "dn1", 1, 10);
        insert(tx, "dn2", 2, 20);
        long branchSession = connectionId(tx.connection("dn2"));
        cluster.execute("dn2", "KILL CONNECTION " + branchSession);
        SqlError error = assertThrows(SqlError.class, tx::commit);
        assertTrue(error.errno() > 0, "a MySQL errno reaches the client: " + error.errno());
        assertEquals(0, rows("dn1"));
        assertEquals(0, rows("dn2"));
        assertNull(cluster.logState(tx.id()), "no commit record before the commit point");
    }

    @Test
    void abortRecordWrittenByRecoveryMakesTheCommitFail() throws SQLException {
        Transaction tx = manager.begin();
        insert(tx, "dn1", 1, 10);
        insert(tx, "dn2", 2, 20);
        // What recovery does when it finds the transaction's branches prepared without a commit record.
        cluster.executeOnMetaDb("INSERT INTO polardbx_meta.global_tx_log (txid, state, participants) VALUES ("
            + tx.id() + ", 'ABORT', 'dn1,dn2')");
        SqlError error = assertThrows(SqlError.class, tx::commit);
        assertEquals(1402, error.errno());
        assertEquals("XA100", error.sqlState());
        assertEquals(0, rows("dn1"));
        assertEquals(0, rows("dn2"));
    }

    @Test
    void deadlockVictimCannotCommitAndKeepsTheDnErrno() throws Exception {
        cluster.execute("dn1", "INSERT INTO " + TABLE + " VALUES (1, 0), (2, 0)");
        Transaction a = manager.begin();
        Transaction b = manager.begin();
        insert(a, "dn2", 10, 1);
        insert(b, "dn2", 20, 2);
        update(a, "dn1", 1);
        update(b, "dn1", 2);
        CompletableFuture<SQLException> aWaits = CompletableFuture.supplyAsync(() -> tryUpdate(a, "dn1", 2));
        TimeUnit.MILLISECONDS.sleep(300);
        SQLException bError = tryUpdate(b, "dn1", 1);
        SQLException aError = aWaits.get(30, TimeUnit.SECONDS);
        assertTrue(aError == null ^ bError == null, "exactly one deadlock victim");
        Transaction victim = aError != null ? a : b;
        Transaction winner = aError != null ? b : a;
        assertEquals(1213, (aError != null ? aError : bError).getErrorCode());
        SqlError commitError = assertThrows(SqlError.class, victim::commit);
        assertEquals(1402, commitError.errno(), "XA_RBROLLBACK: the DN already rolled the branch back");
        winner.commit();
        assertEquals(1, rows("dn2"), "only the winner's dn2 row is there");
        assertEquals(2, cluster.queryLong("dn1", "SELECT SUM(v) FROM " + TABLE));
    }

    @Test
    void connectionsGoBackToThePoolCleanAfterEveryOutcome() throws Exception {
        for (int i = 0; i < 10; i++) {
            Transaction tx = manager.begin();
            insert(tx, "dn1", i, i);
            insert(tx, "dn2", i, i);
            if (i % 2 == 0) {
                tx.commit();
            } else {
                tx.rollback();
            }
        }
        // Borrow every pooled connection at once: none may carry an open XA transaction or autocommit off.
        for (String dnId : TestingTransactionCluster.DN_IDS) {
            List<Connection> borrowed = new ArrayList<>();
            try {
                for (int i = 0; i < 16; i++) {
                    Connection c = cluster.pools().getConnection(dnId);
                    borrowed.add(c);
                    assertTrue(c.getAutoCommit());
                    try (Statement st = c.createStatement()) {
                        st.execute("XA START 'probe-" + i + "'");
                        st.execute("XA END 'probe-" + i + "'");
                        st.execute("XA ROLLBACK 'probe-" + i + "'");
                    }
                }
            } finally {
                for (Connection c : borrowed) {
                    c.close();
                }
            }
        }
        assertEquals(5, rows("dn1"));
        assertEquals(5, rows("dn2"));
    }

    private static void insert(Transaction tx, String dnId, int id, int v) throws SQLException {
        try (Statement st = tx.connection(dnId).createStatement()) {
            st.executeUpdate("INSERT INTO " + TABLE + " VALUES (" + id + ", " + v + ")");
        }
    }

    private static void update(Transaction tx, String dnId, int id) throws SQLException {
        try (Statement st = tx.connection(dnId).createStatement()) {
            st.executeUpdate("UPDATE " + TABLE + " SET v = v + 1 WHERE id = " + id);
        }
    }

    private static SQLException tryUpdate(Transaction tx, String dnId, int id) {
        try {
            update(tx, dnId, id);
            return null;
        } catch (SQLException e) {
            return e;
        }
    }

    private static long connectionId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT CONNECTION_ID()")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long rows(String dnId) throws SQLException {
        return cluster.queryLong(dnId, "SELECT COUNT(*) FROM " + TABLE);
    }
}
