package com.polardbx.transaction.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TestWaitForGraph {
    private static LockWait wait(String dnId, long waiter, long blocker) {
        return new LockWait(dnId, waiter, "1" + waiter, "lock-" + waiter, blocker, "1" + blocker);
    }

    private static List<String> waiters(List<WaitForGraph.Edge<String>> cycle) {
        return cycle.stream().map(WaitForGraph.Edge::waiter).toList();
    }

    @Test
    void chainIsAcyclic() {
        WaitForGraph<String> g = new WaitForGraph<>();
        g.addEdge("a", "b", wait("dn1", 1, 2));
        g.addEdge("b", "c", wait("dn2", 2, 3));
        g.addEdge("a", "c", wait("dn2", 1, 3));
        assertTrue(g.findCycle().isEmpty());
    }

    @Test
    void twoNodeCycleAcrossDataNodes() {
        WaitForGraph<String> g = new WaitForGraph<>();
        g.addEdge("t1", "t2", wait("dn2", 1, 2));
        g.addEdge("t2", "t1", wait("dn1", 2, 1));
        List<WaitForGraph.Edge<String>> cycle = g.findCycle().orElseThrow();
        assertEquals(List.of("t1", "t2"), waiters(cycle));
        assertEquals("dn2", cycle.get(0).lockWait().dnId());
        assertEquals(cycle.get(0).waiter(), cycle.get(cycle.size() - 1).blocker());
    }

    @Test
    void cycleReachedThroughATailExcludesTheTail() {
        WaitForGraph<String> g = new WaitForGraph<>();
        g.addEdge("x", "a", wait("dn1", 9, 1));
        g.addEdge("a", "b", wait("dn1", 1, 2));
        g.addEdge("b", "c", wait("dn2", 2, 3));
        g.addEdge("c", "a", wait("dn1", 3, 1));
        assertEquals(List.of("a", "b", "c"), waiters(g.findCycle().orElseThrow()));
    }

    @Test
    void removingANodeBreaksItsCycles() {
        WaitForGraph<String> g = new WaitForGraph<>();
        g.addEdge("a", "b", wait("dn1", 1, 2));
        g.addEdge("b", "a", wait("dn2", 2, 1));
        g.addEdge("b", "c", wait("dn2", 2, 3));
        g.addEdge("c", "b", wait("dn1", 3, 2));
        g.removeNode("a");
        assertEquals(List.of("b", "c"), waiters(g.findCycle().orElseThrow()));
        g.removeNode("b");
        assertTrue(g.findCycle().isEmpty());
    }

    @Test
    void selfLoopsAndRepeatedEdgesAreIgnored() {
        WaitForGraph<String> g = new WaitForGraph<>();
        g.addEdge("a", "a", wait("dn1", 1, 1));
        assertTrue(g.isEmpty());
        g.addEdge("a", "b", wait("dn1", 1, 2));
        g.addEdge("a", "b", wait("dn2", 1, 2));
        assertEquals(1, g.edgesFrom("a").size());
    }

    @Test
    void longCycleDoesNotOverflowTheStack() {
        WaitForGraph<Integer> g = new WaitForGraph<>();
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            g.addEdge(i, (i + 1) % n, wait("dn1", i, (i + 1) % n));
        }
        assertEquals(n, g.findCycle().orElseThrow().size());
    }
}
