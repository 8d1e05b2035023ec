package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.server.ServerContext;
import com.polardbx.transaction.Transaction;
import com.polardbx.transaction.TransactionOptions;
import com.polardbx.transaction.TransactionOptions.Isolation;
import com.polardbx.transaction.lock.GlobalReadLock;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

/**
 * Transaction boundaries of one session: explicit BEGIN/COMMIT/ROLLBACK, autocommit=0, MySQL's implicit commit,
 * and one-statement transactions for autocommit writes that touch several data nodes.
 */
public final class Transactions {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Transactions.class);
    private final ServerContext context;
    private final SessionState state;

    Transactions(ServerContext context, SessionState state) {
        this.context = context;
        this.state = state;
    }

    /** True while a transaction spans statements (explicit, or autocommit=0 after the first statement). */
    public boolean active() {
        return state.transaction != null;
    }

    public void begin() {
        begin(null, false);
    }

    /**
     * BEGIN / START TRANSACTION.
     *
     * @param readOnly {@code READ ONLY} (true), {@code READ WRITE} (false), or as the session says (null)
     * @param consistentSnapshot {@code WITH CONSISTENT SNAPSHOT}: the snapshot starts now, not at the first read
     */
    public void begin(Boolean readOnly, boolean consistentSnapshot) {
        implicitCommit();
        Transaction tx = context.transactions().begin(nextOptions(readOnly));
        state.transaction = tx;
        state.explicitTransaction = true;
        if (consistentSnapshot && tx.options().isolation() == Isolation.REPEATABLE_READ) {
            openOrderedSnapshot(tx);
        }
    }

    /**
     * {@code WITH CONSISTENT SNAPSHOT}, ordered with the global binlog when this CN runs the CDC: commits of this CN
     * (one-DN ones included, which the commit gate does not order) are stopped while the read views open, the
     * snapshot timestamp is taken, and a heartbeat above it is written on every DN. A one-DN transaction committed
     * afterwards then follows that heartbeat in its DN's binlog and sorts above the snapshot timestamp, so
     * {@code SHOW MASTER STATUS} in this transaction puts it after the position: it is in the stream, as it is not in
     * the snapshot. Commits wait for about one DN round trip.
     */
    private void openOrderedSnapshot(Transaction tx) {
        Runnable fence = context.snapshotFence();
        if (fence == null) {
            tx.openSnapshot(context.dataNodes().dataNodeIds());
            return;
        }
        for (String dn : context.dataNodes().dataNodeIds()) {
            tx.readConnection(dn); // branches start before commits stop: waiting committers may hold the pool
        }
        GlobalReadLock lock = context.transactions().globalReadLock();
        boolean stopped = stopCommitsGivingWay(lock);
        try {
            tx.openSnapshot(context.dataNodes().dataNodeIds());
            fence.run();
        } finally {
            if (stopped) {
                lock.resumeCommits();
            }
        }
    }

    /** The next transaction's characteristics: a one-shot {@code SET TRANSACTION} first, then the session's. */
    private TransactionOptions nextOptions(Boolean readOnly) {
        Isolation isolation = Isolation.parse(state.nextIsolation != null ? state.nextIsolation
            : String.valueOf(state.variables.get("transaction_isolation")));
        boolean ro = readOnly != null ? readOnly : state.nextReadOnly != null ? state.nextReadOnly
            : Long.valueOf(1L).equals(state.variables.get("transaction_read_only"));
        state.nextIsolation = null;
        state.nextReadOnly = null;
        return new TransactionOptions(isolation == null ? Isolation.REPEATABLE_READ : isolation, ro);
    }

    public void commit() {
        Transaction tx = state.transaction;
        state.transaction = null;
        state.explicitTransaction = false;
        if (tx != null) {
            resetSettings(tx);
            commitOf(tx);
        }
    }

    /**
     * Commits {@code tx}, in the global read lock's COMMIT stage when it wrote (FTWRL stops such commits). When the
     * stage is not granted (1205 after {@code lock_wait_timeout}) the transaction is rolled back, as MySQL does.
     */
    private void commitOf(Transaction tx) {
        if (!tx.hasWrites()) {
            tx.commit();
            return;
        }
        inCommitStage(() -> {
            tx.commit();
            return null;
        }, tx::rollback);
    }

    private static final long STOP_TRY_NANOS = java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200);

    /**
     * {@link GlobalReadLock#stopCommits} in tries of 200 ms with a pause between them, up to {@code lock_wait_timeout}:
     * an autocommit write holds the COMMIT stage while it waits for a row lock, perhaps of a transaction whose
     * {@code COMMIT} waits for this stop; giving way between tries lets that commit, then the write, through.
     */
    private boolean stopCommitsGivingWay(GlobalReadLock lock) {
        long deadline = System.nanoTime() + lockWaitNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            try {
                return lock.stopCommits(state, Math.min(left, STOP_TRY_NANOS));
            } catch (SqlError e) {
                if (e.errno() != ErrorCode.ER_LOCK_WAIT_TIMEOUT.errno() || left <= STOP_TRY_NANOS) {
                    throw e;
                }
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
            }
        }
    }

    /** True while this session is inside {@link #inCommitStage}: a nested commit point is already covered. */
    private boolean commitStage;
    /** True while this session runs a write statement ({@link #asWriteStatement}). */
    private boolean writeStage;

    /**
     * Runs a commit point (a commit, or an autocommit statement that is its own commit) in the COMMIT stage of the
     * CN's global read lock: it waits while a {@code FLUSH TABLES WITH READ LOCK} holds it (up to
     * {@code lock_wait_timeout}, then 1205), and a consistent snapshot that stops commits for a moment (see
     * {@link #begin}) never sees it half done.
     */
    private <T> T inCommitStage(java.util.function.Supplier<T> commitPoint) {
        return inCommitStage(commitPoint, () -> { });
    }

    /** The same; {@code onRefused} runs when the stage is not granted, before the error goes on. */
    private <T> T inCommitStage(java.util.function.Supplier<T> commitPoint, Runnable onRefused) {
        if (commitStage) {
            return commitPoint.get();
        }
        GlobalReadLock lock = context.transactions().globalReadLock();
        boolean entered;
        try {
            entered = lock.enter(GlobalReadLock.Stage.COMMIT, state, lockWaitNanos());
        } catch (RuntimeException refused) {
            try {
                onRefused.run();
            } catch (RuntimeException e) {
                refused.addSuppressed(e);
            }
            throw refused;
        }
        commitStage = true;
        try {
            return commitPoint.get();
        } finally {
            commitStage = false;
            if (entered) {
                lock.exit(GlobalReadLock.Stage.COMMIT);
            }
        }
    }

    /**
     * Runs a write statement (DML, DDL) in the WRITE stage of the CN's global read lock: while another session holds
     * {@code FLUSH TABLES WITH READ LOCK} it waits (up to {@code lock_wait_timeout}, then 1205); in the holder's own
     * session it fails with 1223, as in MySQL.
     */
    public <T> T asWriteStatement(java.util.function.Supplier<T> statement) {
        if (writeStage) {
            return statement.get();
        }
        if (state.transaction == null && Long.valueOf(1L).equals(state.variables.get("transaction_read_only"))) {
            // SET SESSION TRANSACTION READ ONLY: an autocommit write (DML or DDL) is a read-only transaction too
            throw new SqlError(ErrorCode.ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION);
        }
        GlobalReadLock lock = context.transactions().globalReadLock();
        lock.enter(GlobalReadLock.Stage.WRITE, state, lockWaitNanos());
        writeStage = true;
        try {
            return statement.get();
        } finally {
            writeStage = false;
            lock.exit(GlobalReadLock.Stage.WRITE);
        }
    }

    /** The session's {@code lock_wait_timeout} (seconds, MySQL's default a year) in nanoseconds. */
    long lockWaitNanos() {
        Object v = state.variables.get("lock_wait_timeout");
        long seconds = v instanceof Number n ? n.longValue() : 31_536_000L;
        return java.util.concurrent.TimeUnit.SECONDS.toNanos(Math.max(0, seconds));
    }

    public void rollback() {
        Transaction tx = state.transaction;
        state.transaction = null;
        state.explicitTransaction = false;
        if (tx != null) {
            resetSettings(tx);
            tx.rollback();
        }
    }

    public void implicitCommit() {
        if (state.transaction != null) {
            commit();
        }
    }

    void rollbackQuietly() {
        try {
            rollback();
        } catch (RuntimeException ignored) {
            // the branches are rolled back by the DNs when the connections go away, or by recovery
        }
    }

    /**
     * A statement failed: the session transaction (if any) learns of it first and says what the client gets. A
     * deadlock victim (chosen by the CN's detector, or a DN's 1213) is rolled back on every DN and ends, as InnoDB
     * ends a transaction on a deadlock; any other failure undid that statement only.
     */
    SqlError statementFailed(SqlError error) {
        Transaction tx = state.transaction;
        if (tx == null) {
            return error;
        }
        SqlError reported = tx.statementFailed(error);
        if (tx.deadlockVictim()) {
            state.transaction = null;
            state.explicitTransaction = false;
            settingsApplied.clear(); // the branches are gone with their connections' settings
            savepoints.clear();
        }
        return reported;
    }

    /** The session transaction if one must be open now (explicit, or autocommit=0), else null. */
    private Transaction sessionTransaction() {
        if (state.transaction == null && !state.autocommit()) {
            state.transaction = context.transactions().begin(nextOptions(null));
        }
        return state.transaction;
    }

    /**
     * Runs a write. Inside a session transaction it uses that; otherwise a write to one shard runs on a pooled
     * autocommit connection, and a write to several shards (even of one DN) in its own transaction, committed at the
     * end, so the statement is atomic.
     */
    public <T> T write(boolean severalShards, Function<ConnectionProvider, T> work) {
        if (statementScope) {
            return work.apply(statementConnections); // the enclosing statement is atomic already
        }
        Transaction tx = sessionTransaction();
        if (tx != null) {
            return severalShards ? atomically(tx, work) : work.apply(transactional(tx, true));
        }
        if (!severalShards) {
            return inCommitStage(() -> work.apply(pooled())); // an autocommit statement is its own commit
        }
        Transaction own = context.transactions().begin();
        return inOwnTransaction(own, transactional(own, true), work);
    }

    /** True while {@link #statement} runs: nested writes and reads join its transaction. */
    private boolean statementScope;
    /** The connections of the running {@link #statement} (with its savepoints), which nested writes use. */
    private ConnectionProvider statementConnections;

    /**
     * Runs a statement made of several reads and writes (a write that maintains global indexes) as one atomic unit:
     * inside the session transaction with a statement savepoint, or else in a transaction of its own, committed at
     * the end. Every {@link #write} and {@link #forRead} inside joins it.
     */
    public <T> T statement(Function<ConnectionProvider, T> work) {
        if (statementScope) {
            return work.apply(statementConnections);
        }
        Transaction tx = sessionTransaction();
        if (tx != null) {
            statementScope = true;
            try {
                return atomically(tx, connections -> {
                    statementConnections = connections; // nested writes must set the statement savepoint too
                    return work.apply(connections);
                });
            } finally {
                statementScope = false;
                statementConnections = null;
            }
        }
        Transaction own = context.transactions().begin();
        state.transaction = own;
        statementScope = true;
        statementConnections = transactional(own, true);
        try {
            return inOwnTransaction(own, statementConnections, work);
        } finally {
            statementScope = false;
            statementConnections = null;
            state.transaction = null;
        }
    }

    /** How often an autocommit statement that lost a deadlock runs at most (see {@link #statementRerunOnDeadlock}). */
    private static final int DEADLOCK_ATTEMPTS = 5;

    /**
     * {@link #statement}, run again when it is a transaction of its own (autocommit) and loses a deadlock (1213)
     * before its commit: its locking reads of the rows it is about to write (a global index's maintenance) lock gaps
     * that MariaDB's own write of the same statement would not, so two such statements can deadlock where MariaDB
     * never does. The failed run was rolled back whole and told the client nothing, so running it again is what the
     * client would see had it waited. {@code work} must be safe to run again (state it changes reset at its start).
     * Inside a session transaction the 1213 is the client's, as in InnoDB.
     */
    public <T> T statementRerunOnDeadlock(Function<ConnectionProvider, T> work) {
        for (int attempt = 1; ; attempt++) {
            boolean own = !statementScope && sessionTransaction() == null;
            try {
                return statement(work);
            } catch (SqlError e) {
                if (!own || e.errno() != ErrorCode.ER_LOCK_DEADLOCK.errno() || attempt >= DEADLOCK_ATTEMPTS) {
                    throw e;
                }
                log.debug("autocommit statement lost a deadlock (attempt {}), running it again", attempt);
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1, 4 << attempt));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Whether a statement run now is a transaction of its own (autocommit, no transaction or statement open). */
    public boolean autocommitStatement() {
        return !statementScope && state.transaction == null && state.autocommit();
    }

    /**
     * Runs the writes of an autocommit statement that reach one DN only, atomically, in a local transaction on one
     * pooled connection ({@code START TRANSACTION} ... {@code COMMIT}): no XA branch, as a single-DN transaction needs
     * no two-phase commit (snapshot reads see it whole, a dying CN leaves it to be rolled back by the DN).
     */
    public <T> T onOneDataNode(String dnId, Function<ConnectionProvider, T> work) {
        ConnectionProvider pool = pooled();
        Connection c = pool.acquire(dnId);
        boolean committed = false;
        try {
            run(c, "START TRANSACTION");
            T result = work.apply(new ConnectionProvider() {
                @Override
                public Connection acquire(String dn) {
                    if (!dn.equals(dnId)) {
                        throw new IllegalStateException("a one-DN statement reached " + dn);
                    }
                    return c;
                }

                @Override
                public void release(String dn, Connection connection) {
                    // kept until the local transaction ends
                }

                @Override
                public boolean allowsParallel() {
                    return false;
                }
            });
            inCommitStage(() -> {
                run(c, "COMMIT");
                return null;
            });
            committed = true;
            return result;
        } finally {
            boolean clean = committed;
            if (!committed) {
                try {
                    run(c, "ROLLBACK");
                    clean = true;
                } catch (RuntimeException broken) {
                    // closed below: the DN rolls the transaction back when the connection goes
                }
            }
            if (clean) {
                pool.release(dnId, c);
            } else {
                context.dataNodes().evict(dnId, c);
            }
        }
    }

    /** Runs one statement in a transaction of its own: committed when it succeeds, rolled back when it fails. */
    private <T> T inOwnTransaction(Transaction own, ConnectionProvider connections,
                                   Function<ConnectionProvider, T> work) {
        T result;
        try {
            result = work.apply(connections);
            resetSettings(own);
        } catch (RuntimeException | Error e) {
            Throwable reported = e instanceof SqlError error ? own.statementFailed(error) : e;
            try {
                resetSettings(own);
                own.rollback();
            } catch (RuntimeException suppressed) {
                reported.addSuppressed(suppressed);
            }
            if (reported instanceof Error fatal) {
                throw fatal;
            }
            throw (RuntimeException) reported;
        }
        commitOf(own);
        return result;
    }

    private static final String STATEMENT_SAVEPOINT = "SAVEPOINT polardbx_statement";

    /**
     * Runs a statement over several shards inside the session transaction so that, as in MySQL, a failure undoes the
     * whole statement and nothing else: a savepoint is set on each branch before the statement first writes there,
     * and rolled back to on every such branch when the statement fails.
     */
    private <T> T atomically(Transaction tx, Function<ConnectionProvider, T> work) {
        ConnectionProvider branches = transactional(tx, true);
        java.util.Map<String, Connection> touched = new java.util.LinkedHashMap<>();
        ConnectionProvider savepointing = new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                Connection c = branches.acquire(dnId);
                if (!touched.containsKey(dnId)) {
                    run(c, STATEMENT_SAVEPOINT);
                    touched.put(dnId, c);
                }
                return c;
            }

            @Override
            public void open(java.util.Collection<String> dnIds) {
                branches.open(dnIds);
                java.util.Map<String, Connection> fresh = new java.util.LinkedHashMap<>();
                for (String dn : dnIds) {
                    if (!touched.containsKey(dn)) {
                        fresh.put(dn, branches.acquire(dn));
                    }
                }
                // the branches about to be written at once get their savepoints at once too
                com.polardbx.executor.plan.ParallelWrites.runOnEach(fresh, STATEMENT_SAVEPOINT);
                touched.putAll(fresh);
            }

            @Override
            public void release(String dnId, Connection connection) {
                branches.release(dnId, connection);
            }

            @Override
            public boolean allowsParallel() {
                return false;
            }

            @Override
            public boolean allowsParallelAcrossDataNodes() {
                return branches.allowsParallelAcrossDataNodes(); // acquired (savepoint set) on the caller's thread
            }
        };
        try {
            return work.apply(savepointing);
        } catch (RuntimeException | Error e) {
            touched.values().forEach(c -> {
                try {
                    run(c, "ROLLBACK TO SAVEPOINT polardbx_statement");
                } catch (RuntimeException undoFailed) {
                    // the branch itself is gone (deadlock victim, lost DN): the transaction can't commit anyway
                    e.addSuppressed(undoFailed);
                }
            });
            throw e;
        }
    }

    /** Connections for a statement that reads no table (a SELECT of expressions a DN computes). */
    public QueryConnections forRead() {
        Transaction tx = sessionTransaction();
        return QueryConnections.of(tx != null ? transactional(tx, false) : pooled());
    }

    /**
     * Connections for a query. Inside a session transaction, its branches: a REPEATABLE READ transaction fixes its
     * snapshot on every DN at its first consistent read. Outside one, a query over several shards reads one
     * consistent snapshot ({@link SnapshotReads}); a one-shard query runs on a pooled connection.
     *
     * @param locking {@code FOR UPDATE} / {@code LOCK IN SHARE MODE}: reads the latest rows, needs no snapshot
     */
    public QueryConnections forRead(boolean severalShards, boolean locking) {
        Transaction tx = sessionTransaction();
        if (tx != null) {
            if (!locking && !tx.hasSnapshot() && tx.options().isolation() == Isolation.REPEATABLE_READ) {
                tx.openSnapshot(context.dataNodes().dataNodeIds());
            }
            return QueryConnections.of(transactional(tx, false));
        }
        if (!severalShards || context.dataNodes().dataNodeIds().size() < 1) {
            return QueryConnections.of(pooled());
        }
        String settings = dataNodeSettings();
        return new SnapshotReads(context.transactions(), context.dataNodes(), context.dataNodes().dataNodeIds(),
            c -> {
                if (settings != null) {
                    run(c, settings);
                }
            },
            c -> {
                if (settings != null) {
                    run(c, RESET_SETTINGS);
                }
            });
    }

    /**
     * Session variables whose value changes what a DN computes (time zone, SQL mode, ...), as {@code SET SESSION}
     * assignments, or null when the session uses the server defaults (the common case: no extra round trip).
     */
    private String dataNodeSettings() {
        StringBuilder sb = null;
        for (String name : DN_VARIABLES) {
            Object value = state.variables.get(name);
            if (value != null && !value.equals(context.variables().global(name))) {
                sb = sb == null ? new StringBuilder("SET SESSION ") : sb.append(", ");
                sb.append(name).append(" = ").append(Placeholders.literal(value));
            }
        }
        return sb == null ? null : sb.toString();
    }

    /** Variables the CN hands on to the DNs because they change results computed there. */
    private static final java.util.List<String> DN_VARIABLES = java.util.List.of("time_zone", "sql_mode",
        "div_precision_increment", "group_concat_max_len", "innodb_lock_wait_timeout", "max_recursive_iterations",
        "foreign_key_checks", "unique_checks");

    private static final String RESET_SETTINGS =
        "SET SESSION " + String.join(" = DEFAULT, ", DN_VARIABLES) + " = DEFAULT";

    /** Runs one statement on a DN connection; a DN error reaches the client with its own errno. */
    static void run(Connection connection, String sql) {
        try (java.sql.Statement st = connection.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw SqlError.fromDataNode("of the session", e);
        }
    }

    private ConnectionProvider pooled() {
        String settings = dataNodeSettings();
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                Connection c = context.dataNodes().getConnection(dnId);
                if (settings != null) {
                    try {
                        run(c, settings);
                    } catch (RuntimeException e) {
                        release(dnId, c);
                        throw e;
                    }
                }
                return c;
            }

            @Override
            public void release(String dnId, Connection connection) {
                try {
                    if (settings != null) {
                        // back to the server defaults before another session borrows this connection
                        run(connection, RESET_SETTINGS);
                    }
                    connection.close();
                } catch (SQLException e) {
                    throw SqlError.fromDataNode(dnId, e);
                }
            }

            @Override
            public boolean allowsParallel() {
                return true;
            }
        };
    }

    private final UserSavepoints savepoints = new UserSavepoints();

    /** SAVEPOINT name: outside a transaction there is nothing to mark, as in MySQL. */
    public void savepoint(String name) {
        if (state.transaction != null) {
            savepoints.set(name);
        }
    }

    /** ROLLBACK TO SAVEPOINT name (1305 when there is no such savepoint). */
    public void rollbackToSavepoint(String name) {
        if (state.transaction == null) {
            throw new SqlError(ErrorCode.ER_SP_DOES_NOT_EXIST, "SAVEPOINT", name);
        }
        savepoints.rollbackTo(name);
    }

    /** RELEASE SAVEPOINT name (1305 when there is no such savepoint). */
    public void releaseSavepoint(String name) {
        if (state.transaction == null) {
            throw new SqlError(ErrorCode.ER_SP_DOES_NOT_EXIST, "SAVEPOINT", name);
        }
        savepoints.release(name);
    }

    /** DNs of the open session transaction whose branch connection got the session's settings. */
    private final java.util.Set<String> settingsApplied = new java.util.HashSet<>();

    private ConnectionProvider transactional(Transaction tx, boolean writes) {
        String settings = dataNodeSettings();
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                Connection c = writes ? tx.connection(dnId) : tx.readConnection(dnId);
                if (writes) {
                    savepoints.branchOpened(dnId, c);
                }
                if (settings != null && settingsApplied.add(dnId)) {
                    run(c, settings);
                }
                return c;
            }

            @Override
            public void open(java.util.Collection<String> dnIds) {
                if (writes) {
                    tx.startBranches(dnIds);
                }
            }

            @Override
            public void release(String dnId, Connection connection) {
                // the branch connection stays with the transaction until commit/rollback
            }

            @Override
            public boolean allowsParallel() {
                return false;
            }

            @Override
            public boolean allowsParallelAcrossDataNodes() {
                return true;
            }
        };
    }

    /** Puts the branch connections back to the server defaults before the transaction hands them to the pool. */
    private void resetSettings(Transaction tx) {
        savepoints.clear();
        for (String dn : settingsApplied) {
            try {
                run(tx.readConnection(dn), RESET_SETTINGS);
            } catch (RuntimeException e) {
                // a broken branch connection is evicted by the transaction, settings and all
            }
        }
        settingsApplied.clear();
    }
}
