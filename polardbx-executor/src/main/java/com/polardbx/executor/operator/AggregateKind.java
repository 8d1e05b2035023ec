package com.polardbx.executor.operator;

/** The aggregate functions the hash aggregation computes. */
public enum AggregateKind {
    COUNT_STAR, COUNT, SUM, MIN, MAX, AVG
}
