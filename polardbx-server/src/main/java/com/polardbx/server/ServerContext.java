package com.polardbx.server;

import com.polardbx.cdc.api.BinlogSource;
import com.polardbx.executor.ddl.DdlEngine;
import com.polardbx.executor.stats.StatisticsCollector;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.gms.user.UserStore;
import com.polardbx.optimizer.planner.QueryPlanner;
import com.polardbx.optimizer.route.AutoIncrementAllocator;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.PartitionPruner;
import com.polardbx.optimizer.route.WherePruner;
import com.polardbx.server.session.ProcessList;
import com.polardbx.server.stats.AnalyzedStatistics;
import com.polardbx.server.stats.DataNodeStatistics;
import com.polardbx.server.variable.SystemVariables;
import com.polardbx.transaction.TransactionManager;
import com.polardbx.transaction.connection.DataNodePools;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The long-lived services one CN process shares between its sessions; built once by {@link PolarDbxServer}.
 * {@code binlog} holds the global binlog while this CN runs the CDC (empty otherwise).
 */
public record ServerContext(MetaStore meta, UserStore users, DataNodePools dataNodes, TransactionManager transactions,
                            DdlEngine ddl, QueryPlanner planner, InsertRouter insertRouter, WherePruner wherePruner,
                            AutoIncrementAllocator autoIncrement, SystemVariables variables, ProcessList processes,
                            AnalyzedStatistics statistics, StatisticsCollector statisticsCollector,
                            com.polardbx.server.observe.StatementObservers observers,
                            AtomicReference<BinlogSource> binlog,
                            com.polardbx.server.session.WriteVersions writeVersions) {

    public static ServerContext create(MetaStore meta, UserStore users, DataNodePools dataNodes,
                                       TransactionManager transactions, DdlEngine ddl, SystemVariables variables,
                                       com.polardbx.server.observe.StatementObservers observers) {
        PartitionRouter router = new PartitionRouter();
        AutoIncrementAllocator ids = new AutoIncrementAllocator(meta);
        AnalyzedStatistics statistics = new AnalyzedStatistics(meta, new DataNodeStatistics(dataNodes));
        // rows per second a global index backfill may copy (0: unlimited), changeable while one runs
        variables.declare("gsi_backfill_speed", ddl.backfillSpeed());
        variables.validator("gsi_backfill_speed", v -> {
            long speed = v instanceof Number n ? n.longValue() : Long.parseLong(String.valueOf(v));
            if (speed < 0) {
                throw new com.polardbx.common.error.SqlError(com.polardbx.common.error.ErrorCode.ER_WRONG_VALUE_FOR_VAR,
                    "gsi_backfill_speed", String.valueOf(v));
            }
            ddl.backfillSpeed(speed);
            return speed;
        });
        // PolarDB-X auto mode's default: plain indexes of auto-partitioned tables become global ones (a user may
        // switch it off: every write to such a table then maintains its indexes across DNs)
        variables.declare("auto_partition_global_index", 1L);
        variables.validator("auto_partition_global_index", v -> {
            String text = String.valueOf(v).toUpperCase(java.util.Locale.ROOT);
            boolean on = text.equals("1") || text.equals("ON") || text.equals("TRUE");
            if (!on && !(text.equals("0") || text.equals("OFF") || text.equals("FALSE"))) {
                throw new com.polardbx.common.error.SqlError(com.polardbx.common.error.ErrorCode.ER_WRONG_VALUE_FOR_VAR,
                    "auto_partition_global_index", String.valueOf(v));
            }
            return on ? 1L : 0L;
        });
        return new ServerContext(meta, users, dataNodes, transactions, ddl,
            new QueryPlanner(meta, new PartitionPruner(router), statistics)
                .withCnEvaluable(new com.polardbx.executor.expression.ExpressionCompiler()::canCompile),
            new InsertRouter(router, ids), new WherePruner(router), ids, variables, new ProcessList(), statistics,
            new StatisticsCollector(dataNodes), observers, new AtomicReference<>(),
            new com.polardbx.server.session.WriteVersions(meta));
    }

    /**
     * What a consistent snapshot runs while this CN's commits are stopped so that the global binlog orders one-DN
     * commits with it (a heartbeat on every DN), or null when this CN runs no CDC.
     */
    public Runnable snapshotFence() {
        BinlogSource source = binlog.get();
        return source == null ? null : source::heartbeatNow;
    }
}
