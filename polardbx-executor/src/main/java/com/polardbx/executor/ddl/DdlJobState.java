package com.polardbx.executor.ddl;

/** States of a DDL job record; only {@link #RUNNING} jobs are picked up by recovery. */
public enum DdlJobState {
    RUNNING, DONE, ROLLED_BACK, FAILED,
    /** A global index backfill stopped by PAUSE DDL; CONTINUE DDL resumes it, CANCEL DDL rolls it back. */
    PAUSED
}
