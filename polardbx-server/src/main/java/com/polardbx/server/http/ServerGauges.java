package com.polardbx.server.http;

import com.polardbx.common.metrics.Metrics;
import com.polardbx.executor.memory.MemoryPool;
import com.polardbx.executor.spill.SpillSpace;
import com.polardbx.optimizer.planner.QueryPlanner;
import com.polardbx.transaction.connection.DataNodePools;
import java.util.function.IntSupplier;

/** Registers the gauges read at each scrape: connections, plan cache, query memory, spill, DN pools. */
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

    /** The digest table's size and the statements it had no room for. */
    public static void registerDigests(java.util.function.LongSupplier rows, java.util.function.LongSupplier lost) {
        Metrics m = Metrics.get();
        m.describe("polardbx_statement_digests", "Rows in performance_schema.events_statements_summary_by_digest");
        m.gauge("polardbx_statement_digests", rows::getAsLong);
        m.describe("polardbx_statement_digests_lost", "Statements whose digest found no row (the table was full)");
        m.gauge("polardbx_statement_digests_lost", lost::getAsLong);
    }
}
