package com.polardbx.transaction.deadlock;

import com.polardbx.transaction.connection.DataNodePools;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds deadlocks that span data nodes, which no DN can see on its own, and breaks each by killing the waiting
 * statement of one transaction of this CN. Log channel {@code polardbx.deadlock}. Thread-safe.
 *
 * <p>Every poll (default every 500 ms, only while a {@linkplain #watch watched} transaction has branches on two or more
 * DNs, and only on the DNs of such transactions: a cycle can change DN only through such a transaction) reads each
 * DN's lock waits ({@link DataNodeLockWaits}) and builds the global wait-for graph: a branch session that belongs to a
 * watched transaction is that transaction's node, any other DN transaction is a node of its own. A cycle is acted on
 * only when every edge of it was seen in two consecutive polls, because the DNs are read one after the other and a
 * cycle assembled from edges of different moments may never have existed; when the latest poll shows an unconfirmed
 * cycle, the next poll comes after {@value #CONFIRM_DELAY_MILLIS} ms instead of the full interval. InnoDB serves its
 * lock tables from a cache that is refreshed only after 100 ms without readers, so with several readers (other CNs,
 * monitoring) a poll may see an old picture; before acting, every waiter of a confirmed cycle is therefore checked
 * against {@code PROCESSLIST}, which is live: it must still be running the statement that was running when its wait was
 * first seen (a wait ends only with its statement or when its blocker lets go, and in a cycle no blocker lets go unless
 * some waiter's statement ended).
 *
 * <p>Victim: the youngest transaction of this CN in the cycle (largest id, that is the latest begin), MySQL-like in
 * that the transaction that has run the shortest time is undone. The victim is marked first
 * ({@link DeadlockParticipant#markDeadlockVictim}), then its waiting statement is killed with {@code KILL QUERY}
 * on the DN where it waits; its owner then gets error 1317 from the DN, and the transaction turns that into 1213 and
 * rolls back every branch (see {@code Transaction#statementFailed}). Transactions of other processes are never
 * killed: a cycle without a transaction of this CN is left alone.
 */
public final class DeadlockDetector implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("polardbx.deadlock");
    static final long CONFIRM_DELAY_MILLIS = 200;
    /** Detector sessions unused this long are closed. */
    private static final long IDLE_SESSION_MILLIS = 60_000;
    private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

    private final LockWaitMonitor monitor;
    private final Set<DeadlockParticipant> participants = ConcurrentHashMap.newKeySet();
    private final Set<String> failingDns = new HashSet<>();
    private final AtomicLong victims = new AtomicLong();
    /** Waits seen in the latest poll, each with the time (nanos) it was first seen in an unbroken run of polls. */
    private Map<LockWait, Long> firstSeen = Map.of();
    private volatile Thread thread;
    private volatile boolean closed;

    /** A DN transaction that is not a branch of a watched transaction; {@code trxId} tells apart session-less ones. */
    record DataNodeTransaction(String dnId, long threadId, String trxId) {
        @Override
        public String toString() {
            return "DN transaction (" + dnId + " thread " + threadId + ")";
        }
    }

    private record Session(String dnId, long threadId) {
    }

    public DeadlockDetector(DataNodePools pools) {
        this.monitor = new LockWaitMonitor(pools);
    }

    /** Takes a transaction of this CN into account until {@link #forget}. */
    public void watch(DeadlockParticipant participant) {
        participants.add(participant);
    }

    public void forget(DeadlockParticipant participant) {
        participants.remove(participant);
    }

    /** Starts polling on a daemon thread (idempotent). Intervals below 100 ms are raised to 100 ms. */
    public synchronized void start(Duration interval) {
        if (thread != null || closed) {
            return;
        }
        long intervalMillis = Math.max(interval.toMillis(), MIN_INTERVAL.toMillis());
        Thread t = new Thread(() -> loop(intervalMillis), "deadlock-detector");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    /** The number of victims chosen so far. */
    public long victimsChosen() {
        return victims.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        monitor.close();
    }

    private void loop(long intervalMillis) {
        while (!closed) {
            long delay = intervalMillis;
            try {
                if (detectOnce()) {
                    delay = Math.min(intervalMillis, CONFIRM_DELAY_MILLIS);
                }
                monitor.closeIdle(IDLE_SESSION_MILLIS);
            } catch (Throwable e) {
                // an OutOfMemoryError caused by some query must not end detection for every later transaction
                com.polardbx.common.error.Failures.roundFailed(log, "deadlock detection round", e);
            }
            LockSupport.parkNanos(delay * 1_000_000);
        }
    }

    /**
     * One poll: reads the DNs, kills the victims of confirmed cycles.
     *
     * @return true when an unconfirmed cycle involving this CN is in sight (poll again soon)
     */
    boolean detectOnce() {
        Map<Session, DeadlockParticipant> owners = new HashMap<>();
        Set<String> dataNodes = new TreeSet<>();
        for (DeadlockParticipant p : participants) {
            Map<String, Long> sessions = p.dataNodeSessions();
            sessions.forEach((dnId, threadId) -> owners.put(new Session(dnId, threadId), p));
            if (sessions.size() >= 2) {
                dataNodes.addAll(sessions.keySet());
            }
        }
        if (dataNodes.isEmpty()) {
            firstSeen = Map.of();
            return false;
        }
        Map<LockWait, Long> seenNow = readWaits(dataNodes);
        List<LockWait> confirmed = new ArrayList<>();
        Map<LockWait, Long> previous = firstSeen;
        seenNow.replaceAll((wait, readAt) -> {
            Long before = previous.get(wait);
            if (before == null) {
                return readAt;
            }
            confirmed.add(wait);
            return before;
        });
        firstSeen = seenNow;
        Set<DeadlockParticipant> resolved = resolve(graph(confirmed, owners));
        WaitForGraph<Object> latest = graph(new ArrayList<>(seenNow.keySet()), owners);
        for (DeadlockParticipant p : owners.values()) {
            if (resolved.contains(p) || p.deadlockVictim()) {
                latest.removeNode(p);
            }
        }
        return cycleWithParticipant(latest);
    }

    /** The waits on the DNs, each with the time its DN's answer arrived. */
    private Map<LockWait, Long> readWaits(Set<String> dataNodes) {
        Map<LockWait, Long> waits = new LinkedHashMap<>();
        for (String dnId : dataNodes) {
            try {
                List<LockWait> read = monitor.read(dnId);
                long readAt = System.nanoTime();
                read.forEach(w -> waits.put(w, readAt));
                failingDns.remove(dnId);
            } catch (SQLException e) {
                if (failingDns.add(dnId)) {
                    log.warn("reading the lock waits of {} failed (deadlocks through it fall back to the lock wait "
                        + "timeout): {}", dnId, e.getMessage());
                }
            }
        }
        return waits;
    }

    private static WaitForGraph<Object> graph(List<LockWait> waits, Map<Session, DeadlockParticipant> owners) {
        WaitForGraph<Object> graph = new WaitForGraph<>();
        for (LockWait w : waits) {
            graph.addEdge(node(w.dnId(), w.waiterThreadId(), w.waiterTrxId(), owners),
                node(w.dnId(), w.blockerThreadId(), w.blockerTrxId(), owners), w);
        }
        return graph;
    }

    private static Object node(String dnId, long threadId, String trxId, Map<Session, DeadlockParticipant> owners) {
        DeadlockParticipant owner = threadId == 0 ? null : owners.get(new Session(dnId, threadId));
        if (owner != null) {
            return owner;
        }
        return new DataNodeTransaction(dnId, threadId, threadId == 0 ? trxId : "");
    }

    /** Breaks every cycle that has a transaction of this CN; returns the victims. */
    private Set<DeadlockParticipant> resolve(WaitForGraph<Object> graph) {
        Set<DeadlockParticipant> chosen = new LinkedHashSet<>();
        for (Optional<List<WaitForGraph.Edge<Object>>> cycle = graph.findCycle(); cycle.isPresent();
             cycle = graph.findCycle()) {
            if (!stillStuck(cycle.get())) {
                graph.removeNode(cycle.get().get(0).waiter()); // an old picture: let the next polls tell
                continue;
            }
            DeadlockParticipant victim = null;
            boolean markedBefore = false;
            for (DeadlockParticipant candidate : victimCandidates(cycle.get())) {
                markedBefore = candidate.deadlockVictim();
                if (markedBefore || candidate.markDeadlockVictim()) {
                    victim = candidate;
                    break;
                }
            }
            if (victim == null) {
                graph.removeNode(cycle.get().get(0).waiter()); // nothing of ours to undo here
                continue;
            }
            List<LockWait> victimWaits = graph.edgesFrom(victim).stream().map(WaitForGraph.Edge::lockWait).toList();
            if (!markedBefore) {
                victims.incrementAndGet();
                log.info("deadlock: {}; victim: transaction {} (the youngest of this CN in the cycle), killing its "
                    + "waiting statement: {}", describe(cycle.get()), victim.id(), sessions(victimWaits));
            } else {
                log.debug("transaction {}, already a deadlock victim, still waits: killing again", victim.id());
            }
            for (LockWait wait : victimWaits) {
                kill(victim, wait);
            }
            chosen.add(victim);
            graph.removeNode(victim);
        }
        return chosen;
    }

    /**
     * True when every waiter of the cycle still runs, by {@code PROCESSLIST}, a statement that began before its wait was
     * first seen: then none of the waits has ended since, and the cycle is real now.
     */
    private boolean stillStuck(List<WaitForGraph.Edge<Object>> cycle) {
        long now = System.nanoTime();
        Map<String, List<LockWait>> byDataNode = new LinkedHashMap<>();
        for (WaitForGraph.Edge<Object> edge : cycle) {
            byDataNode.computeIfAbsent(edge.lockWait().dnId(), dn -> new ArrayList<>()).add(edge.lockWait());
        }
        for (Map.Entry<String, List<LockWait>> entry : byDataNode.entrySet()) {
            Map<Long, Double> running;
            try {
                running = monitor.statementMillis(entry.getKey(),
                    entry.getValue().stream().map(LockWait::waiterThreadId).distinct().toList());
            } catch (SQLException e) {
                log.warn("checking a deadlock candidate on {} failed: {}", entry.getKey(), e.getMessage());
                return false;
            }
            for (LockWait wait : entry.getValue()) {
                Double millis = running.get(wait.waiterThreadId());
                double waitingAtLeast = (now - firstSeen.get(wait)) / 1e6;
                if (millis == null || millis < waitingAtLeast) {
                    log.debug("not a deadlock (any more): {} ended its statement", wait);
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The transactions of this CN in a cycle in the order they are tried as victim: one already marked (a kill that
     * has not taken effect yet: no second victim), else the youngest first.
     */
    static List<DeadlockParticipant> victimCandidates(List<WaitForGraph.Edge<Object>> cycle) {
        List<DeadlockParticipant> candidates = new ArrayList<>();
        for (WaitForGraph.Edge<Object> edge : cycle) {
            if (edge.waiter() instanceof DeadlockParticipant p) {
                candidates.add(p);
            }
        }
        candidates.sort(Comparator.comparing((DeadlockParticipant p) -> !p.deadlockVictim())
            .thenComparing(Comparator.comparingLong(DeadlockParticipant::id).reversed()));
        return candidates;
    }

    private void kill(DeadlockParticipant victim, LockWait wait) {
        try {
            boolean sent = victim.whileSessionOwned(wait.dnId(), wait.waiterThreadId(),
                () -> monitor.killQuery(wait.dnId(), wait.waiterThreadId()));
            if (!sent) {
                log.info("transaction {} left session {} on {} before the kill; nothing to kill", victim.id(),
                    wait.waiterThreadId(), wait.dnId());
            }
        } catch (SQLException e) {
            log.warn("KILL QUERY {} on {} for deadlock victim {} failed (retried next poll): {}",
                wait.waiterThreadId(), wait.dnId(), victim.id(), e.getMessage());
        }
    }

    private static boolean cycleWithParticipant(WaitForGraph<Object> graph) {
        for (Optional<List<WaitForGraph.Edge<Object>>> cycle = graph.findCycle(); cycle.isPresent();
             cycle = graph.findCycle()) {
            if (!victimCandidates(cycle.get()).isEmpty()) {
                return true;
            }
            graph.removeNode(cycle.get().get(0).waiter());
        }
        return false;
    }

    static String describe(List<WaitForGraph.Edge<Object>> cycle) {
        return cycle.stream()
            .map(e -> name(e.waiter()) + " waits on " + e.lockWait().dnId() + " for " + name(e.blocker()))
            .collect(Collectors.joining(", "));
    }

    private static String sessions(List<LockWait> waits) {
        return waits.stream().map(w -> "KILL QUERY " + w.waiterThreadId() + " on " + w.dnId())
            .distinct().collect(Collectors.joining(", "));
    }

    private static String name(Object node) {
        return node instanceof DeadlockParticipant p ? "transaction " + p.id() : node.toString();
    }
}
