package com.polardbx.gms.store;

import java.time.LocalDateTime;

/** One DDL job as kept in the metadb {@code ddl_job} table. */
public record DdlJobRecord(long id, String schema, String objectName, String type, String ddlSql, String state,
                           int progressPercent, String payload, String error, LocalDateTime created,
                           LocalDateTime updated) {
}
