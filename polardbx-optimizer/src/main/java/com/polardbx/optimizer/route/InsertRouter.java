package com.polardbx.optimizer.route;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableKind;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.PartitionRouter;
import java.math.BigInteger;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a multi-row INSERT/REPLACE into one physical statement per target partition, assigning global
 * AUTO_INCREMENT values first so every copy (broadcast) and every shard agrees on them.
 */
public final class InsertRouter {
    private final PartitionRouter router;
    /** MariaDB's AUTO_INC_DEFAULT_NB_MAX: reservations of INSERT ... SELECT stop doubling at 65535. */
    private static final int MAX_INTERVAL_BITS = 15;

    private final AutoIncrementAllocator ids;

    public InsertRouter(PartitionRouter router, AutoIncrementAllocator ids) {
        this.router = router;
        this.ids = ids;
    }

    /**
     * What a routed insert sends, the first AUTO_INCREMENT value it generated (0 if none), and the AUTO_INCREMENT
     * value of its last row (0 if none or not a number), which MySQL's OK packet reports when none was generated;
     * and the rows as written: every column named, AUTO_INCREMENT values filled in.
     */
    public record RoutedInsert(List<ShardStatement> statements, long firstGeneratedId, long lastRowId,
                               List<String> columns, List<List<SQLExpr>> rows) {
        /** The insert id of the OK packet, as MariaDB sends it when {@code written} rows were written. */
        public long okInsertId(long written) {
            return firstGeneratedId != 0 ? firstGeneratedId : written > 0 ? lastRowId : 0;
        }
    }

    /** One physical statement for one partition. */
    public record ShardStatement(PartitionDef target, String sql) {
    }

    /**
     * @param verb          {@code INSERT}, {@code INSERT IGNORE} or {@code REPLACE}
     * @param columnNames   the statement's column list, or empty for "all columns in order"
     * @param rows          the VALUES rows
     * @param duplicateTail the {@code ON DUPLICATE KEY UPDATE ...} clause text, or null
     * @param updatedColumns columns assigned by ON DUPLICATE KEY UPDATE (must not be partition keys)
     */
    public RoutedInsert route(TableMeta table, String verb, List<String> columnNames, List<List<SQLExpr>> rows,
                              String duplicateTail, List<String> updatedColumns) {
        return route(table, verb, columnNames, rows, duplicateTail, updatedColumns, false);
    }

    /** @param fromSelect the rows come from INSERT ... SELECT (ids are reserved as for an unknown row count) */
    public RoutedInsert route(TableMeta table, String verb, List<String> columnNames, List<List<SQLExpr>> rows,
                              String duplicateTail, List<String> updatedColumns, boolean fromSelect) {
        List<String> columns = new ArrayList<>();
        if (columnNames.isEmpty()) {
            table.columns().forEach(c -> columns.add(c.name()));
        } else {
            for (String c : columnNames) {
                String name = TableNames.unquote(c);
                // MariaDB 10.11 names the clause INSERT INTO for the column lists of INSERT and REPLACE alike
                ColumnDef def = table.column(name)
                    .orElseThrow(() -> new SqlError(ErrorCode.ER_BAD_FIELD, name, "INSERT INTO"));
                columns.add(def.name());
            }
        }
        checkPartitionKeysNotUpdated(table, updatedColumns);
        List<List<SQLExpr>> values = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).size() != columns.size()) {
                throw new SqlError(ErrorCode.ER_WRONG_VALUE_COUNT_ON_ROW, i + 1);
            }
            values.add(new ArrayList<>(rows.get(i)));
        }
        long firstId = assignAutoIncrement(table, columns, values, fromSelect);
        long lastRowId = lastRowAutoIncrement(table, columns, values);
        Map<PartitionDef, List<List<SQLExpr>>> byPartition = new LinkedHashMap<>();
        for (List<SQLExpr> row : values) {
            for (PartitionDef p : targets(table, columns, row)) {
                byPartition.computeIfAbsent(p, k -> new ArrayList<>()).add(row);
            }
        }
        List<ShardStatement> out = new ArrayList<>();
        for (Map.Entry<PartitionDef, List<List<SQLExpr>>> e : byPartition.entrySet()) {
            out.add(new ShardStatement(e.getKey(), sql(verb, e.getKey(), columns, e.getValue(), duplicateTail)));
        }
        return new RoutedInsert(out, firstId, lastRowId, columns, values);
    }

    private static void checkPartitionKeysNotUpdated(TableMeta table, List<String> updatedColumns) {
        if (table.kind() != TableKind.PARTITIONED || updatedColumns == null) {
            return;
        }
        for (String c : updatedColumns) {
            for (String key : table.partitionInfo().columns()) {
                if (key.equalsIgnoreCase(TableNames.unquote(c))) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "updating the partition key column " + key);
                }
            }
        }
    }

    private static long lastRowAutoIncrement(TableMeta table, List<String> columns, List<List<SQLExpr>> rows) {
        ColumnDef auto = table.columns().stream().filter(ColumnDef::autoIncrement).findFirst().orElse(null);
        int index = auto == null ? -1 : columns.indexOf(auto.name());
        if (index < 0 || rows.isEmpty()) {
            return 0;
        }
        Long v = autoIncrementValue(rows.get(rows.size() - 1).get(index));
        return v == null ? 0 : v;
    }

    private long assignAutoIncrement(TableMeta table, List<String> columns, List<List<SQLExpr>> rows,
                                     boolean fromSelect) {
        ColumnDef auto = table.columns().stream().filter(ColumnDef::autoIncrement).findFirst().orElse(null);
        if (auto == null) {
            return 0;
        }
        int index = columns.indexOf(auto.name());
        if (index < 0) {
            columns.add(auto.name());
            rows.forEach(r -> r.add(null));
            index = columns.size() - 1;
        }
        return assignInOrder(table, rows, index, fromSelect);
    }

    /**
     * Gives each row needing one an id, row by row as MariaDB does: an explicit id moves the counter past it, and ids
     * are reserved when the statement's reserved interval is used up: first as many as the VALUES list has rows
     * (InnoDB's "simple insert"), later as many as rows remain since that first reservation; for INSERT ... SELECT
     * 1, 2, 4 ... Unused reserved ids are skipped, as on InnoDB, so later ids equal MariaDB's (checked against a DN
     * by AutoIncrementIT).
     */
    private long assignInOrder(TableMeta table, List<List<SQLExpr>> rows, int index, boolean fromSelect) {
        long first = 0;
        long next = 0;
        long end = 0;
        int intervals = 0;
        int firstReserved = -1;
        for (int i = 0; i < rows.size(); i++) {
            Long v = autoIncrementValue(rows.get(i).get(index));
            if (v == null) {
                continue;
            }
            if (v != 0) {
                ids.observe(table, v);
                next = v >= next && next != 0 ? v + 1 : next;
                continue;
            }
            if (next == 0 || next >= end) {
                firstReserved = firstReserved < 0 ? i : firstReserved;
                int count = fromSelect ? 1 << Math.min(intervals, MAX_INTERVAL_BITS)
                    : rows.size() - (i - firstReserved);
                intervals++;
                next = ids.next(table, count);
                end = next + count;
            }
            first = first == 0 ? next : first;
            rows.get(i).set(index, new SQLIntegerExpr(next++));
        }
        return first;
    }

    /**
     * The integer an AUTO_INCREMENT column gets from a value as MySQL converts it (numbers round, numeric strings
     * are read: mysql2 sends ids as DOUBLE, PDO as strings); 0 for NULL, 0 or a missing value, which generate one;
     * null when the CN cannot tell (an expression, a non-numeric string).
     */
    private static Long autoIncrementValue(SQLExpr e) {
        Object v = e == null ? null : Literals.value(e);
        if (v == null || v instanceof Long) {
            return v == null ? 0L : (Long) v;
        }
        BigDecimal number = null;
        if (v instanceof BigDecimal d) {
            number = d;
        } else if (v instanceof String text && text.strip().matches("[+-]?\\d{1,18}(\\.\\d*)?")) {
            number = new BigDecimal(text.strip());
        }
        if (number == null) {
            return null;
        }
        BigDecimal rounded = number.setScale(0, java.math.RoundingMode.HALF_UP);
        return rounded.abs().compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) < 0 ? rounded.longValue() : null;
    }

    /** Where a row goes: its one partition, every copy of a broadcast table, the single table's place. */
    public List<PartitionDef> partitionsOf(TableMeta table, List<String> columns, List<SQLExpr> row) {
        return targets(table, columns, row);
    }

    private List<PartitionDef> targets(TableMeta table, List<String> columns, List<SQLExpr> row) {
        List<PartitionDef> parts = table.partitions();
        if (table.kind() != TableKind.PARTITIONED) {
            return parts;
        }
        List<Object> keyValues = new ArrayList<>();
        for (String key : table.partitionInfo().columns()) {
            int i = indexOfIgnoreCase(columns, key);
            Object v;
            if (i < 0) {
                v = defaultValue(table, key);
            } else {
                v = Literals.value(row.get(i));
                if (v == Literals.NOT_CONSTANT) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
                        "a non-constant value for partition key column " + key + " in INSERT");
                }
            }
            keyValues.add(v instanceof BigInteger b ? new java.math.BigDecimal(b) : v);
        }
        int position = router.route(table, keyValues);
        for (PartitionDef p : parts) {
            if (p.position() == position) {
                return List.of(p);
            }
        }
        throw new SqlError(ErrorCode.ER_NO_PARTITION_FOR_GIVEN_VALUE, keyValues.toString());
    }

    private static Object defaultValue(TableMeta table, String column) {
        return table.column(column).map(ColumnDef::defaultValue).orElse(null);
    }

    private static int indexOfIgnoreCase(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    private static String sql(String verb, PartitionDef p, List<String> columns, List<List<SQLExpr>> rows,
                              String duplicateTail) {
        StringBuilder sb = new StringBuilder(verb).append(" INTO `").append(p.physicalDb()).append("`.`")
            .append(p.physicalTable()).append("` (");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "`" : ", `").append(columns.get(i)).append('`');
        }
        sb.append(") VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            sb.append(r == 0 ? "(" : ", (");
            List<SQLExpr> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(", ");
                }
                SQLExpr e = row.get(i);
                sb.append(e == null ? "NULL" : Literals.sql(e));
            }
            sb.append(')');
        }
        if (duplicateTail != null) {
            sb.append(" ON DUPLICATE KEY UPDATE ").append(duplicateTail);
        }
        return sb.toString();
    }

    /** Column name of an assignment target such as {@code v} or {@code t.v}. */
    public static String assignedColumn(SQLExpr target) {
        if (target instanceof SQLIdentifierExpr id) {
            return id.getName();
        }
        if (target instanceof SQLPropertyExpr p) {
            return p.getName();
        }
        return target.toString();
    }
}
