package com.polardbx.server.handler;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOperator;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLInListExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.polardbx.executor.gsi.KnownIndexRows;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.ColumnType;
import com.polardbx.optimizer.route.Literals;
import com.polardbx.optimizer.route.TableNames;
import java.util.ArrayList;
import java.util.List;

/**
 * The primary keys a single-table UPDATE/DELETE names outright in its WHERE ({@code pk = 5},
 * {@code pk IN (1, 2)}, {@code a = 1 AND b = 'x'} for a composite key), so the rows to maintain indexes for are
 * known without first selecting them: reading them by these keys (as the statement finds them on the same shards,
 * with the same comparison) reads every row the statement can change. {@link #exact} says whether the WHERE is
 * nothing but those keys, so that a DELETE removes every row read and need not read them again afterwards.
 */
record PinnedKeys(List<List<SQLExpr>> keys, boolean exact) {

    /** The keys, or null when the WHERE does not pin the primary key to constants the CN routes as stored. */
    static PinnedKeys of(TableMeta table, List<String> primaryKey, String qualifier, UpdateDeleteShape shape) {
        if (shape.multiTable || shape.where == null || shape.orderBy != null || shape.limit != null
            || primaryKey.isEmpty()) {
            return null;
        }
        List<SQLExpr> conjuncts = new ArrayList<>();
        conjuncts(shape.where, conjuncts);
        List<List<SQLExpr>> perColumn = new ArrayList<>();
        primaryKey.forEach(c -> perColumn.add(null));
        int used = 0;
        for (SQLExpr c : conjuncts) {
            if (c instanceof SQLBinaryOpExpr eq && eq.getOperator() == SQLBinaryOperator.Equality) {
                used += pin(table, primaryKey, qualifier, eq.getLeft(), List.of(eq.getRight()), perColumn)
                    || pin(table, primaryKey, qualifier, eq.getRight(), List.of(eq.getLeft()), perColumn) ? 1 : 0;
            } else if (c instanceof SQLInListExpr in && !in.isNot() && primaryKey.size() == 1) {
                used += pin(table, primaryKey, qualifier, in.getExpr(), in.getTargetList(), perColumn) ? 1 : 0;
            }
        }
        if (perColumn.stream().anyMatch(java.util.Objects::isNull)) {
            return null;
        }
        List<List<SQLExpr>> keys = new ArrayList<>();
        if (primaryKey.size() == 1) {
            perColumn.get(0).forEach(v -> keys.add(List.of(v)));
        } else {
            List<SQLExpr> key = new ArrayList<>();
            perColumn.forEach(values -> key.add(values.get(0)));
            keys.add(key);
        }
        return new PinnedKeys(keys, used == conjuncts.size());
    }

    /** Records {@code values} for the key column {@code column} names; false when it is not that (or not constant). */
    private static boolean pin(TableMeta table, List<String> primaryKey, String qualifier, SQLExpr column,
                               List<SQLExpr> values, List<List<SQLExpr>> perColumn) {
        String name = column instanceof SQLIdentifierExpr id ? id.getName()
            : column instanceof SQLPropertyExpr p && TableNames.unquote(p.getOwnerName()).equalsIgnoreCase(qualifier)
                ? p.getName() : null;
        if (name == null) {
            return false;
        }
        int k = -1;
        for (int i = 0; i < primaryKey.size(); i++) {
            if (primaryKey.get(i).equalsIgnoreCase(TableNames.unquote(name))) {
                k = i;
            }
        }
        if (k < 0 || perColumn.get(k) != null || values.isEmpty() || values.size() > 1000) {
            return false;
        }
        ColumnType type = ColumnType.of(table.column(primaryKey.get(k)).orElseThrow());
        for (SQLExpr v : values) {
            Object value = Literals.value(v);
            if (value == null || value == Literals.NOT_CONSTANT || !KnownIndexRows.routesAsStored(value, type)) {
                return false;
            }
        }
        perColumn.set(k, values);
        return true;
    }

    private static void conjuncts(SQLExpr e, List<SQLExpr> out) {
        if (e instanceof SQLBinaryOpExpr and && and.getOperator() == SQLBinaryOperator.BooleanAnd) {
            conjuncts(and.getLeft(), out);
            conjuncts(and.getRight(), out);
        } else {
            out.add(e);
        }
    }
}
