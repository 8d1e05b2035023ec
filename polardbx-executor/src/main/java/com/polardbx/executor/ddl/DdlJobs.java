package com.polardbx.executor.ddl;

import com.polardbx.common.metrics.Metrics;
import com.polardbx.gms.store.DdlJobRecord;
import com.polardbx.gms.store.MetaStore;

/**
 * Writes the DDL job records in GMS: start, progress and the final state; counts the jobs this CN started and
 * ended ({@code polardbx_ddl_jobs_total}). Thread-safe.
 */
final class DdlJobs {
    private static final String COUNTER = "polardbx_ddl_jobs_total";

    static {
        Metrics.get().describe(COUNTER, "DDL jobs this CN started (event=started) and ended or paused, by the state "
            + "they ended in (event=DONE, ROLLED_BACK, FAILED, PAUSED); a job recovered after a restart ends without "
            + "a start here");
    }

    private final MetaStore meta;

    DdlJobs(MetaStore meta) {
        this.meta = meta;
    }

    long start(String schema, String object, DdlJobType type, String sql, JobPayload payload) {
        long id = meta.createDdlJob(new DdlJobRecord(0, schema, object, type.name(), sql, DdlJobState.RUNNING.name(),
            0, payload.encode(), null, null, null));
        Metrics.get().count(COUNTER, 1, "event", "started");
        return id;
    }

    void progress(long jobId, int percent, JobPayload payload) {
        meta.updateDdlJob(jobId, DdlJobState.RUNNING.name(), percent, payload.encode(), null);
    }

    void done(long jobId, JobPayload payload) {
        meta.updateDdlJob(jobId, DdlJobState.DONE.name(), 100, payload.encode(), null);
        ended(DdlJobState.DONE);
    }

    void rolledBack(long jobId, JobPayload payload, String error) {
        meta.updateDdlJob(jobId, DdlJobState.ROLLED_BACK.name(), 0, payload.encode(), error);
        ended(DdlJobState.ROLLED_BACK);
    }

    void paused(long jobId, JobPayload payload, int percent) {
        meta.updateDdlJob(jobId, DdlJobState.PAUSED.name(), percent, payload.encode(), null);
        ended(DdlJobState.PAUSED);
    }

    void failed(long jobId, JobPayload payload, String error) {
        meta.updateDdlJob(jobId, DdlJobState.FAILED.name(), 0, payload.encode(), error);
        ended(DdlJobState.FAILED);
    }

    private static void ended(DdlJobState state) {
        Metrics.get().count(COUNTER, 1, "event", state.name());
    }
}
