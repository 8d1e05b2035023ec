/**
 * Spilling to disk: the binary form of chunks ({@link com.polardbx.executor.spill.ChunkSerde}), spill files
 * ({@link com.polardbx.executor.spill.SpillFile}) in one query's {@link com.polardbx.executor.spill.SpillSpace}, and
 * hash-partitioned writers for grace aggregation and join. The file format is described in {@code docs/executor.md}.
 */
package com.polardbx.executor.spill;
