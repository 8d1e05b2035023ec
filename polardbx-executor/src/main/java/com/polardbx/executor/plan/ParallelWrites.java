package com.polardbx.executor.plan;

import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import java.sql.Connection;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Physical writes of one statement that go to several DNs (a row and its global index rows), run on the DNs at the
 * same time: the statements of one DN in their order on its connection, the DNs in parallel when the connections
 * allow it (a transaction's branches do, each used by one thread at a time). The connections are acquired on the
 * calling thread first ({@link ConnectionProvider#open} starts missing transaction branches together). When
 * several fail, the failure of the earliest statement is thrown, after every DN finished.
 */
public final class ParallelWrites {
    /** Daemon threads for the DNs after the first (which runs on the caller), grown on demand. */
    private static final ExecutorService WRITERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dn-writer");
        t.setDaemon(true);
        return t;
    });

    private ParallelWrites() {
    }

    /** What one statement did: its count and the DN's warnings. */
    public record Outcome(PlanExecutor.WriteCount count, List<SQLWarning> warnings) {
    }

    /** Runs the statements; the outcomes are in the statements' order. */
    public static List<Outcome> run(List<ShardQuery> queries, ConnectionProvider connections) {
        Map<String, List<Integer>> byDn = new LinkedHashMap<>();
        for (int i = 0; i < queries.size(); i++) {
            byDn.computeIfAbsent(queries.get(i).dnId(), x -> new ArrayList<>()).add(i);
        }
        Outcome[] outcomes = new Outcome[queries.size()];
        if (byDn.size() < 2 || !connections.allowsParallelAcrossDataNodes()) {
            for (int i = 0; i < queries.size(); i++) {
                outcomes[i] = write(queries.get(i), connections);
            }
            return List.of(outcomes);
        }
        connections.open(byDn.keySet());
        Map<String, Connection> acquired = new LinkedHashMap<>();
        try {
            for (String dn : byDn.keySet()) {
                acquired.put(dn, connections.acquire(dn));
            }
            ConnectionProvider fixed = fixed(acquired, connections.allowsParallel());
            runGroups(new ArrayList<>(byDn.values()), queries, fixed, outcomes);
            return List.of(outcomes);
        } finally {
            acquired.forEach(connections::release);
        }
    }

    /**
     * Runs one statement (such as {@code SAVEPOINT}) on each of these connections, at the same time; throws the first
     * failure after all finished.
     */
    public static void runOnEach(Map<String, Connection> connections, String sql) {
        List<ShardQuery> queries = new ArrayList<>();
        List<List<Integer>> groups = new ArrayList<>();
        for (String dn : connections.keySet()) {
            groups.add(List.of(queries.size()));
            queries.add(new ShardQuery(dn, sql));
        }
        if (!queries.isEmpty()) {
            runGroups(groups, queries, fixed(connections, false), new Outcome[queries.size()]);
        }
    }

    /** The first group on this thread, the others on the pool; throws the earliest group's failure. */
    private static void runGroups(List<List<Integer>> groups, List<ShardQuery> queries, ConnectionProvider fixed,
                                  Outcome[] outcomes) {
        List<CompletableFuture<Void>> others = new ArrayList<>();
        for (List<Integer> group : groups.subList(1, groups.size())) {
            others.add(CompletableFuture.runAsync(() -> runGroup(group, queries, fixed, outcomes), WRITERS));
        }
        Throwable[] failures = new Throwable[groups.size()];
        try {
            runGroup(groups.get(0), queries, fixed, outcomes);
        } catch (RuntimeException e) {
            failures[0] = e;
        }
        for (int g = 0; g < others.size(); g++) {
            try {
                others.get(g).join();
            } catch (CompletionException e) {
                failures[g + 1] = e.getCause();
            }
        }
        for (Throwable t : failures) { // groups are in the order of their first statement
            if (t instanceof RuntimeException re) {
                throw re;
            }
            if (t instanceof Error err) {
                throw err;
            }
        }
    }

    private static void runGroup(List<Integer> group, List<ShardQuery> queries, ConnectionProvider connections,
                                 Outcome[] outcomes) {
        for (int i : group) {
            outcomes[i] = write(queries.get(i), connections);
        }
    }

    private static Outcome write(ShardQuery query, ConnectionProvider connections) {
        List<SQLWarning> warnings = new ArrayList<>();
        PlanExecutor.WriteCount count = PlanExecutor.write(query, connections, warnings::add);
        return new Outcome(count, warnings);
    }

    /** The already acquired connections, one per DN; releasing them is the caller's. */
    private static ConnectionProvider fixed(Map<String, Connection> acquired, boolean parallel) {
        return new ConnectionProvider() {
            @Override
            public Connection acquire(String dnId) {
                return acquired.get(dnId);
            }

            @Override
            public void release(String dnId, Connection connection) {
            }

            @Override
            public boolean allowsParallel() {
                return parallel;
            }
        };
    }
}
