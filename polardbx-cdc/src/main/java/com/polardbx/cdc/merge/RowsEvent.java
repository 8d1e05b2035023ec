package com.polardbx.cdc.merge;

import com.polardbx.cdc.meta.LogicalTable;

/**
 * One rows event of a DN, kept as the DN wrote it: {@code tableMap} is the body of its TABLE_MAP from the column count
 * on (types, metadata, nullability), {@code body} the rows event body; the writer puts in the logical names and its
 * own table id.
 *
 * @param type the v2 rows event type (WRITE/UPDATE/DELETE_ROWS)
 * @param v1 whether {@code body} is a v1 body (MariaDB's), without the extra-data field
 */
public record RowsEvent(LogicalTable table, byte[] tableMap, int type, boolean v1, byte[] body)
    implements TransactionEvent {
}
