package com.polardbx.executor.memory;

/**
 * The per-query memory limit knob: session variable {@value #SESSION_VARIABLE} (bytes), whose server-wide default is
 * the system property {@value #SYSTEM_PROPERTY} or else {@value #DEFAULT_BYTES} bytes (256 MB).
 *
 * <p>The server declares the variable with {@link #serverDefault()} as its global default and creates each query's
 * context with {@code QueryContext.create(queryId, limit)}, where {@code limit} is the session's value.
 */
public final class QueryMemoryLimit {
    public static final String SESSION_VARIABLE = "polardbx_query_memory_limit";
    public static final String SYSTEM_PROPERTY = "polardbx.query.memory.limit";
    public static final long DEFAULT_BYTES = 256L * 1024 * 1024;
    /** Smallest accepted limit: below this not even one spill page per operator fits. */
    public static final long MIN_BYTES = 16L * 1024;

    private QueryMemoryLimit() {
    }

    /** The server-wide default: {@value #SYSTEM_PROPERTY} if set (plain bytes, or with a K/M/G suffix), else 256 MB. */
    public static long serverDefault() {
        String value = System.getProperty(SYSTEM_PROPERTY);
        return value == null || value.isBlank() ? DEFAULT_BYTES : parse(value);
    }

    /** Parses {@code 1048576}, {@code 64K}, {@code 256M} or {@code 2G}; the result is at least {@link #MIN_BYTES}. */
    public static long parse(String value) {
        String s = value.strip();
        long unit = 1;
        char last = Character.toUpperCase(s.charAt(s.length() - 1));
        if (last == 'K' || last == 'M' || last == 'G') {
            unit = last == 'K' ? 1L << 10 : last == 'M' ? 1L << 20 : 1L << 30;
            s = s.substring(0, s.length() - 1).strip();
        }
        try {
            return Math.max(MIN_BYTES, Math.multiplyExact(Long.parseLong(s), unit));
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("not a memory size in bytes: '" + value + "'", e);
        }
    }
}
