package com.polardbx.transaction.deadlock;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A directed graph "waiter waits for blocker", each edge labelled with the DN lock wait it comes from. Iteration and
 * cycle search follow insertion order, so results are deterministic. Not thread-safe.
 *
 * @param <N> node type; equal nodes are one node
 */
final class WaitForGraph<N> {
    /** One edge: {@code waiter} waits for {@code blocker} because of {@code lockWait}. */
    record Edge<N>(N waiter, N blocker, LockWait lockWait) {
    }

    private final Map<N, List<Edge<N>>> out = new LinkedHashMap<>();

    /** Adds an edge; a self-loop (a transaction never waits for itself) and a repeated pair are ignored. */
    void addEdge(N waiter, N blocker, LockWait wait) {
        if (waiter.equals(blocker)) {
            return;
        }
        List<Edge<N>> edges = out.computeIfAbsent(waiter, n -> new ArrayList<>());
        out.computeIfAbsent(blocker, n -> new ArrayList<>());
        for (Edge<N> e : edges) {
            if (e.blocker().equals(blocker)) {
                return;
            }
        }
        edges.add(new Edge<>(waiter, blocker, wait));
    }

    boolean isEmpty() {
        return out.isEmpty();
    }

    /** The edges leaving a node (empty for an unknown node). */
    List<Edge<N>> edgesFrom(N node) {
        return out.getOrDefault(node, List.of());
    }

    /** Removes a node and every edge touching it. */
    void removeNode(N node) {
        if (out.remove(node) == null) {
            return;
        }
        for (List<Edge<N>> edges : out.values()) {
            edges.removeIf(e -> e.blocker().equals(node));
        }
    }

    /**
     * Some cycle, as its edges in wait order (the first edge's waiter is the last edge's blocker), or empty when the
     * graph is acyclic. Iterative depth-first search: O(nodes + edges).
     */
    Optional<List<Edge<N>>> findCycle() {
        Map<N, Integer> state = new HashMap<>(); // absent: unvisited, 1: on the current path, 2: done
        for (N root : out.keySet()) {
            if (state.containsKey(root)) {
                continue;
            }
            Deque<Iterator<Edge<N>>> stack = new ArrayDeque<>();
            Deque<Edge<N>> path = new ArrayDeque<>();
            state.put(root, 1);
            stack.push(out.get(root).iterator());
            while (!stack.isEmpty()) {
                Iterator<Edge<N>> it = stack.peek();
                if (!it.hasNext()) {
                    stack.pop();
                    Edge<N> via = path.pollLast();
                    state.put(via == null ? root : via.blocker(), 2);
                    continue;
                }
                Edge<N> edge = it.next();
                Integer seen = state.get(edge.blocker());
                if (seen == null) {
                    state.put(edge.blocker(), 1);
                    path.addLast(edge);
                    stack.push(out.get(edge.blocker()).iterator());
                } else if (seen == 1) {
                    return Optional.of(cycleEndingWith(path, edge));
                }
            }
        }
        return Optional.empty();
    }

    /** The tail of the path from the back edge's target, plus the back edge. */
    private List<Edge<N>> cycleEndingWith(Deque<Edge<N>> path, Edge<N> back) {
        List<Edge<N>> list = new ArrayList<>(path);
        int start = 0;
        for (int i = list.size() - 1; i >= 0; i--) {
            if (list.get(i).waiter().equals(back.blocker())) {
                start = i;
                break;
            }
        }
        List<Edge<N>> cycle = new ArrayList<>(list.subList(start, list.size()));
        cycle.add(back);
        return cycle;
    }
}
