/**
 * The commit gate: distributed commits and the opening of cross-DN read snapshots exclude each other, so a snapshot
 * never falls between the {@code XA COMMIT}s of one transaction on two data nodes.
 */
package com.polardbx.transaction.gate;
