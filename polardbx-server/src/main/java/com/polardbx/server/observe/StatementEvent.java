package com.polardbx.server.observe;

/**
 * One finished statement as the observers see it.
 *
 * @param startMillis wall-clock start, milliseconds since the epoch
 * @param durationNanos from arrival to the last row sent (or the OK / error)
 * @param database the current database when the statement started (null: none)
 * @param errno 0 on success, else the MySQL error number the client got
 * @param transactionId the CN transaction the statement ran in; 0 for an autocommit statement's own
 * @param shards shard queries the statement sent to DNs (reads), {@code dataNodeNanos} the time they ran
 */
public record StatementEvent(long startMillis, long durationNanos, long connectionId, String user, String host,
                             String database, String sql, long rowsSent, long rowsAffected, long rowsExamined,
                             int errno, long warnings, long transactionId, long shards, long dataNodeNanos) {
}
