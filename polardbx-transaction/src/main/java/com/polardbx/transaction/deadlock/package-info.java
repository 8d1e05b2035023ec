/**
 * Distributed deadlock detection: the CN reads every DN's lock waits, joins them into one wait-for graph over its own
 * transactions, and breaks cycles that no single DN can see by killing the youngest transaction's waiting statement
 * ({@link com.polardbx.transaction.deadlock.DeadlockDetector}, log channel {@code polardbx.deadlock}). Design and
 * limits: docs/transactions.md.
 */
package com.polardbx.transaction.deadlock;
