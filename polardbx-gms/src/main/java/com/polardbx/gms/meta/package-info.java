/** Immutable metadata records: storage nodes, logical databases and tables, partitions. */
package com.polardbx.gms.meta;
