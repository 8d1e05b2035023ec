/**
 * Push operators over {@link com.polardbx.executor.chunk.Chunk}s and the {@link com.polardbx.executor.operator.Driver}
 * that moves chunks through a linear pipeline of them. Operators with several inputs (merge, union, hash join) read
 * the extra inputs through {@link com.polardbx.executor.operator.ChunkSource}s; a Driver is itself a ChunkSource,
 * so pipelines nest.
 */
package com.polardbx.executor.operator;
