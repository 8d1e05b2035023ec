package com.polardbx.executor.gsi;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLNumberExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.polardbx.common.sql.SqlLiterals;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.GlobalIndexMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.partition.ColumnType;
import com.polardbx.optimizer.rel.ShardSql.ShardQuery;
import com.polardbx.optimizer.route.InsertRouter;
import com.polardbx.optimizer.route.Literals;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The index rows of a plain INSERT built from the statement's own values, so the rows need not be read back after
 * the write. Each index row gets the very literal the primary row gets: the index table's columns have the primary's
 * types, collations and the session's SQL mode, so the DN stores the same value in both. The one thing the CN
 * decides itself is the index shard, from the values of the index table's partition columns; those are accepted
 * only where routing the literal is routing the stored value (integers within the column's range, plain strings
 * the column keeps as written). Anything else (an expression, DEFAULT, a computed or unknown default, a generated
 * column, NULL into a NOT NULL column, other types in a partition column) makes {@link #of} return null, and the
 * caller reads the written rows back instead.
 */
public final class KnownIndexRows {
    private static final int BATCH = 500;

    private KnownIndexRows() {
    }

    /**
     * The index INSERTs of these rows ({@code columns}: every column the statement writes, AUTO_INCREMENT ids filled
     * in, as {@link InsertRouter.RoutedInsert} gives them), or null when some stored value is not known.
     */
    public static List<ShardQuery> of(TableMeta primary, InsertRouter router, List<String> columns,
                                      List<List<SQLExpr>> rows) {
        List<ShardQuery> out = new ArrayList<>();
        for (GlobalIndexMeta g : primary.globalIndexes()) {
            if (!g.state().writes()) {
                continue;
            }
            TableMeta table = g.table();
            List<String> stored = g.storedColumns();
            List<String> partitionColumns = table.partitionInfo().columns();
            Map<PartitionDef, List<List<SQLExpr>>> byPartition = new LinkedHashMap<>();
            for (List<SQLExpr> row : rows) {
                List<SQLExpr> values = new ArrayList<>();
                for (String c : stored) {
                    ColumnDef column = table.column(c).orElse(null);
                    SQLExpr v = column == null ? null : valueOf(primary, column, columns, row,
                        partitionColumns.stream().anyMatch(c::equalsIgnoreCase));
                    if (v == null) {
                        return null;
                    }
                    values.add(v);
                }
                List<PartitionDef> targets;
                try {
                    targets = router.partitionsOf(table, stored, values);
                } catch (com.polardbx.common.error.SqlError noPartition) {
                    return null; // reported as before: after the primary write, which may fail first
                }
                for (PartitionDef p : targets) {
                    byPartition.computeIfAbsent(p, x -> new ArrayList<>()).add(values);
                }
            }
            byPartition.forEach((p, all) -> {
                for (int from = 0; from < all.size(); from += BATCH) {
                    out.add(new ShardQuery(p.dnId(), insert(p, stored, all.subList(from,
                        Math.min(all.size(), from + BATCH)))));
                }
            });
        }
        return out;
    }

    /** The literal the statement writes into this column, or null when the stored value is not known. */
    private static SQLExpr valueOf(TableMeta primary, ColumnDef column, List<String> columns, List<SQLExpr> row,
                                   boolean partitionColumn) {
        if (generated(column)) {
            return null;
        }
        int i = indexOf(columns, column.name());
        SQLExpr e;
        if (i >= 0) {
            e = row.get(i) == null ? new SQLNullExpr() : row.get(i);
        } else {
            e = constantDefault(primary, primary.column(column.name()).orElse(null));
            if (e == null) {
                return null;
            }
        }
        Object v = Literals.value(e);
        if (v == Literals.NOT_CONSTANT || v == null && !column.nullable()) {
            return null;
        }
        return !partitionColumn || v == null || routesAsStored(v, ColumnType.of(column)) ? e : null;
    }

    /**
     * The default of a column the statement does not name, when it is a constant: NULL of a nullable column without
     * one, a number, or a string with nothing an expression would have (SHOW COLUMNS prints expression defaults such
     * as {@code current_timestamp()} or {@code uuid()} without quotes). Temporal columns are left out altogether.
     */
    private static SQLExpr constantDefault(TableMeta primary, ColumnDef column) {
        if (column == null || column.autoIncrement() || generated(column)) {
            return null;
        }
        String d = column.defaultValue();
        if (d == null) {
            return column.nullable() ? new SQLNullExpr() : null;
        }
        ColumnType type = ColumnType.of(column);
        switch (type.family()) {
            case INTEGER, DECIMAL, FLOAT -> {
                return d.matches("-?[0-9]+(\\.[0-9]+)?") && !type.baseName().equals("bit")
                    ? new SQLNumberExpr(new BigDecimal(d)) : null;
            }
            case STRING, TEXT -> {
                boolean columnName = primary.column(d.trim()).isPresent(); // DEFAULT (other_column)?
                return d.matches("[A-Za-z0-9 _.,:@#+-]*") && !d.equalsIgnoreCase("null") && !columnName
                    ? new SQLCharExpr(d) : null;
            }
            default -> {
                return null;
            }
        }
    }

    /**
     * Whether the partition router, given the literal's value, finds the shard it finds for the value the DN stores:
     * an integer within the column's range, or a string a CHAR/VARCHAR column keeps as written (no trailing spaces,
     * within its length, in a character set that holds it).
     */
    public static boolean routesAsStored(Object v, ColumnType type) {
        if (type.family() == ColumnType.Family.INTEGER && !type.baseName().equals("bit")) {
            BigInteger n = v instanceof Long l ? BigInteger.valueOf(l) : v instanceof BigInteger b ? b : null;
            return n != null && fits(n, type);
        }
        boolean plainString = (type.baseName().equals("char") || type.baseName().equals("varchar"))
            && !"binary".equals(type.collation());
        if (plainString && v instanceof String s) {
            boolean ascii = s.chars().allMatch(ch -> ch < 0x80);
            boolean utf8 = type.collation().startsWith("utf8mb4") || type.collation().isEmpty();
            return !s.endsWith(" ") && s.codePointCount(0, s.length()) <= type.length() && (ascii || utf8);
        }
        return false;
    }

    private static boolean fits(BigInteger n, ColumnType type) {
        int bits = switch (type.baseName()) {
            case "tinyint", "bool", "boolean" -> 8;
            case "smallint" -> 16;
            case "mediumint" -> 24;
            case "int", "integer" -> 32;
            default -> 64;
        };
        BigInteger min = type.unsigned() ? BigInteger.ZERO : BigInteger.ONE.shiftLeft(bits - 1).negate();
        BigInteger max = type.unsigned() ? BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE)
            : BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
        return n.compareTo(min) >= 0 && n.compareTo(max) <= 0;
    }

    private static boolean generated(ColumnDef column) {
        String extra = column.extra() == null ? "" : column.extra().toLowerCase(Locale.ROOT);
        return extra.contains("generated") || extra.contains("virtual") || extra.contains("persistent")
            || extra.contains("stored");
    }

    private static String insert(PartitionDef p, List<String> stored, List<List<SQLExpr>> rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(GlobalIndexMaintenance.physical(p)).append(" (")
            .append(String.join(", ", stored.stream().map(SqlLiterals::identifier).toList())).append(") VALUES ");
        for (int r = 0; r < rows.size(); r++) {
            sql.append(r == 0 ? "(" : ", (");
            List<SQLExpr> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(Literals.sql(row.get(i)));
            }
            sql.append(')');
        }
        return sql.toString();
    }

    private static int indexOf(List<String> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }
}
