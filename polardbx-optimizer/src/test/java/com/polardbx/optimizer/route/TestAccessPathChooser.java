package com.polardbx.optimizer.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.IndexState;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.gms.stats.ColumnStatistics;
import com.polardbx.optimizer.catalog.TableStatistics;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The cost-based choice between the primary and a global index as the statistics and the table's shape vary. */
class TestAccessPathChooser {
    private static final ColumnDef ID = new ColumnDef("id", "bigint(20)", false, null, false, "", "", null, 1);
    private static final ColumnDef K = new ColumnDef("k", "int(11)", true, null, false, "", "", null, 2);
    private static final ColumnDef V = new ColumnDef("v", "int(11)", true, null, false, "", "", null, 3);

    private static TableMeta table(String name, String key, int shards, List<IndexDef> local, ColumnDef... columns) {
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < shards; i++) {
            parts.add(new PartitionDef("p" + i, i, "dn" + (i % 2), "d_p" + (i % 2), name + "_00" + i, null));
        }
        List<IndexDef> indexes = new ArrayList<>(List.of(new IndexDef("PRIMARY", true, List.of("id"))));
        indexes.addAll(local);
        return new TableMeta("d", name, TableKind.PARTITIONED, List.of(columns), indexes,
            new PartitionInfo(PartitionStrategy.KEY, List.of(key), null, parts), 1, "", 1);
    }

    private static TableMeta indexed(int shards, boolean localIndex) {
        return table("t", "id", shards, localIndex ? List.of(new IndexDef("k_1", false, List.of("k"))) : List.of(),
            ID, K, V).withGlobalIndexes(List.of(new GlobalIndexMeta("g_k", false, false, List.of("k"), List.of(),
                IndexState.PUBLIC, table("g_k$1", "k", shards, List.of(), K, ID))));
    }

    /** Statistics of {@code rows} rows whose k has {@code ndv} distinct values (none known when ndv is 0). */
    private static TableStatistics statistics(double rows, double ndv) {
        return new TableStatistics() {
            @Override
            public double rowCount(TableMeta table) {
                return rows;
            }

            @Override
            public ColumnStatistics column(TableMeta table, String column) {
                return ndv > 0 && column.equals("k") ? new ColumnStatistics("k", ndv, 0, null, null, null) : null;
            }
        };
    }

    private static String chosen(TableMeta table, TableStatistics stats, String sql) {
        SQLSelectStatement select = (SQLSelectStatement) SQLUtils.parseSingleStatement(sql,
            com.alibaba.druid.DbType.mysql);
        SQLExprTableSource from = (SQLExprTableSource) select.getSelect().getQueryBlock().getFrom();
        GlobalIndexAccess.Hints hints = GlobalIndexAccess.takeHints(from, table);
        AccessPath p = new AccessPathChooser(new WherePruner(new PartitionRouter()), stats)
            .choose(select, table, from, hints, false).chosen();
        return p.kind().name();
    }

    @Test
    void fewRowsPerKeyPickTheIndexWithoutALocalOneOrOverManyShards() {
        String point = "SELECT * FROM t WHERE k = 5";
        assertEquals("LOOKUP", chosen(indexed(8, false), statistics(1_000_000, 600_000), point));
        // the measured case: 8 shards each probing its local index beat the lookup's second round
        assertEquals("PRIMARY", chosen(indexed(8, true), statistics(1_000_000, 600_000), point));
        assertEquals("LOOKUP", chosen(indexed(64, true), statistics(1_000_000, 600_000), point));
        // a small table is scanned
        assertEquals("PRIMARY", chosen(indexed(8, false), statistics(2_000, 1_000), point));
    }

    @Test
    void statisticsChangeTheChoice() {
        String point = "SELECT * FROM t WHERE k = 1";
        // never analyzed: an index is taken to be selective
        assertEquals("LOOKUP", chosen(indexed(8, false), statistics(100_000, 0), point));
        // analyzed: k has 2 values, half of the table per key
        assertEquals("PRIMARY", chosen(indexed(8, false), statistics(100_000, 2), point));
        // FORCE INDEX keeps the index whatever the statistics say; IGNORE INDEX avoids it
        assertEquals("LOOKUP", chosen(indexed(8, false), statistics(100_000, 2),
            "SELECT * FROM t FORCE INDEX (g_k) WHERE k = 1"));
        assertEquals("PRIMARY", chosen(indexed(8, false), statistics(100_000, 0),
            "SELECT * FROM t IGNORE INDEX (g_k) WHERE k = 1"));
    }

    @Test
    void aCoveringSingleShardReadBeatsTheLookup() {
        TableMeta t = indexed(8, false);
        TableStatistics stats = statistics(1_000_000, 600_000);
        assertEquals("COVERING", chosen(t, stats, "SELECT id FROM t WHERE k = 5"));
        assertEquals("COVERING", chosen(t, stats, "SELECT COUNT(*) FROM t WHERE k = 5"));
        assertEquals("LOOKUP", chosen(t, stats, "SELECT id, v FROM t WHERE k = 5"));
    }

    @Test
    void expectedShardsGrowWithKeys() {
        assertEquals(1, AccessCost.expectedShards(8, 1), 1e-9);
        assertTrue(AccessCost.expectedShards(8, 100) > 7.9);
        assertEquals(0, AccessCost.expectedShards(8, 0), 1e-9);
    }
}
