package com.polardbx.executor.operator;

/** The aggregate functions the hash aggregation computes. */
public enum AggregateKind {
    COUNT_STAR, COUNT, SUM, MIN, MAX, AVG,
    /** A scalar subquery's value: its only row's value, NULL on no rows, error 1242 on more. */
    SINGLE_VALUE,
    /** GROUP_CONCAT (Calcite's LISTAGG): SINGLE mode only. */
    GROUP_CONCAT,
    /** BIT_AND, BIT_OR, BIT_XOR over unsigned 64-bit values: SINGLE mode only. */
    BIT_AND, BIT_OR, BIT_XOR,
    /** Population and sample variance and standard deviation (MySQL's VARIANCE, STD, STDDEV): SINGLE mode only. */
    VAR_POP, VAR_SAMP, STDDEV_POP, STDDEV_SAMP,
    /** JSON_ARRAYAGG(value) and JSON_OBJECTAGG(key, value): SINGLE mode only. */
    JSON_ARRAYAGG, JSON_OBJECTAGG
}
