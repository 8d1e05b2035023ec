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
        Block block = blocks.computeIfAbsent(key(schema, table), k -> new Block());
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

    /**
     * Records an explicitly inserted value so later generated values are larger, as MySQL's counter follows the
     * largest id: inside this CN's block the block just moves past it (the next id is {@code explicitValue + 1},
     * not the end of the block); beyond it, the GMS sequence is raised.
     */
    public void observe(String schema, String table, long explicitValue) {
        Block block = blocks.computeIfAbsent(key(schema, table), k -> new Block());
        synchronized (block) {
            if (explicitValue < block.next) {
                return;
            }
            if (explicitValue < block.end) {
                block.next = explicitValue + 1;
                return;
            }
            meta.raiseAutoIncrement(schema, table, explicitValue);
            block.next = 0;
            block.end = 0;
        }
    }

    /**
     * Forgets the cached block of a table whose sequence a DDL changed or removed (DROP, TRUNCATE, CREATE,
     * ALTER ... AUTO_INCREMENT, RENAME), so the next id comes from GMS.
     */
    public void forget(String schema, String table) {
        blocks.remove(key(schema, table));
    }

    /** DROP DATABASE: forgets the blocks of all its tables. */
    public void forgetDatabase(String schema) {
        String prefix = key(schema, "");
        blocks.keySet().removeIf(k -> k.startsWith(prefix));
    }

    private static String key(String schema, String table) {
        return (schema + "." + table).toLowerCase(java.util.Locale.ROOT);
    }

    private static final class Block {
        long next;
        long end;
    }
}
