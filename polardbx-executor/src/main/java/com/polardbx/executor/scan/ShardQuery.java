package com.polardbx.executor.scan;

/** One physical statement to run on one data node (its SQL names {@code physical_db.physical_table}). */
public record ShardQuery(String dnId, String sql) {
}
