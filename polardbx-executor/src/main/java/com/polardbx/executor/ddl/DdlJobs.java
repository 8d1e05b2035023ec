package com.polardbx.executor.ddl;

import com.polardbx.gms.store.DdlJobRecord;
import com.polardbx.gms.store.MetaStore;

/** Writes the DDL job records in GMS: start, progress and the final state. Thread-safe. */
final class DdlJobs {
    private final MetaStore meta;

    DdlJobs(MetaStore meta) {
        this.meta = meta;
    }

    long start(String schema, String object, DdlJobType type, String sql, JobPayload payload) {
        return meta.createDdlJob(new DdlJobRecord(0, schema, object, type.name(), sql, DdlJobState.RUNNING.name(), 0,
            payload.encode(), null, null, null));
    }

    void progress(long jobId, int percent, JobPayload payload) {
        meta.updateDdlJob(jobId, DdlJobState.RUNNING.name(), percent, payload.encode(), null);
    }

    void done(long jobId, JobPayload payload) {
        meta.updateDdlJob(jobId, DdlJobState.DONE.name(), 100, payload.encode(), null);
    }

    void rolledBack(long jobId, JobPayload payload, String error) {
        meta.updateDdlJob(jobId, DdlJobState.ROLLED_BACK.name(), 0, payload.encode(), error);
    }

    void paused(long jobId, JobPayload payload, int percent) {
        meta.updateDdlJob(jobId, DdlJobState.PAUSED.name(), percent, payload.encode(), null);
    }

    void failed(long jobId, JobPayload payload, String error) {
        meta.updateDdlJob(jobId, DdlJobState.FAILED.name(), 0, payload.encode(), error);
    }
}
