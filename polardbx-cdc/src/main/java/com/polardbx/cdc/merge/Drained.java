package com.polardbx.cdc.merge;

import java.util.List;
import java.util.Map;

/**
 * Transactions the merger released, and the checkpoint that holds once they are written: where each DN is re-read
 * from, and the key of the last released transaction. {@code completeThrough}: once they are written, the global
 * binlog holds every transaction committed below this timestamp (how far behind it is).
 */
public record Drained(List<LogicalTransaction> transactions, Map<String, StreamPosition> restart, CommitKey last,
                      long completeThrough) {
}
