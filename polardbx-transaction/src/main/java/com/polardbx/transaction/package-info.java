/**
 * Distributed transactions over XA branches on the data nodes: {@link com.polardbx.transaction.TransactionManager}
 * begins them, {@link com.polardbx.transaction.Transaction} commits them with one-phase or two-phase commit.
 *
 * <p>The commit point of a two-phase commit is the COMMIT row in {@code polardbx_meta.global_tx_log}; see
 * {@link com.polardbx.transaction.xa.GlobalTxLog}. Fail points for tests live in {@link FailPoints}.
 */
package com.polardbx.transaction;
