package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.route.PartitionPruner;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A 50,000-value IN list stays a predicate pushed to the DNs as IN: Calcite's default made it a join with a VALUES
 * table (a full scan of every shard, 22 s to plan in a cluster). Timing is printed, not asserted: the build machine is
 * shared.
 */
class TestLongInList {
    private final QueryPlanner planner = new QueryPlanner(TestPushdown::catalog,
        new PartitionPruner(new PartitionRouter()));

    @Test
    void fiftyThousandValuesPlanQuickly() {
        String values = IntStream.range(0, 50_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        planner.plan("shop", "SELECT id FROM orders WHERE id IN (1, 2)"); // warm up the planner's classes
        for (String sql : new String[] {"SELECT id, amount FROM orders WHERE id IN (" + values + ")",
            "SELECT status, COUNT(*) FROM orders WHERE amount IN (" + values + ") GROUP BY status"}) {
            long start = System.nanoTime();
            QueryPlanner.QueryPlan plan = planner.plan("shop", sql);
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("planned in " + millis + " ms: " + org.apache.calcite.plan.RelOptUtil.toString(
                plan.root()).lines().map(l -> l.length() > 200 ? l.substring(0, 200) : l).collect(Collectors.joining("\n")));
            String text = org.apache.calcite.plan.RelOptUtil.toString(plan.root());
            assertTrue(!text.contains("LogicalValues") && !text.contains("Join"), "no join with a VALUES table");
            assertTrue(text.contains(" IN (0, 1, 2, 3"), "the list is pushed down as IN");
        }
    }

    @Test
    void planningStopsWith1317OnceTheQueryIsCancelled() {
        String values = IntStream.range(0, 50_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        // KILL QUERY arrives after the text was parsed: the planner gives up at its next check
        com.polardbx.common.error.SqlError e = org.junit.jupiter.api.Assertions.assertThrows(
            com.polardbx.common.error.SqlError.class, () -> planner.plan("shop",
                "SELECT id FROM orders WHERE id IN (" + values + ")", false, () -> checks.incrementAndGet() > 1));
        org.junit.jupiter.api.Assertions.assertEquals(1317, e.errno());
        org.junit.jupiter.api.Assertions.assertEquals(2, checks.get(), "stopped at the first check after parsing");
    }

    @Test
    void rewritesCheckForCancellationBeforeEachRuleTheyTry() {
        String values = IntStream.range(0, 5_000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        // five checks fall between phases, the last one before the rewrites; the kill comes after it
        com.polardbx.common.error.SqlError e = org.junit.jupiter.api.Assertions.assertThrows(
            com.polardbx.common.error.SqlError.class, () -> planner.plan("shop",
                "SELECT status, COUNT(*) FROM orders WHERE id IN (" + values + ") AND amount > 1 GROUP BY status",
                false, () -> checks.incrementAndGet() > 4));
        org.junit.jupiter.api.Assertions.assertEquals(1317, e.errno());
        org.junit.jupiter.api.Assertions.assertTrue(checks.get() >= 5, "checks: " + checks.get());
    }

    @Test
    void stringListsAndLongOrChainsPlanAsOneSearch() {
        String strings = IntStream.range(0, 50_000).mapToObj(i -> "'s" + i + "'").collect(Collectors.joining(","));
        String text = org.apache.calcite.plan.RelOptUtil.toString(planner.plan("shop",
            "SELECT id FROM orders WHERE status IN (" + strings + ")").root());
        assertTrue(text.contains("`status` IN ('s0', 's1', 's10'"), text.substring(0, 300));
        String chain = IntStream.range(0, 10_000).mapToObj(i -> "id = " + i).collect(Collectors.joining(" OR "));
        text = org.apache.calcite.plan.RelOptUtil.toString(planner.plan("shop",
            "SELECT id FROM orders WHERE amount > 5 AND (" + chain + " OR status = 'x')").root());
        assertTrue(text.contains("`id` IN (0, 1, 2, 3"), text.substring(0, 300));
    }
}
