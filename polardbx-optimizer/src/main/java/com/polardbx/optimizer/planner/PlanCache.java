package com.polardbx.optimizer.planner;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.polardbx.optimizer.rel.LogicalView;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelVisitor;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Plans by parameterized query text ({@link SqlParameterizer}), schema and metadata version. A plan is cached only
 * when every parameter ended up inside SQL pushed to the DNs: then running it with other constants means only
 * putting them into that SQL. A query whose plan would need a parameter in the CN (a filter above a join, a
 * projected constant) is remembered as not cacheable and planned from its text each time. Thread-safe.
 */
final class PlanCache {
    /** {@code onlyFullGroupBy}: the sql_mode flag that decides whether ungrouped columns are refused. */
    record Key(String schema, String template, long metaVersion, boolean onlyFullGroupBy) {
    }

    /** A cached plan, or empty for a template known not to be cacheable. */
    private final Cache<Key, Optional<QueryPlanner.QueryPlan>> plans;
    /** Executions that reused a cached plan, and those that had to plan (first sight, or not cacheable). */
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    PlanCache(int maxEntries) {
        plans = CacheBuilder.newBuilder().maximumSize(maxEntries).build();
    }

    /** null when the template was never planned; empty when it can't be cached. */
    Optional<QueryPlanner.QueryPlan> get(Key key) {
        return plans.getIfPresent(key);
    }

    void recordHit() {
        hits.increment();
    }

    void recordMiss() {
        misses.increment();
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    void put(Key key, QueryPlanner.QueryPlan plan) {
        plans.put(key, plan != null && parametersOnlyInViews(plan.root()) ? Optional.of(plan) : Optional.empty());
    }

    long size() {
        return plans.size();
    }

    /** True when no expression evaluated by the CN refers to a dynamic parameter. */
    static boolean parametersOnlyInViews(RelNode root) {
        boolean[] found = {false};
        RexShuttle finder = new RexShuttle() {
            @Override
            public RexNode visitDynamicParam(RexDynamicParam param) {
                found[0] = true;
                return param;
            }
        };
        new RelVisitor() {
            @Override
            public void visit(RelNode node, int ordinal, RelNode parent) {
                if (node instanceof LogicalView) {
                    return; // pushed down: its parameters are bound into the shard SQL
                }
                node.accept(finder);
                super.visit(node, ordinal, parent);
            }
        }.go(root);
        return !found[0];
    }
}
