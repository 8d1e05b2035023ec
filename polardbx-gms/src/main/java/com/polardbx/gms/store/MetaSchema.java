package com.polardbx.gms.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** The metadb tables, created with {@code IF NOT EXISTS} on every start. */
final class MetaSchema {
    static final List<String> TABLES = List.of(
        "CREATE TABLE IF NOT EXISTS meta_version (id INT NOT NULL PRIMARY KEY, version BIGINT NOT NULL) ENGINE=InnoDB",
        "INSERT IGNORE INTO meta_version (id, version) VALUES (1, 0)",
        "CREATE TABLE IF NOT EXISTS storage_node (id VARCHAR(64) NOT NULL PRIMARY KEY, kind VARCHAR(8) NOT NULL,"
            + " host VARCHAR(255) NOT NULL, port INT NOT NULL, user_name VARCHAR(128) NOT NULL,"
            + " password VARCHAR(255) NOT NULL) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS db_info (name VARCHAR(64) NOT NULL PRIMARY KEY, mode VARCHAR(16) NOT NULL,"
            + " charset VARCHAR(32), collation_name VARCHAR(64)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS db_physical (db_name VARCHAR(64) NOT NULL, dn_id VARCHAR(64) NOT NULL,"
            + " physical_db VARCHAR(64) NOT NULL, PRIMARY KEY (db_name, dn_id)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS table_info (schema_name VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL,"
            + " kind VARCHAR(16) NOT NULL, part_strategy VARCHAR(16), part_columns VARCHAR(2048) NOT NULL,"
            + " part_expr VARCHAR(1024), table_group_id BIGINT NOT NULL, create_sql MEDIUMTEXT,"
            + " version BIGINT NOT NULL, PRIMARY KEY (schema_name, table_name)) ENGINE=InnoDB",
        // The partition function version (PartitionInfo.functionVersion); tables from before it existed keep 1.
        "ALTER TABLE table_info ADD COLUMN IF NOT EXISTS part_function_version INT NOT NULL DEFAULT 1",
        // 1: no partition clause, the CN partitioned the table by its primary key (PartitionInfo.automatic)
        "ALTER TABLE table_info ADD COLUMN IF NOT EXISTS auto_partitioned TINYINT NOT NULL DEFAULT 0",
        "CREATE TABLE IF NOT EXISTS column_info (schema_name VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL,"
            + " ordinal INT NOT NULL, column_name VARCHAR(64) NOT NULL, sql_type VARCHAR(1024) NOT NULL,"
            + " nullable TINYINT NOT NULL, default_value TEXT, auto_increment TINYINT NOT NULL, extra VARCHAR(255),"
            + " comment_text TEXT, collation_name VARCHAR(64), PRIMARY KEY (schema_name, table_name, ordinal))"
            + " ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS index_info (schema_name VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL,"
            + " seq INT NOT NULL, index_name VARCHAR(64) NOT NULL, is_unique TINYINT NOT NULL,"
            + " index_columns VARCHAR(4096) NOT NULL, PRIMARY KEY (schema_name, table_name, seq)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS partition_info (schema_name VARCHAR(64) NOT NULL,"
            + " table_name VARCHAR(64) NOT NULL, position INT NOT NULL, part_name VARCHAR(64) NOT NULL,"
            + " dn_id VARCHAR(64) NOT NULL, physical_db VARCHAR(64) NOT NULL, physical_table VARCHAR(64) NOT NULL,"
            + " bound TEXT, PRIMARY KEY (schema_name, table_name, position)) ENGINE=InnoDB",
        // Foreign keys by child table (ForeignKeyRows); the parent by logical name, which may not exist yet
        // (created with foreign_key_checks=0, as dumps do).
        "CREATE TABLE IF NOT EXISTS foreign_key_info (schema_name VARCHAR(64) NOT NULL,"
            + " table_name VARCHAR(64) NOT NULL, seq INT NOT NULL, fk_name VARCHAR(64) NOT NULL,"
            + " fk_columns VARCHAR(4096) NOT NULL, ref_schema VARCHAR(64) NOT NULL, ref_table VARCHAR(64) NOT NULL,"
            + " ref_columns VARCHAR(4096) NOT NULL, on_delete VARCHAR(16) NOT NULL, on_update VARCHAR(16) NOT NULL,"
            + " PRIMARY KEY (schema_name, table_name, seq), KEY k_ref (ref_schema, ref_table)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS table_group (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + " schema_name VARCHAR(64) NOT NULL, signature_sha CHAR(64) NOT NULL, signature MEDIUMTEXT NOT NULL,"
            + " UNIQUE KEY uk_signature (schema_name, signature_sha)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS sequence_info (schema_name VARCHAR(64) NOT NULL,"
            + " table_name VARCHAR(64) NOT NULL, next_value BIGINT NOT NULL,"
            + " PRIMARY KEY (schema_name, table_name)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS ddl_job (id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,"
            + " schema_name VARCHAR(64) NOT NULL, object_name VARCHAR(64) NOT NULL, job_type VARCHAR(64) NOT NULL,"
            + " ddl_sql MEDIUMTEXT NOT NULL, state VARCHAR(32) NOT NULL, progress INT NOT NULL DEFAULT 0,"
            + " payload MEDIUMTEXT, error_text TEXT,"
            + " gmt_created DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),"
            + " gmt_modified DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),"
            + " KEY k_state (state)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS global_tx_log (txid BIGINT NOT NULL PRIMARY KEY, state VARCHAR(16) NOT NULL,"
            + " commit_ts BIGINT NOT NULL DEFAULT 0, participants VARCHAR(2048) NOT NULL,"
            + " gmt_created TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS tso_window (id INT PRIMARY KEY, upper_bound BIGINT NOT NULL) ENGINE=InnoDB",
        // The TSO leader's lease (one row, id = 1): expires_ms is in metadb time (UTC epoch ms), see TsoLease.
        "CREATE TABLE IF NOT EXISTS tso_lease (id INT NOT NULL PRIMARY KEY, holder VARCHAR(64) NOT NULL,"
            + " address VARCHAR(255) NOT NULL, epoch BIGINT NOT NULL, expires_ms BIGINT NOT NULL) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS user_info (user_name VARCHAR(128) NOT NULL, host VARCHAR(255) NOT NULL,"
            + " native_hash VARBINARY(64) NOT NULL, sha2_hash VARBINARY(64) NOT NULL,"
            + " PRIMARY KEY (user_name, host)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS user_privilege (user_name VARCHAR(128) NOT NULL, host VARCHAR(255) NOT NULL,"
            + " db_name VARCHAR(64) NOT NULL, table_name VARCHAR(64) NOT NULL, privileges VARCHAR(1024) NOT NULL,"
            + " grant_option TINYINT NOT NULL, PRIMARY KEY (user_name, host, db_name, table_name)) ENGINE=InnoDB",
        // Optimizer statistics written by ANALYZE TABLE (StatisticsRows); names lower case like table_info.
        "CREATE TABLE IF NOT EXISTS table_statistics (schema_name VARCHAR(64) NOT NULL,"
            + " table_name VARCHAR(64) NOT NULL, row_count BIGINT NOT NULL, sampled_rows BIGINT NOT NULL,"
            + " analyzed_ms BIGINT NOT NULL, PRIMARY KEY (schema_name, table_name)) ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS column_statistics (schema_name VARCHAR(64) NOT NULL,"
            + " table_name VARCHAR(64) NOT NULL, column_name VARCHAR(64) NOT NULL, ndv DOUBLE NOT NULL,"
            + " null_count DOUBLE NOT NULL, min_value TEXT, max_value TEXT, histogram MEDIUMTEXT,"
            + " PRIMARY KEY (schema_name, table_name, column_name)) ENGINE=InnoDB",
        // Logical views (ViewRows): the query with qualified table names, and the columns it had when created.
        "CREATE TABLE IF NOT EXISTS view_info (schema_name VARCHAR(64) NOT NULL, view_name VARCHAR(64) NOT NULL,"
            + " definition MEDIUMTEXT NOT NULL, column_list TEXT, algorithm VARCHAR(16) NOT NULL,"
            + " definer VARCHAR(384) NOT NULL, security_type VARCHAR(16) NOT NULL, check_option VARCHAR(16) NOT NULL,"
            + " character_set_client VARCHAR(32) NOT NULL, collation_connection VARCHAR(64) NOT NULL,"
            + " is_updatable TINYINT NOT NULL, PRIMARY KEY (schema_name, view_name)) ENGINE=InnoDB",
        // metadbs made before views recorded whether they are updatable
        "ALTER TABLE view_info ADD COLUMN IF NOT EXISTS is_updatable TINYINT NOT NULL DEFAULT 0",
        "CREATE TABLE IF NOT EXISTS view_column (schema_name VARCHAR(64) NOT NULL, view_name VARCHAR(64) NOT NULL,"
            + " ordinal INT NOT NULL, column_name VARCHAR(64) NOT NULL, sql_type VARCHAR(1024) NOT NULL,"
            + " nullable TINYINT NOT NULL, collation_name VARCHAR(64),"
            + " PRIMARY KEY (schema_name, view_name, ordinal)) ENGINE=InnoDB",
        // each CN's rows of the statement digest table, published for the others (schema_key/digest_key '' = NULL)
        "CREATE TABLE IF NOT EXISTS statement_digest (cn_id VARCHAR(64) NOT NULL, schema_key VARCHAR(64) NOT NULL,"
            + " digest_key CHAR(64) NOT NULL, digest_text TEXT, count_star BIGINT NOT NULL, sum_ns BIGINT NOT NULL,"
            + " min_ns BIGINT NOT NULL, max_ns BIGINT NOT NULL, errors BIGINT NOT NULL, warnings BIGINT NOT NULL,"
            + " rows_affected BIGINT NOT NULL, rows_sent BIGINT NOT NULL, rows_examined BIGINT NOT NULL,"
            + " first_seen_ms BIGINT NOT NULL, last_seen_ms BIGINT NOT NULL, buckets MEDIUMTEXT, sample TEXT,"
            + " PRIMARY KEY (cn_id, schema_key, digest_key)) ENGINE=InnoDB",
        // the sample statement's time and wait, for MySQL's slowest-sample rule across CNs
        "ALTER TABLE statement_digest ADD COLUMN IF NOT EXISTS sample_seen_ms BIGINT NOT NULL DEFAULT 0",
        "ALTER TABLE statement_digest ADD COLUMN IF NOT EXISTS sample_ns BIGINT NOT NULL DEFAULT 0",
        "CREATE TABLE IF NOT EXISTS statement_digest_reset (id INT NOT NULL PRIMARY KEY, epoch BIGINT NOT NULL)"
            + " ENGINE=InnoDB",
        "INSERT IGNORE INTO statement_digest_reset (id, epoch) VALUES (1, 0)",
        // a global index of table_name; its index table is stored in table_info etc. under index_table
        "CREATE TABLE IF NOT EXISTS global_index_info (schema_name VARCHAR(64) NOT NULL,"
            + " table_name VARCHAR(64) NOT NULL, index_name VARCHAR(64) NOT NULL, index_table VARCHAR(64) NOT NULL,"
            + " is_unique TINYINT NOT NULL, clustered TINYINT NOT NULL, index_columns VARCHAR(4096) NOT NULL,"
            + " covering_columns TEXT NOT NULL, state VARCHAR(16) NOT NULL, seq INT NOT NULL,"
            + " PRIMARY KEY (schema_name, table_name, index_name)) ENGINE=InnoDB",
        // each live CN's loaded metadata version (see MetaAcknowledgements)
        "CREATE TABLE IF NOT EXISTS cn_meta_ack (cn_id VARCHAR(64) NOT NULL PRIMARY KEY,"
            + " meta_version BIGINT NOT NULL, heartbeat DATETIME(3) NOT NULL) ENGINE=InnoDB");

    private MetaSchema() {
    }

    static void bootstrap(MetaDb db) {
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String ddl : TABLES) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }
}
