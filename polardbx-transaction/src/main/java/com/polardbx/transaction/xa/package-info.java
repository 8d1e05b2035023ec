/**
 * XA plumbing: branch ids, one branch on one data node, the global transaction log in the metadb, and recovery of
 * prepared branches whose coordinator is gone (log channel {@code polardbx.recovery}).
 */
package com.polardbx.transaction.xa;
