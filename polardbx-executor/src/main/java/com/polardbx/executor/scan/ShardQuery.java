package com.polardbx.executor.scan;

/** One physical statement to run on one data node (its SQL names {@code physical_db.physical_table}). */
public record ShardQuery(String dnId, String sql) {
    /** Raw bytes in quoted literals travel as hexadecimal: the JDBC driver would replace them. */
    public ShardQuery {
        sql = com.polardbx.common.sql.RawByteLiterals.toHex(sql);
    }
}
