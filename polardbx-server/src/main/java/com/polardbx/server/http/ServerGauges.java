package com.polardbx.server.http;

import com.polardbx.common.metrics.Metrics;
import com.polardbx.executor.memory.MemoryPool;
import com.polardbx.executor.spill.SpillSpace;
import com.polardbx.gms.store.DdlJobRecord;
import com.polardbx.optimizer.planner.QueryPlanner;
import com.polardbx.transaction.connection.DataNodePools;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Registers the gauges read at each scrape: connections, plan cache, query memory, spill, DN pools, the cluster's DDL
 * jobs not done.
 */
public final class ServerGauges {
    private ServerGauges() {
    }

    public static void register(IntSupplier connections, QueryPlanner planner, DataNodePools pools) {
        Metrics m = Metrics.get();
        m.describe("polardbx_connections", "Client connections open now");
        m.gauge("polardbx_connections", connections::getAsInt);
        m.describe("polardbx_plan_cache_hits", "Plan cache lookups that found a plan");
        m.gauge("polardbx_plan_cache_hits", planner::planCacheHits);
        m.gauge("polardbx_plan_cache_misses", planner::planCacheMisses);
        m.gauge("polardbx_plan_cache_entries", planner::cachedPlans);
        m.describe("polardbx_plan_cache_hit_ratio", "Share of plan cache lookups that found a plan, since the start");
        m.gauge("polardbx_plan_cache_hit_ratio", () -> {
            double hits = planner.planCacheHits();
            double all = hits + planner.planCacheMisses();
            return all == 0 ? 0 : hits / all;
        });
        m.describe("polardbx_query_memory_bytes", "Memory reserved by running queries");
        m.gauge("polardbx_query_memory_bytes", MemoryPool::processReservedBytes);
        m.describe("polardbx_spill_bytes", "Bytes written to spill files since the CN started");
        m.gauge("polardbx_spill_bytes", SpillSpace::processBytesWritten);
        m.gauge("polardbx_spill_files_live", SpillSpace::processLiveFiles);
        for (String dn : pools.dataNodeIds()) {
            m.gauge("polardbx_dn_pool_active_connections", () -> pools.activeConnections(dn), "dn", dn);
            m.gauge("polardbx_dn_pool_idle_connections", () -> pools.idleConnections(dn), "dn", dn);
        }
    }

    /**
     * The cluster's DDL jobs not done, read from the GMS at each scrape: how many per state (RUNNING, PAUSED; both
     * always present) and the progress of each ({@code job}, {@code schema}, {@code object}, {@code type} labels).
     */
    public static void registerDdlJobs(Supplier<List<DdlJobRecord>> notDone) {
        Metrics m = Metrics.get();
        m.describe("polardbx_ddl_jobs_not_done", "DDL jobs of the cluster not done, by state");
        m.gaugeFamily("polardbx_ddl_jobs_not_done", () -> {
            Map<String, Integer> byState = new TreeMap<>(Map.of("RUNNING", 0, "PAUSED", 0));
            for (DdlJobRecord j : notDone.get()) {
                byState.merge(j.state(), 1, Integer::sum);
            }
            return byState.entrySet().stream().map(e -> new Metrics.Sample(e.getValue(), "state", e.getKey()))
                .toList();
        });
        m.describe("polardbx_ddl_job_progress_percent", "Progress of each DDL job of the cluster not done");
        m.gaugeFamily("polardbx_ddl_job_progress_percent", () -> notDone.get().stream()
            .map(j -> new Metrics.Sample(j.progressPercent(), "job", Long.toString(j.id()), "schema", j.schema(),
                "object", j.objectName(), "type", j.type(), "state", j.state()))
            .toList());
    }

    /** The digest table's size and the statements it had no room for. */
    public static void registerDigests(java.util.function.LongSupplier rows, java.util.function.LongSupplier lost) {
        Metrics m = Metrics.get();
        m.describe("polardbx_statement_digests", "Rows in performance_schema.events_statements_summary_by_digest");
        m.gauge("polardbx_statement_digests", rows::getAsLong);
        m.describe("polardbx_statement_digests_lost", "Statements whose digest found no row (the table was full)");
        m.gauge("polardbx_statement_digests_lost", lost::getAsLong);
    }
}
