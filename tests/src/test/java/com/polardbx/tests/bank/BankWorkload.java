package com.polardbx.tests.bank;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bank: {@code accounts} rows spread over every partition of a table on both DNs, writers that move random
 * amounts between random accounts in transactions (each transfer also logged, with a client-chosen id, in the same
 * transaction), and readers that check in REPEATABLE READ transactions and in autocommit queries that the total
 * never changes and that a row read twice in a transaction reads the same.
 *
 * <p>What a client saw commit is in {@link #acknowledged}; transfers whose COMMIT got no answer (the CN or a DN died)
 * are in {@link #inDoubt}. {@link BankCheck} compares both with the final state.
 */
public final class BankWorkload {
    /** Opens a JDBC connection to the CN (with the database selected). */
    public interface Connector {
        Connection open() throws SQLException;
    }

    public static final int ACCOUNTS = 100;
    public static final long INITIAL = 1_000;
    public static final long TOTAL = ACCOUNTS * INITIAL;

    private final Connector connector;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    public final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
    public final Set<Long> inDoubt = ConcurrentHashMap.newKeySet();
    public final List<String> violations = java.util.Collections.synchronizedList(new ArrayList<>());
    public final Map<Integer, AtomicLong> errors = new ConcurrentHashMap<>();
    public final AtomicLong consistentReads = new AtomicLong();
    private final AtomicLong nextTransferId;

    public BankWorkload(Connector connector, long firstTransferId) {
        this.connector = connector;
        this.nextTransferId = new AtomicLong(firstTransferId);
    }

    /** Creates the two tables (8 partitions each, over both DNs) and the accounts. */
    public static void create(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS accounts");
            st.execute("DROP TABLE IF EXISTS transfers");
            st.execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)"
                + " PARTITION BY HASH(id) PARTITIONS 8");
            st.execute("CREATE TABLE transfers (id BIGINT PRIMARY KEY, src INT NOT NULL, dst INT NOT NULL,"
                + " amount BIGINT NOT NULL) PARTITION BY HASH(id) PARTITIONS 8");
            StringBuilder sb = new StringBuilder("INSERT INTO accounts VALUES ");
            for (int i = 1; i <= ACCOUNTS; i++) {
                sb.append(i > 1 ? "," : "").append('(').append(i).append(',').append(INITIAL).append(')');
            }
            st.execute(sb.toString());
        }
    }

    public void start(int writers, int readers) {
        for (int i = 0; i < writers; i++) {
            threads.add(new Thread(this::writeLoop, "bank-writer-" + i));
        }
        for (int i = 0; i < readers; i++) {
            int n = i;
            threads.add(new Thread(() -> readLoop(n % 2 == 0), "bank-reader-" + i));
        }
        threads.forEach(Thread::start);
    }

    public void stop() throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(120_000);
        }
    }

    public boolean stopped() {
        return stop.get();
    }

    private void writeLoop() {
        Connection c = null;
        while (!stop.get()) {
            try {
                if (c == null) {
                    c = connector.open();
                }
                transfer(c);
            } catch (SQLException e) {
                count(e.getErrorCode());
                c = closeIfBroken(c);
            }
        }
        close(c);
    }

    private void transfer(Connection c) throws SQLException {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        int src = 1 + r.nextInt(ACCOUNTS);
        int dst = 1 + r.nextInt(ACCOUNTS - 1);
        dst = dst >= src ? dst + 1 : dst;
        long amount = 1 + r.nextInt(50);
        long id = nextTransferId.getAndIncrement();
        c.setAutoCommit(false);
        boolean committing = false;
        try {
            // One account at a time, source first: transfers in opposite directions deadlock, often across DNs.
            try (PreparedStatement lock = c.prepareStatement("SELECT balance FROM accounts WHERE id = ? FOR UPDATE")) {
                for (int account : new int[] {src, dst}) {
                    lock.setInt(1, account);
                    try (ResultSet rs = lock.executeQuery()) {
                        while (rs.next()) {
                            // lock taken
                        }
                    }
                }
            }
            try (PreparedStatement debit = c.prepareStatement(
                "UPDATE accounts SET balance = balance + ? WHERE id = ?")) {
                debit.setLong(1, -amount);
                debit.setInt(2, src);
                debit.executeUpdate();
                debit.setLong(1, amount);
                debit.setInt(2, dst);
                debit.executeUpdate();
            }
            try (PreparedStatement log = c.prepareStatement("INSERT INTO transfers VALUES (?, ?, ?, ?)")) {
                log.setLong(1, id);
                log.setInt(2, src);
                log.setInt(3, dst);
                log.setLong(4, amount);
                log.executeUpdate();
            }
            committing = true;
            c.commit();
            acknowledged.add(id);
        } catch (SQLException e) {
            if (committing && (isConnectionLoss(e) || e.getErrorCode() == 1180)) {
                inDoubt.add(id); // COMMIT sent, outcome unknown to the client: either outcome is right
            }
            try {
                // As MySQL, a failed statement leaves the transaction open: a client must roll back itself.
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone, and the transaction with it
            }
            throw e;
        }
    }

    private void readLoop(boolean inTransactions) {
        Connection c = null;
        while (!stop.get()) {
            try {
                if (c == null) {
                    c = connector.open();
                }
                if (inTransactions) {
                    readInTransaction(c);
                } else {
                    c.setAutoCommit(true);
                    checkTotal(total(c, "SELECT SUM(balance) FROM accounts"), "autocommit SUM");
                }
                consistentReads.incrementAndGet();
            } catch (SQLException e) {
                count(e.getErrorCode());
                c = closeIfBroken(c);
            }
        }
        close(c);
    }

    private void readInTransaction(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try {
            checkTotal(total(c, "SELECT SUM(balance) FROM accounts"), "SUM in a transaction");
            long sum = 0;
            Map<Integer, Long> first = new java.util.HashMap<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id, balance FROM accounts")) {
                while (rs.next()) {
                    first.put(rs.getInt(1), rs.getLong(2));
                    sum += rs.getLong(2);
                }
            }
            if (first.size() != ACCOUNTS) {
                violations.add("saw " + first.size() + " accounts");
            }
            checkTotal(sum, "per-account rows in a transaction");
            int probe = 1 + ThreadLocalRandom.current().nextInt(ACCOUNTS);
            long again = total(c, "SELECT balance FROM accounts WHERE id = " + probe);
            if (first.get(probe) != null && again != first.get(probe)) {
                violations.add("non-repeatable read of account " + probe + ": " + first.get(probe) + " then " + again);
            }
            checkTotal(total(c, "SELECT SUM(balance) FROM accounts"), "second SUM in a transaction");
            c.commit();
        } catch (SQLException e) {
            try {
                c.rollback();
            } catch (SQLException ignored) {
                // the connection is gone, and the transaction with it
            }
            throw e;
        }
    }

    private void checkTotal(long total, String what) {
        if (total != TOTAL) {
            violations.add(what + " = " + total + ", expected " + TOTAL);
        }
    }

    private static long total(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void count(int errno) {
        errors.computeIfAbsent(errno, k -> new AtomicLong()).incrementAndGet();
    }

    private Connection closeIfBroken(Connection c) {
        try {
            if (c != null && c.isValid(2)) {
                return c;
            }
        } catch (SQLException ignored) {
            // treat as broken
        }
        close(c);
        if (!stop.get()) {
            try {
                Thread.sleep(100); // the CN may be restarting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return null;
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // gone already
            }
        }
    }

    /** The client lost the connection (to the CN, or the CN to a DN) so the outcome of the statement is unknown. */
    static boolean isConnectionLoss(SQLException e) {
        String state = e.getSQLState();
        return (state != null && state.startsWith("08")) || e.getErrorCode() == 2013 || e.getErrorCode() == 2006
            || e.getErrorCode() == 0;
    }
}
