package com.polardbx.transaction.tso;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.metrics.Metrics;
import com.polardbx.transaction.tso.gate.CommitGate;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.OptionalLong;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide TSO as one CN sees it: exactly one CN at a time, the holder of the lease in
 * {@code polardbx_meta.tso_lease}, serves timestamps and the commit gate; every other CN gets them from it over the
 * network. Every CN runs one {@code TsoService}; which role it plays follows the lease.
 *
 * <p>A background thread per service acquires the lease when it is free (expired by metadb time plus margin), renews
 * it while held, and otherwise re-reads the row to learn the leader's address. The holder serves only while its local
 * view of the lease is valid (see {@link TsoLeader}) and raises the TSO window only while it still holds its epoch
 * (see {@link TsoLease#raiseWindow}); a new holder starts above the persisted window. So timestamps increase strictly
 * across leader changes, and a caller that began after another caller's {@code next()} returned gets a greater one.
 *
 * <p>{@link #next()} and {@link #commitGate()} wait up to {@link TsoServiceConfig#unavailableTimeout()} while no
 * leader serves (leader change, unreachable leader), re-reading the lease and reconnecting, then fail with 1105.
 * Thread-safe.
 */
public final class TsoService implements TimestampOracle, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TsoService.class);
    private static final long WINDOW_MS = 3_000;
    private static final long WINDOW_RENEW_MARGIN_MS = 1_000;
    private static final long RETRY_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long CONNECT_TIMEOUT_MS = 1_000;
    private static final long WARN_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Timestamps this CN got, by where from: {@code self} (as the leader) or {@code remote} (another CN). */
    private static final LongAdder FROM_SELF = Metrics.get().counterCell(
        "polardbx_tso_timestamps_obtained_total", "from", "self");
    private static final LongAdder FROM_REMOTE = Metrics.get().counterCell(
        "polardbx_tso_timestamps_obtained_total", "from", "remote");

    static {
        Metrics.get().describe("polardbx_tso_timestamps_obtained_total", "TSO timestamps this CN's transactions, "
            + "DDL and CDC heartbeats got, from itself as the TSO leader or from the remote leader");
    }

    private final TsoServiceConfig config;
    private final TsoLease lease;
    private final long leaseNanos;
    private final long marginNanos;
    private final EventLoopGroup group;
    private final ExecutorService gateExecutor;
    private final TsoServer server;
    private final String address;
    private final Thread election;
    private final Object roleLock = new Object();
    private final Object clientLock = new Object();
    private volatile TsoLeader leader;
    /** The address in the lease row when another CN holds it (may be stale; re-read on failures). */
    private volatile String leaderAddress;
    private TsoClient client; // guarded by clientLock
    private boolean stepRequested; // guarded by roleLock
    private volatile boolean closed;
    private long lastWarnNanos; // lease-loop thread only

    private TsoService(Supplier<Connection> metaDb, TsoServiceConfig config) {
        this.config = config;
        this.lease = new TsoLease(metaDb);
        this.leaseNanos = config.lease().toNanos();
        this.marginNanos = config.leaseMargin().toNanos();
        try {
            lease.ensureRow();
        } catch (SQLException e) {
            throw new SqlError(e, ErrorCode.ER_INTERNAL, "cannot read the TSO lease: " + e.getMessage());
        }
        this.group = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("tso-net-" + config.cnId(), true),
            NioIoHandler.newFactory());
        this.gateExecutor = Executors.newCachedThreadPool(new DefaultThreadFactory("tso-gate-" + config.cnId(), true));
        try {
            this.server = new TsoServer(group, config.bindHost(), config.port(), this::servingLeader, gateExecutor);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            gateExecutor.shutdownNow();
            throw new SqlError(e, ErrorCode.ER_INTERNAL, "cannot start the TSO server on " + config.bindHost() + ":"
                + config.port() + ": " + e.getMessage());
        }
        this.address = config.bindHost() + ":" + server.port();
        this.election = new Thread(this::electionLoop, "tso-election-" + config.cnId());
        this.election.setDaemon(true);
    }

    /**
     * Starts the TSO server and the lease loop; returns after the first look at the lease (so a lone CN is the
     * leader on return, and a CN joining a running cluster knows its leader).
     *
     * @param metaDb autocommit connections to the metadb holding {@code polardbx_meta}, closed after each use
     */
    public static TsoService start(Supplier<Connection> metaDb, TsoServiceConfig config) {
        TsoService service = new TsoService(metaDb, config);
        service.step();
        service.election.start();
        return service;
    }

    /** A timestamp from this CN's term as leader, or from the leader over the network. */
    @Override
    public long next() {
        long deadline = System.nanoTime() + config.unavailableTimeout().toNanos();
        while (true) {
            TsoUnavailableException failure;
            try {
                TsoLeader term = leader;
                if (term != null) {
                    long ts = term.next();
                    FROM_SELF.increment();
                    return ts;
                }
                long ts = follow(deadline).next(deadline - System.nanoTime());
                FROM_REMOTE.increment();
                return ts;
            } catch (TsoUnavailableException e) {
                failure = e;
            }
            pauseBeforeRetry(deadline, failure);
        }
    }

    /**
     * The commit gate of the current leader: this CN's own gate while it leads, else a remote gate over the
     * connection to the leader. Call the matching exit on the same instance as the enter; after a leader change,
     * get the gate again.
     */
    public CommitGate commitGate() {
        long deadline = System.nanoTime() + config.unavailableTimeout().toNanos();
        while (true) {
            TsoUnavailableException failure;
            try {
                TsoLeader term = leader;
                if (term != null) {
                    if (!term.serving()) {
                        throw new TsoUnavailableException("this CN's TSO lease may have expired");
                    }
                    return term.gate();
                }
                return follow(deadline).gate();
            } catch (TsoUnavailableException e) {
                failure = e;
            }
            pauseBeforeRetry(deadline, failure);
        }
    }

    /** True while this CN holds the lease and its local view of it is valid. */
    public boolean isLeader() {
        TsoLeader term = leader;
        return term != null && term.serving();
    }

    /** {@code host:port} of this CN's TSO server, as published in the lease while it leads. */
    public String address() {
        return address;
    }

    public String cnId() {
        return config.cnId();
    }

    /** Stops serving, gives the lease up (so another CN takes over at once) and closes the network. */
    @Override
    public void close() {
        TsoLeader term = shutDown();
        if (term != null) {
            try {
                lease.release(config.cnId(), term.epoch());
                log.info("CN {} gave the TSO lease up (epoch {})", config.cnId(), term.epoch());
            } catch (SQLException | RuntimeException e) {
                log.warn("could not give the TSO lease up; it expires on its own: {}", e.getMessage());
            }
        }
    }

    /** Test hook: stops like a killed process, leaving the lease to expire. */
    void crash() {
        shutDown();
    }

    /** The lease row as the metadb has it now (tests). */
    TsoLease lease() {
        return lease;
    }

    private TsoLeader shutDown() {
        TsoLeader term;
        synchronized (roleLock) {
            if (closed) {
                return null;
            }
            closed = true;
            term = leader;
            leader = null;
            if (term != null) {
                term.end();
            }
            roleLock.notifyAll();
        }
        election.interrupt();
        try {
            election.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeClient();
        server.close();
        gateExecutor.shutdownNow();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        return term;
    }

    /** The term that may answer requests now, or null. */
    private TsoLeader servingLeader() {
        TsoLeader term = leader;
        return term != null && term.serving() ? term : null;
    }

    private TsoClient follow(long deadline) {
        String target = leaderAddress;
        if (target == null) {
            throw new TsoUnavailableException("no TSO leader known");
        }
        if (target.equals(address)) {
            throw new TsoUnavailableException("the TSO lease still names this CN, which does not serve now");
        }
        synchronized (clientLock) {
            if (closed) {
                throw new TsoUnavailableException("TSO service closed");
            }
            if (client != null && client.isOpen() && client.address().equals(target)) {
                return client;
            }
            if (client != null) {
                client.close();
                client = null;
            }
            long remainingMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            client = TsoClient.connect(group, target, Math.max(1, Math.min(CONNECT_TIMEOUT_MS, remainingMs)),
                config.gateTimeout().toMillis());
            log.debug("CN {} connected to the TSO leader at {}", config.cnId(), target);
            return client;
        }
    }

    private void pauseBeforeRetry(long deadline, TsoUnavailableException failure) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || closed) {
            throw new SqlError(failure, ErrorCode.ER_INTERNAL, "TSO unavailable"
                + (closed ? " (service closed)" : " for " + config.unavailableTimeout().toMillis() + " ms")
                + ": " + failure.getMessage());
        }
        requestStep();
        try {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, RETRY_PAUSE_NANOS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED);
        }
    }

    private void closeClient() {
        synchronized (clientLock) {
            if (client != null) {
                client.close();
                client = null;
            }
        }
    }

    /** Asks the lease loop to look at the lease now rather than at its next period. */
    private void requestStep() {
        synchronized (roleLock) {
            stepRequested = true;
            roleLock.notifyAll();
        }
    }

    private void electionLoop() {
        long periodNanos = config.renewInterval().toNanos();
        long minGapNanos = Math.min(periodNanos, TimeUnit.MILLISECONDS.toNanos(50));
        long lastStep = System.nanoTime();
        while (!closed) {
            try {
                synchronized (roleLock) {
                    while (!closed) {
                        long sinceLast = System.nanoTime() - lastStep;
                        long wait = stepRequested ? minGapNanos - sinceLast : periodNanos - sinceLast;
                        if (wait <= 0) {
                            break;
                        }
                        TimeUnit.NANOSECONDS.timedWait(roleLock, wait);
                    }
                    stepRequested = false;
                }
            } catch (InterruptedException e) {
                return;
            }
            if (closed) {
                return;
            }
            lastStep = System.nanoTime();
            // an Error in one step (the heap exhausted by a query) must not end lease renewal for good
            com.polardbx.common.error.Failures.runRound(log, "TSO lease step of CN " + config.cnId(), this::step);
        }
    }

    /** One look at the lease: renew it when held, else take it when free, else learn the leader's address. */
    private void step() {
        try {
            TsoLeader term = leader;
            if (term != null) {
                renew(term);
                return;
            }
            TsoLease.Row row = lease.read();
            if (row.expiredFor(config.leaseMargin().toMillis()) && acquire()) {
                return;
            }
            if (row.expiredFor(config.leaseMargin().toMillis())) {
                row = lease.read();
            }
            leaderAddress = row.holder().isEmpty() ? null : row.address();
        } catch (SQLException | RuntimeException e) {
            warn("TSO lease check failed", e);
        }
    }

    private boolean acquire() throws SQLException {
        long sent = System.nanoTime();
        OptionalLong acquired = lease.tryAcquire(config.cnId(), address, config.lease().toMillis(),
            config.leaseMargin().toMillis());
        if (acquired.isEmpty()) {
            return false;
        }
        long epoch = acquired.getAsLong();
        TsoWindow fenced = lease.fencedWindow(config.cnId(), epoch);
        TsoWindow watched = new TsoWindow() {
            @Override
            public long load() throws SQLException {
                return fenced.load();
            }

            @Override
            public void raise(long bound) throws SQLException {
                try {
                    fenced.raise(bound);
                } catch (LeaseLostException e) {
                    lost(epoch, e.getMessage());
                    throw e;
                }
            }
        };
        Tso tso;
        try {
            tso = new Tso(watched, System::currentTimeMillis, WINDOW_MS, WINDOW_RENEW_MARGIN_MS);
        } catch (RuntimeException e) {
            log.warn("CN {} took the TSO lease (epoch {}) but cannot start the TSO; giving it up: {}", config.cnId(),
                epoch, e.getMessage());
            lease.release(config.cnId(), epoch);
            return false;
        }
        synchronized (roleLock) {
            if (closed) {
                lease.release(config.cnId(), epoch);
                return true;
            }
            leader = new TsoLeader(epoch, tso, sent + leaseNanos - marginNanos);
            leaderAddress = address;
        }
        closeClient();
        log.info("CN {} is the TSO leader (epoch {}), serving at {}", config.cnId(), epoch, address);
        return true;
    }

    private void renew(TsoLeader term) {
        long sent = System.nanoTime();
        boolean wasServing = term.serving();
        try {
            if (lease.renew(config.cnId(), term.epoch(), config.lease().toMillis())) {
                term.extend(sent + leaseNanos - marginNanos);
                if (!wasServing) {
                    log.info("CN {} renewed its TSO lease (epoch {}) again and serves", config.cnId(), term.epoch());
                }
            } else {
                lost(term.epoch(), "the lease row names another holder or epoch");
            }
        } catch (SQLException | RuntimeException e) {
            warn("TSO lease renewal failed (" + (term.serving() ? "still serving" : "not serving") + ")", e);
        }
    }

    /** Failures repeat every retry while the metadb is away: log them at most once a second. */
    private void warn(String what, Exception e) {
        long now = System.nanoTime();
        if (lastWarnNanos == 0 || now - lastWarnNanos >= WARN_EVERY_NANOS) {
            lastWarnNanos = now;
            log.warn("CN {}: {}: {}", config.cnId(), what, e.getMessage());
        }
    }

    /** Ends the term of {@code epoch} at once: another CN holds the lease now. */
    private void lost(long epoch, String reason) {
        TsoLeader term;
        synchronized (roleLock) {
            term = leader;
            if (term == null || term.epoch() != epoch) {
                return;
            }
            leader = null;
            leaderAddress = null;
            term.end();
            stepRequested = true;
            roleLock.notifyAll();
        }
        server.closeConnections();
        log.warn("CN {} lost the TSO lease (epoch {}): {}", config.cnId(), epoch, reason);
    }
}
