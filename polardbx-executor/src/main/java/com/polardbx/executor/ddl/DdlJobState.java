package com.polardbx.executor.ddl;

/** States of a DDL job record; only {@link #RUNNING} jobs are picked up by recovery. */
public enum DdlJobState {
    RUNNING, DONE, ROLLED_BACK, FAILED
}
