package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.RowCursor;
import com.polardbx.executor.operator.QueryContext;
import com.polardbx.executor.plan.PlanExecutor;
import com.polardbx.executor.scan.ConnectionProvider;
import com.polardbx.gms.meta.ForeignKeyDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.server.session.Placeholders;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Foreign keys of other tables pointing at a table whose rows a partition key UPDATE moves. A move is a DELETE and an
 * INSERT, and a DN would apply the key's ON DELETE action to that DELETE; so the DELETE runs with the DN's checks
 * off, and before it the CN refuses (1451, as MariaDB does for ON UPDATE RESTRICT) a change of a referenced key
 * that child rows still hold. Keys that would change a child's columns on update are refused at CREATE time.
 */
final class ReferencedKeyGuard {
    private record Reference(TableMeta child, ForeignKeyDef key) {
    }

    private final TableMeta parent;
    private final List<Reference> references = new ArrayList<>();

    ReferencedKeyGuard(MetaStore meta, TableMeta parent) {
        this.parent = parent;
        for (TableMeta child : meta.referencing(parent.schema(), parent.name())) {
            for (ForeignKeyDef k : child.foreignKeys()) {
                // keys the CN checks have no physical form: ForeignKeyWrites applies their actions
                if (k.references(parent.schema(), parent.name())
                    && com.polardbx.executor.ddl.ForeignKeyPlacement.checkedByDataNodes(child, k, parent)) {
                    references.add(new Reference(child, k));
                }
            }
        }
    }

    boolean isEmpty() {
        return references.isEmpty();
    }

    /** The physical DELETE of moved rows: without the DN's foreign key actions when the table is a parent. */
    String delete(String sql) {
        return references.isEmpty() ? sql : "SET STATEMENT foreign_key_checks=0 FOR " + sql;
    }

    /**
     * Refuses the move when a child row references an old key value that changes.
     *
     * @param position the parent partition the rows come from (a co-located child's rows are in the same one)
     * @param columns the parent's columns; rows hold their new values, then their old ones
     */
    void check(int position, List<String> columns, List<Object[]> rows, ConnectionProvider connections,
               QueryContext query) {
        for (Reference r : references) {
            List<String> oldKeys = new ArrayList<>();
            for (Object[] row : rows) {
                List<String> values = new ArrayList<>();
                boolean changed = false;
                boolean nulls = false;
                for (String c : r.key().refColumns()) {
                    int i = indexOf(columns, c);
                    Object oldValue = row[columns.size() + i];
                    changed |= !Objects.equals(row[i], oldValue);
                    nulls |= oldValue == null;
                    values.add(Placeholders.literal(oldValue));
                }
                if (changed && !nulls) {
                    oldKeys.add("(" + String.join(", ", values) + ")");
                }
            }
            if (!oldKeys.isEmpty() && referenced(r, position, oldKeys, connections, query)) {
                throw new SqlError(ErrorCode.ER_ROW_IS_REFERENCED, " (`" + r.child().schema() + "`.`"
                    + r.child().name() + "`, " + r.key().clause(r.child().schema()) + ")");
            }
        }
    }

    private boolean referenced(Reference r, int position, List<String> oldKeys, ConnectionProvider connections,
                               QueryContext query) {
        List<PartitionDef> children = r.child().partitions();
        List<PartitionDef> candidates = children.size() == parent.partitions().size()
            ? List.of(children.get(position)) : children;
        String where = r.key().columns().stream().map(c -> "`" + c.replace("`", "``") + "`")
            .collect(java.util.stream.Collectors.joining(", ", "(", ")")) + " IN (" + String.join(", ", oldKeys) + ")";
        for (PartitionDef p : candidates) {
            String sql = "SELECT 1 FROM `" + p.physicalDb() + "`.`" + p.physicalTable() + "` WHERE " + where
                + " LIMIT 1 LOCK IN SHARE MODE";
            try (RowCursor cursor = PlanExecutor.runShards(List.of(new ShardQuery(p.dnId(), sql)), connections, query,
                null, Map.of())) {
                if (cursor.next() != null) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new SqlError(ErrorCode.ER_BAD_FIELD, name, "foreign key");
    }
}
