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
}
