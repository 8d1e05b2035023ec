package com.polardbx.executor.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import java.util.List;
import org.apache.calcite.rel.RelCollations;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelFieldCollation.Direction;
import org.junit.jupiter.api.Test;

/** The per-DN unions of shard queries that save round trips on a transaction's connections. */
class TestShardUnions {
    private static final List<ShardQuery> FOUR_SHARDS = List.of(
        new ShardQuery("dn0", "SELECT c FROM t_0 ORDER BY c"), new ShardQuery("dn1", "SELECT c FROM t_1 ORDER BY c"),
        new ShardQuery("dn0", "SELECT c FROM t_2 ORDER BY c"), new ShardQuery("dn1", "SELECT c FROM t_3 ORDER BY c"));

    @Test
    void unorderedShardsOfOneDataNodeBecomeOneUnionAll() {
        assertEquals(List.of(
            new ShardQuery("dn0", "(SELECT c FROM t_0 ORDER BY c) UNION ALL (SELECT c FROM t_2 ORDER BY c)"),
            new ShardQuery("dn1", "(SELECT c FROM t_1 ORDER BY c) UNION ALL (SELECT c FROM t_3 ORDER BY c)")),
            PlanExecutor.unionPerDataNode(FOUR_SHARDS));
    }

    @Test
    void sortedUnionIsSortedAgainByOutputPositionWithTheViewsDirections() {
        List<ShardQuery> unions = PlanExecutor.sortedUnionPerDataNode(FOUR_SHARDS, RelCollations.of(
            new RelFieldCollation(0, Direction.ASCENDING), new RelFieldCollation(2, Direction.DESCENDING)));
        assertEquals(new ShardQuery("dn0",
            "(SELECT c FROM t_0 ORDER BY c) UNION ALL (SELECT c FROM t_2 ORDER BY c) ORDER BY 1 ASC, 3 DESC"),
            unions.get(0));
        assertEquals(2, unions.size());
    }

    @Test
    void aDataNodeWithOneShardKeepsItsQueryAsItIs() {
        List<ShardQuery> queries = List.of(FOUR_SHARDS.get(0), FOUR_SHARDS.get(1), FOUR_SHARDS.get(2));
        List<ShardQuery> unions = PlanExecutor.sortedUnionPerDataNode(queries,
            RelCollations.of(new RelFieldCollation(0)));
        assertEquals(FOUR_SHARDS.get(1), unions.get(1));
        List<ShardQuery> onePerDn = List.of(FOUR_SHARDS.get(0), FOUR_SHARDS.get(1));
        assertSame(onePerDn, PlanExecutor.sortedUnionPerDataNode(onePerDn, RelCollations.of(new RelFieldCollation(0))));
    }
}
