package com.polardbx.executor.operator;

/**
 * The degree of parallelism knob: how many worker threads a CPU-heavy CN operator of one query may use (today the
 * hash aggregation and, when {@value #JOIN_SESSION_VARIABLE} is ON, the hash join, see
 * {@link ParallelHashAggregationOperator} and {@link ParallelHashJoinOperator}). Session variable {@value #SESSION_VARIABLE}; its server-wide default is the system property {@value #SYSTEM_PROPERTY}, else the number of available processors.
 * 1 runs every operator on the query's own thread.
 */
public final class QueryParallelism {
    public static final String SESSION_VARIABLE = "polardbx_parallelism";
    public static final String SYSTEM_PROPERTY = "polardbx.parallelism";
    /**
     * Whether a hash join may run on {@value #SESSION_VARIABLE} threads: OFF (0) by default, because on the 2-core
     * machines we measured the parallel join did not beat the serial one reliably (docs/benchmarks.md).
     */
    public static final String JOIN_SESSION_VARIABLE = "polardbx_parallel_join";
    public static final String JOIN_SYSTEM_PROPERTY = "polardbx.parallel.join";
    /** More workers than this buy nothing on the machines we run on and cost threads. */
    public static final int MAX = 64;

    private QueryParallelism() {
    }

    /** {@value #SYSTEM_PROPERTY} if set, else the available processors; within 1..{@value #MAX}. */
    public static int serverDefault() {
        String value = System.getProperty(SYSTEM_PROPERTY);
        return value == null || value.isBlank() ? clamp(Runtime.getRuntime().availableProcessors())
            : clamp(Long.parseLong(value.strip()));
    }

    /** {@value #JOIN_SYSTEM_PROPERTY} if set (ON/TRUE/1), else false. */
    public static boolean joinServerDefault() {
        String value = System.getProperty(JOIN_SYSTEM_PROPERTY, "").strip();
        return value.equalsIgnoreCase("ON") || value.equalsIgnoreCase("TRUE") || value.equals("1");
    }

    /** A requested degree within 1..{@value #MAX}. */
    public static int clamp(long degree) {
        return (int) Math.max(1, Math.min(MAX, degree));
    }
}
