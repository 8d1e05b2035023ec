/**
 * The timestamp oracle: strictly increasing 64-bit hybrid timestamps persisted through a window in the metadb
 * ({@link com.polardbx.transaction.tso.Tso}), served cluster-wide by the holder of a lease in the metadb
 * ({@link com.polardbx.transaction.tso.TsoService}) and reached by the other CNs over a small Netty protocol
 * ({@link com.polardbx.transaction.tso.TsoProtocol}). The leader also hosts the commit gate
 * ({@link com.polardbx.transaction.tso.gate}). Invariants: docs/transactions.md, section TSO.
 */
package com.polardbx.transaction.tso;
