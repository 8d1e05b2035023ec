/** Partition routing and pruning: which partition holds a row, which partitions a predicate can touch. */
package com.polardbx.gms.partition;
