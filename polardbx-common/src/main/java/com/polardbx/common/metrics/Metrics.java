package com.polardbx.common.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * The CN's metrics: counters and histograms keyed by name and label values, and gauges read when scraped.
 * Counting is lock-free (one {@link LongAdder} per series); thread-safe. {@link #recording(boolean) Switched off},
 * latency histograms and the per-statement counters stop (a check of one volatile flag), so their cost can be measured
 * against none; the per-transaction counters go on counting.
 */
public final class Metrics {
    /** Latency bucket bounds in seconds, Prometheus' usual spread from 100 µs to 10 s. */
    private static final double[] LATENCY_BUCKETS = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final Metrics INSTANCE = new Metrics();

    private final Map<Series, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<Series, Histogram> histograms = new ConcurrentHashMap<>();
    private final Map<Series, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, Supplier<List<Sample>>> families = new ConcurrentHashMap<>();
    private final Map<String, String> help = new ConcurrentHashMap<>();

    /** One metric name with its label pairs ({@code name=value,...} in a fixed order). */
    record Series(String name, String labels) {
    }

    /** One value of a gauge family, with its label pairs ({@code "state", "RUNNING"}). */
    public record Sample(double value, String... labels) {
    }

    private volatile boolean recording = true;

    private Metrics() {
    }

    /** Starts or stops recording latencies and per-statement counts (the variable {@code polardbx_metrics}). */
    public void recording(boolean on) {
        recording = on;
    }

    /** Whether latencies and per-statement counts are recorded. */
    public boolean recording() {
        return recording;
    }

    public static Metrics get() {
        return INSTANCE;
    }

    /** Adds {@code delta} to counter {@code name} with the given label pairs ({@code "kind", "select"}). */
    public void count(String name, long delta, String... labels) {
        counters.computeIfAbsent(new Series(name, labels(labels)), s -> new LongAdder()).add(delta);
    }

    /**
     * The counter {@code name} with these labels itself, for a hot path: adding to it skips the lookup
     * {@link #count} does. Keep it in a field.
     */
    public LongAdder counterCell(String name, String... labels) {
        return counters.computeIfAbsent(new Series(name, labels(labels)), s -> new LongAdder());
    }

    /**
     * The latency histogram {@code name} with these labels itself, for a hot path: observing through it skips the
     * lookup {@link #observeNanos} does. Keep it in a field.
     */
    public LatencyHistogram histogramCell(String name, String... labels) {
        return histograms.computeIfAbsent(new Series(name, labels(labels)), s -> new Histogram());
    }

    /** One latency histogram series, to record durations into. Thread-safe. */
    public interface LatencyHistogram {
        void observeNanos(long nanos);
    }

    /** Records one duration in the latency histogram {@code name}. */
    public void observeNanos(String name, long nanos, String... labels) {
        if (!recording) {
            return;
        }
        histograms.computeIfAbsent(new Series(name, labels(labels)), s -> new Histogram()).observe(nanos / 1e9);
    }

    /** A value read at each scrape (current connections, memory in use ...). */
    public void gauge(String name, DoubleSupplier value, String... labels) {
        gauges.put(new Series(name, labels(labels)), value);
    }

    /**
     * A gauge whose series are only known when scraped (one per running DDL job ...): {@code samples} is called at
     * each scrape; when it fails the family is left out of that scrape. The first registration of a name stays (a
     * test JVM runs more than one CN; the first is the one that lives longest).
     */
    public void gaugeFamily(String name, Supplier<List<Sample>> samples) {
        families.putIfAbsent(name, samples);
    }

    /** The HELP text of a metric. */
    public void describe(String name, String text) {
        help.put(name, text);
    }

    /** The value of a counter (0 when it was never counted). */
    public long counter(String name, String... labels) {
        LongAdder a = counters.get(new Series(name, labels(labels)));
        return a == null ? 0 : a.sum();
    }

    /** Everything in Prometheus' text exposition format, metrics sorted by name. */
    public String prometheusText() {
        Map<String, StringBuilder> byName = new TreeMap<>();
        counters.forEach((s, v) -> line(byName, s.name(), "counter").append(s.name()).append(braces(s.labels()))
            .append(' ').append(v.sum()).append('\n'));
        gauges.forEach((s, v) -> line(byName, s.name(), "gauge").append(s.name()).append(braces(s.labels()))
            .append(' ').append(format(v.getAsDouble())).append('\n'));
        histograms.forEach((s, h) -> h.write(line(byName, s.name(), "histogram"), s));
        families.forEach((name, samples) -> {
            List<Sample> now;
            try {
                now = samples.get();
            } catch (RuntimeException e) {
                return; // its source is unreachable now (the GMS): the other metrics still answer
            }
            StringBuilder out = line(byName, name, "gauge");
            for (Sample sample : now) {
                out.append(name).append(braces(labels(sample.labels()))).append(' ').append(format(sample.value()))
                    .append('\n');
            }
        });
        StringBuilder out = new StringBuilder();
        byName.values().forEach(out::append);
        return out.toString();
    }

    private StringBuilder line(Map<String, StringBuilder> byName, String name, String type) {
        return byName.computeIfAbsent(name, n -> new StringBuilder()
            .append("# HELP ").append(n).append(' ').append(help.getOrDefault(n, n.replace('_', ' '))).append('\n')
            .append("# TYPE ").append(n).append(' ').append(type).append('\n'));
    }

    private static String labels(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append(pairs[i]).append("=\"")
                .append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return sb.toString();
    }

    private static String braces(String labels) {
        return labels.isEmpty() ? "" : "{" + labels + "}";
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Cumulative buckets, count and sum of one histogram series. */
    private static final class Histogram implements LatencyHistogram {
        /** Striped counters: every statement of a kind lands in the same few buckets, from every thread. */
        private final LongAdder[] buckets = new LongAdder[LATENCY_BUCKETS.length + 1];

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        @Override
        public void observeNanos(long nanos) {
            if (!INSTANCE.recording) {
                return;
            }
            observe(nanos / 1e9);
        }

        void observe(double seconds) {
            int i = 0;
            while (i < LATENCY_BUCKETS.length && seconds > LATENCY_BUCKETS[i]) {
                i++;
            }
            buckets[i].increment();
            count.increment();
            sum.add(seconds);
        }

        void write(StringBuilder out, Series s) {
            String sep = s.labels().isEmpty() ? "" : s.labels() + ",";
            long cumulative = 0;
            for (int i = 0; i <= LATENCY_BUCKETS.length; i++) {
                cumulative += buckets[i].sum();
                String le = i < LATENCY_BUCKETS.length ? format(LATENCY_BUCKETS[i]) : "+Inf";
                out.append(s.name()).append("_bucket{").append(sep).append("le=\"").append(le).append("\"} ")
                    .append(cumulative).append('\n');
            }
            out.append(s.name()).append("_sum").append(braces(s.labels())).append(' ').append(sum.sum()).append('\n');
            out.append(s.name()).append("_count").append(braces(s.labels())).append(' ').append(count.sum())
                .append('\n');
        }
    }
}
