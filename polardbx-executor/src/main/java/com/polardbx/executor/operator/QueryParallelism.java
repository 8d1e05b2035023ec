package com.polardbx.executor.operator;

/**
 * The degree of parallelism knob: how many worker threads a CPU-heavy CN operator of one query may use (today the
 * hash aggregation and the hash join, see {@link ParallelHashAggregationOperator} and
 * {@link ParallelHashJoinOperator}). Session variable {@value #SESSION_VARIABLE}; its server-wide default is the system property {@value #SYSTEM_PROPERTY}, else the number of available processors.
 * 1 runs every operator on the query's own thread.
 */
public final class QueryParallelism {
    public static final String SESSION_VARIABLE = "polardbx_parallelism";
    public static final String SYSTEM_PROPERTY = "polardbx.parallelism";
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

    /** A requested degree within 1..{@value #MAX}. */
    public static int clamp(long degree) {
        return (int) Math.max(1, Math.min(MAX, degree));
    }
}
