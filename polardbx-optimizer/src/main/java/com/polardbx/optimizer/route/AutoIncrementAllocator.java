package com.polardbx.optimizer.route;

import com.polardbx.gms.store.MetaStore;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out global AUTO_INCREMENT values: blocks reserved durably in GMS, then served from memory. Thread-safe.
 *
 * <p>Values are unique across partitions and CNs; within one CN they increase. A crash skips the rest of a block,
 * as InnoDB may skip values too.
 */
public final class AutoIncrementAllocator {
    private static final int BLOCK = 100;

    private final MetaStore meta;
    private final Map<String, Block> blocks = new ConcurrentHashMap<>();

    public AutoIncrementAllocator(MetaStore meta) {
        this.meta = meta;
    }

    /** Reserves {@code count} consecutive values and returns the first. */
    public long next(String schema, String table, int count) {
        Block block = blocks.computeIfAbsent(schema + "." + table, k -> new Block());
        synchronized (block) {
            if (block.next + count > block.end) {
                int size = Math.max(count, BLOCK);
                block.next = meta.reserveAutoIncrement(schema, table, size);
                block.end = block.next + size;
            }
            long first = block.next;
            block.next += count;
            return first;
        }
    }

    /** Records an explicitly inserted value so later generated values are larger. */
    public void observe(String schema, String table, long explicitValue) {
        Block block = blocks.computeIfAbsent(schema + "." + table, k -> new Block());
        synchronized (block) {
            if (explicitValue >= block.next) {
                meta.raiseAutoIncrement(schema, table, explicitValue);
                block.next = 0;
                block.end = 0;
            }
        }
    }

    /** Forgets cached blocks of a dropped or truncated table. */
    public void forget(String schema, String table) {
        blocks.remove(schema + "." + table);
    }

    private static final class Block {
        long next;
        long end;
    }
}
