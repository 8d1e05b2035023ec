/** Column batches: {@link com.polardbx.executor.chunk.Chunk}s of typed {@link com.polardbx.executor.chunk.Block}s, their builders, and MySQL-compatible value ordering. */
package com.polardbx.executor.chunk;
