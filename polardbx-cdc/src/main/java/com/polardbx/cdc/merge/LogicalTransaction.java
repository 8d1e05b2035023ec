package com.polardbx.cdc.merge;

import java.util.List;

/** A whole logical transaction ready for the global binlog: all its rows, from every DN, in DN order. */
public record LogicalTransaction(CommitKey key, List<TransactionEvent> events) {
}
