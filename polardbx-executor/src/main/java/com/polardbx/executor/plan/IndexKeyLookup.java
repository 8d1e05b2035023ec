package com.polardbx.executor.plan;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.polardbx.executor.gsi.GlobalIndexMaintenance;
import com.polardbx.executor.gsi.StoredRow;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.IndexDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.Literals;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The primary keys a batch of a lookup join finds in a global index: the batch's key values are looked up on the
 * index shards they route to, on the query's connections (the snapshot the primary is read on too). Stateless.
 */
final class IndexKeyLookup {
    private static final InsertRouter ROUTER = new InsertRouter(new PartitionRouter(), null);

    private IndexKeyLookup() {
    }

    /** The distinct primary keys (Long or String, as the view's literals take them) of the rows with these values. */
    static List<Object> primaryKeys(TableMeta table, GlobalIndexMeta index, List<Object> values,
                                    ConnectionProvider connections, String lockClause) {
        List<List<SQLExpr>> tuples = new ArrayList<>();
        for (Object v : values) {
            tuples.add(List.of(v instanceof String s ? new SQLCharExpr(s) : new SQLIntegerExpr(((Number) v)
                .longValue())));
        }
        List<String> pk = table.primaryKey().map(IndexDef::columns).orElseThrow();
        Set<Object> keys = new LinkedHashSet<>();
        for (StoredRow row : new GlobalIndexMaintenance(table, ROUTER).lookup(index, tuples, connections,
            lockClause)) {
            Object key = Literals.value(GlobalIndexMaintenance.routingValues(row, pk).get(0));
            keys.add(key instanceof BigInteger big ? big.longValue() : key);
        }
        return List.copyOf(keys);
    }
}
