package com.polardbx.optimizer.route;

import com.polardbx.gms.meta.TableMeta;
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

    /** Reserves {@code count} consecutive values of a table and returns the first. */
    public long next(TableMeta table, int count) {
        return next(table.schema(), table.name(), identity(table), count);
    }

    /** Records an explicit id inserted into a table; see {@link #observe(String, String, long)}. */
    public void observe(TableMeta table, long explicitValue) {
        observe(block(table.schema(), table.name(), identity(table)), table.schema(), table.name(), explicitValue);
    }

    private long next(String schema, String table, String identity, int count) {
        Block block = block(schema, table, identity);
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
     * The id this CN would generate next for a table, without reserving it (SHOW CREATE TABLE's AUTO_INCREMENT):
     * from its cached block, else the start of the next GMS block. Other CNs may hand out smaller ids from their
     * own blocks; never larger ones below it.
     */
    public long peek(TableMeta table) {
        Block block = blocks.get(key(table.schema(), table.name()));
        if (block != null && identity(table).equals(block.identity)) {
            synchronized (block) {
                if (block.next < block.end) {
                    return block.next;
                }
            }
        }
        return meta.peekAutoIncrement(table.schema(), table.name());
    }

    /**
     * Records an explicitly inserted value so later generated values are larger, as MySQL's counter follows the
     * largest id: inside this CN's block the block just moves past it (the next id is {@code explicitValue + 1},
     * not the end of the block); beyond it, the GMS sequence is raised.
     */
    public void observe(String schema, String table, long explicitValue) {
        observe(block(schema, table, null), schema, table, explicitValue);
    }

    private void observe(Block block, String schema, String table, long explicitValue) {
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

    /**
     * The cached block of a table. {@code identity} names the table's incarnation (its first physical table, new at
     * every CREATE): a block left by a dropped table of the same name, even one dropped through another CN, is
     * replaced. Null: whichever block is cached.
     */
    private Block block(String schema, String table, String identity) {
        return blocks.compute(key(schema, table), (k, old) ->
            old != null && (identity == null || identity.equals(old.identity)) ? old : new Block(identity));
    }

    private static String identity(TableMeta table) {
        return table.partitions().isEmpty() ? "" : table.partitions().get(0).physicalTable();
    }

    private static String key(String schema, String table) {
        return (schema + "." + table).toLowerCase(java.util.Locale.ROOT);
    }

    private static final class Block {
        final String identity;
        long next;
        long end;

        Block(String identity) {
            this.identity = identity;
        }
    }
}
