/** Readers of the DNs' and the GMS's binlogs, acting as replicas, and what they extract: transactions and commits. */
package com.polardbx.cdc.extract;
