package com.polardbx.common.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-DN latency histogram of physical statements ({@code polardbx_dn_query_duration_seconds}), one series per
 * DN looked up once: every shard query of every statement records into it, so the hot path is a map read and an add.
 * Thread-safe.
 */
public final class DataNodeLatencies {
    private static final String NAME = "polardbx_dn_query_duration_seconds";
    private static final Map<String, Metrics.LatencyHistogram> BY_DN = new ConcurrentHashMap<>();

    static {
        Metrics.get().describe(NAME, "Time a shard query took on a DN: a read until its rows were read, a write until its OK, by DN");
    }

    private DataNodeLatencies() {
    }

    /** Records one physical statement's time on {@code dnId}. */
    public static void observe(String dnId, long nanos) {
        Metrics.LatencyHistogram cell = BY_DN.get(dnId);
        if (cell == null) {
            cell = BY_DN.computeIfAbsent(dnId, dn -> Metrics.get().histogramCell(NAME, "dn", dn));
        }
        cell.observeNanos(nanos);
    }
}
