/**
 * Process-wide metrics every module counts into (counters, gauges, latency histograms), written out in
 * Prometheus' text format by the server's HTTP endpoint.
 */
package com.polardbx.common.metrics;
