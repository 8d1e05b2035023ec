package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.gms.meta.ForeignKeyDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The rows a child already holds when ALTER TABLE adds a key the CN checks: with foreign_key_checks on, each
 * non-NULL key must have a parent row, else 1452 as InnoDB refuses the ALTER (InnoDB names its temporary table in
 * the message; this names the child). Keys the DNs enforce are checked by the DNs' own ALTER.
 */
final class ForeignKeyRowCheck {
    private static final int BATCH = 500;

    private final PhysicalExecutor physical;

    ForeignKeyRowCheck(PhysicalExecutor physical) {
        this.physical = physical;
    }

    /** Checks the child's rows; returns how many rows it has (MariaDB copies them all, and reports that count). */
    long requireParents(TableMeta child, ForeignKeyDef key, TableMeta parent) {
        long rows = 0;
        String notNull = String.join(" AND ", key.columns().stream().map(c -> PhysicalLocation.quote(c)
            + " IS NOT NULL").toList());
        String columns = String.join(", ", key.columns().stream().map(PhysicalLocation::quote).toList());
        for (PartitionDef p : ForeignKeyProbe.copies(child)) {
            rows += physical.query(p.dnId(), "SELECT COUNT(*) FROM " + ForeignKeyProbe.physical(p),
                rs -> rs.next() ? rs.getLong(1) : 0L);
            List<List<String>> tuples = physical.query(p.dnId(), "SELECT DISTINCT " + columns + " FROM "
                + ForeignKeyProbe.physical(p) + " WHERE " + notNull, rs -> {
                    List<List<String>> out = new ArrayList<>();
                    while (rs.next()) {
                        List<String> tuple = new ArrayList<>();
                        for (int i = 1; i <= key.columns().size(); i++) {
                            tuple.add(SqlLiterals.literal(rs.getObject(i)));
                        }
                        out.add(tuple);
                    }
                    return out;
                });
            for (int from = 0; from < tuples.size(); from += BATCH) {
                List<List<String>> batch = tuples.subList(from, Math.min(tuples.size(), from + BATCH));
                if (found(batch, key, parent) < batch.size()) {
                    throw new SqlError(ErrorCode.ER_NO_REFERENCED_ROW_2, " (`" + child.schema() + "`.`"
                        + child.name() + "`, " + key.clause(child.schema()) + ")");
                }
            }
        }
        return rows;
    }

    /** How many of the tuples have a parent row in some partition of {@code parent}. */
    private int found(List<List<String>> batch, ForeignKeyDef key, TableMeta parent) {
        Set<Integer> found = new HashSet<>();
        for (PartitionDef p : ForeignKeyProbe.copies(parent)) {
            physical.query(p.dnId(), ForeignKeyProbe.foundTuples(key, batch, ForeignKeyProbe.physical(p), false),
                rs -> {
                    while (rs.next()) {
                        found.add(rs.getInt(1));
                    }
                    return null;
                });
        }
        return found.size();
    }
}
