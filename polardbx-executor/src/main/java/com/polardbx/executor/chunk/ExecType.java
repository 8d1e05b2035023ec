package com.polardbx.executor.chunk;

/** The Java representation the executor uses for a column's values, and so the block class that holds them. */
public enum ExecType {
    /** Signed 64-bit integers (all MySQL integer types except BIGINT UNSIGNED values above Long.MAX_VALUE). */
    LONG,
    /** BIGINT UNSIGNED, held as {@link java.math.BigInteger}. */
    BIG_INTEGER,
    /** DOUBLE and FLOAT. */
    DOUBLE,
    /** DECIMAL, held as {@link java.math.BigDecimal}. */
    DECIMAL,
    /** Character strings, and temporal values in MySQL's canonical text form. */
    STRING,
    /** Binary strings (BINARY, VARBINARY, BLOB, BIT). */
    BYTES
}
