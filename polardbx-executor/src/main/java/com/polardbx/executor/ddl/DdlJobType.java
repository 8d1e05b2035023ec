package com.polardbx.executor.ddl;

/** The kinds of DDL job the engine records in GMS; each has its own recovery rule. */
enum DdlJobType {
    CREATE_DATABASE, DROP_DATABASE, CREATE_TABLE, DROP_TABLE, TRUNCATE_TABLE, ALTER_TABLE, RENAME_TABLE,
    CREATE_GLOBAL_INDEX, DROP_GLOBAL_INDEX
}
