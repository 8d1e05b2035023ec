/** Per-query memory accounting: a {@link com.polardbx.executor.memory.MemoryPool} with a byte limit, and per-operator contexts that reserve from it. */
package com.polardbx.executor.memory;
