/**
 * The CDC: reads every DN's binlog (and the GMS's global transaction log) as a replica, merges the branches of each
 * distributed transaction, orders all transactions by commit timestamp and writes one MySQL binlog v4 global binlog
 * with logical names. See docs/cdc.md. Depends on common and gms only.
 */
package com.polardbx.cdc;
