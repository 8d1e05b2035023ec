package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.SQLPartition;
import com.alibaba.druid.sql.ast.SQLPartitionBy;
import com.alibaba.druid.sql.ast.SQLPartitionByHash;
import com.alibaba.druid.sql.ast.SQLPartitionByList;
import com.alibaba.druid.sql.ast.SQLPartitionByRange;
import com.alibaba.druid.sql.ast.SQLPartitionSingle;
import com.alibaba.druid.sql.ast.SQLPartitionValue;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLListExpr;
import com.alibaba.druid.sql.ast.statement.SQLColumnDefinition;
import com.alibaba.druid.sql.ast.statement.SQLColumnPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLPrimaryKey;
import com.alibaba.druid.sql.ast.statement.SQLSelectOrderByItem;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlPartitionByKey;
import com.alibaba.druid.sql.visitor.SQLASTVisitorAdapter;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import com.polardbx.gms.meta.TableKind;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns the placement part of a {@code CREATE TABLE} (partition clause, BROADCAST, SINGLE or nothing) into a
 * {@link PlacementPlan}. Partition {@code i} goes to data node {@code i % #DNs}, so equal schemes are co-located.
 *
 * <p>Without a placement clause a table with a primary key is {@code PARTITION BY KEY(<pk>) PARTITIONS 8}; a table
 * without one is SINGLE. SINGLE tables live on the first data node.
 */
final class PartitionPlanner {
    static final int DEFAULT_PARTITIONS = com.polardbx.gms.meta.PartitionInfo.AUTOMATIC_PARTITIONS;
    private static final int MAX_PARTITIONS = 8192;

    /** Druid parses {@code RANGE COLUMNS(..)} and {@code RANGE(..)} alike; only the text tells them apart. */
    private static final Pattern RANGE_COLUMNS = Pattern.compile("\\bPARTITION\\s+BY\\s+RANGE\\s+COLUMNS\\b",
        Pattern.CASE_INSENSITIVE);

    /**
     * Plans the placement of a new table.
     *
     * @param sql the statement's text (see {@link #RANGE_COLUMNS})
     * @param prefix the physical table name prefix, see {@link PhysicalNames#tablePrefix}
     */
    PlacementPlan plan(MySqlCreateTableStatement stmt, String sql, DatabaseMeta db, List<String> dnIds,
                       String prefix) {
        SQLPartitionBy by = stmt.getPartitioning();
        if (stmt.getDbPartitionBy() != null || stmt.getTablePartitionBy() != null) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "DBPARTITION/TBPARTITION (use PARTITION BY)");
        }
        if ((stmt.isBroadCast() || stmt.isSingle()) && by != null) {
            throw new SqlError(ErrorCode.ER_PARSE, "BROADCAST or SINGLE cannot be combined with PARTITION BY");
        }
        if (stmt.isBroadCast()) {
            List<PartitionDef> parts = new ArrayList<>();
            for (int i = 0; i < dnIds.size(); i++) {
                parts.add(partition("p" + (i + 1), i, dnIds.get(i), db, prefix, null));
            }
            return plan(TableKind.BROADCAST, new PartitionInfo(null, List.of(), null, parts));
        }
        if (by == null) {
            List<String> pk = primaryKey(stmt);
            if (stmt.isSingle() || pk.isEmpty()) {
                PartitionDef only = partition("p1", 0, dnIds.get(0), db, prefix, null);
                return plan(TableKind.SINGLE, new PartitionInfo(null, List.of(), null, List.of(only)));
            }
            return plan(TableKind.PARTITIONED,
                new PartitionInfo(PartitionStrategy.KEY, pk, null, hashed(DEFAULT_PARTITIONS, dnIds, db, prefix))
                    .asAutomatic());
        }
        return plan(TableKind.PARTITIONED, partitioned(by, RANGE_COLUMNS.matcher(sql).find(), db, dnIds, prefix));
    }

    private static PlacementPlan plan(TableKind kind, PartitionInfo info) {
        List<PhysicalLocation> locations = info.partitions().stream().map(PhysicalLocation::of).toList();
        return new PlacementPlan(kind, info, locations);
    }

    private PartitionInfo partitioned(SQLPartitionBy by, boolean rangeColumns, DatabaseMeta db, List<String> dnIds,
                                      String prefix) {
        PartitionStrategy strategy = strategy(by, rangeColumns);
        List<SQLExpr> keys = by.getColumns();
        List<String> columns;
        String expression = null;
        boolean columnsOnly = strategy == PartitionStrategy.KEY || strategy == PartitionStrategy.RANGE_COLUMNS
            || strategy == PartitionStrategy.LIST_COLUMNS || keys.size() > 1;
        if (columnsOnly || keys.get(0) instanceof SQLIdentifierExpr) {
            columns = keys.stream().map(PartitionPlanner::columnName).toList();
        } else {
            expression = SQLUtils.toMySqlString(keys.get(0));
            columns = List.copyOf(identifiers(keys.get(0)));
        }
        List<SQLPartition> defs = by.getPartitions();
        List<PartitionDef> parts;
        if (strategy == PartitionStrategy.HASH || strategy == PartitionStrategy.KEY) {
            parts = defs.isEmpty() ? hashed(count(by), dnIds, db, prefix) : named(defs, dnIds, db, prefix, false);
        } else {
            if (defs.isEmpty()) {
                throw new SqlError(ErrorCode.ER_PARTITIONS_MUST_BE_DEFINED,
                    strategy.name().startsWith("RANGE") ? "RANGE" : "LIST");
            }
            parts = named(defs, dnIds, db, prefix, true);
        }
        return new PartitionInfo(strategy, columns, expression, parts);
    }

    private static PartitionStrategy strategy(SQLPartitionBy by, boolean rangeColumns) {
        if (by instanceof MySqlPartitionByKey) {
            return PartitionStrategy.KEY;
        } else if (by instanceof SQLPartitionByHash hash) {
            return hash.isKey() ? PartitionStrategy.KEY : PartitionStrategy.HASH;
        } else if (by instanceof SQLPartitionByRange range) {
            return range.isColumns() || rangeColumns ? PartitionStrategy.RANGE_COLUMNS : PartitionStrategy.RANGE;
        } else if (by instanceof SQLPartitionByList list) {
            return list.getType() == SQLPartitionByList.PartitionByListType.LIST_COLUMNS
                ? PartitionStrategy.LIST_COLUMNS : PartitionStrategy.LIST;
        }
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "partition function " + by.getClass().getSimpleName());
    }

    private static int count(SQLPartitionBy by) {
        if (by.getPartitionsCount() == null) {
            return DEFAULT_PARTITIONS;
        }
        if (!(by.getPartitionsCount() instanceof SQLIntegerExpr n) || n.getNumber().intValue() < 1
            || n.getNumber().intValue() > MAX_PARTITIONS) {
            throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "PARTITIONS (1.." + MAX_PARTITIONS + ")");
        }
        return n.getNumber().intValue();
    }

    private static List<PartitionDef> hashed(int count, List<String> dnIds, DatabaseMeta db, String prefix) {
        List<PartitionDef> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parts.add(partition("p" + (i + 1), i, dnIds.get(i % dnIds.size()), db, prefix, null));
        }
        return parts;
    }

    private static List<PartitionDef> named(List<SQLPartition> defs, List<String> dnIds, DatabaseMeta db,
                                            String prefix, boolean bounded) {
        if (defs.size() > MAX_PARTITIONS) {
            throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "PARTITIONS (1.." + MAX_PARTITIONS + ")");
        }
        List<PartitionDef> parts = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < defs.size(); i++) {
            SQLPartitionSingle def = (SQLPartitionSingle) defs.get(i);
            String name = SQLUtils.normalize(def.getName().getSimpleName());
            if (!names.add(name.toLowerCase(java.util.Locale.ROOT))) {
                throw new SqlError(ErrorCode.ER_SAME_NAME_PARTITION, name);
            }
            SQLPartitionValue values = def.getValues();
            if (bounded && (values == null || values.getItems().isEmpty())) {
                throw new SqlError(ErrorCode.ER_PARSE, "partition " + name + " has no VALUES");
            }
            String bound = bounded ? bound(values) : null;
            parts.add(partition(name, i, dnIds.get(i % dnIds.size()), db, prefix, bound));
        }
        return parts;
    }

    private static String bound(SQLPartitionValue values) {
        return values.getItems().stream().map(item -> item instanceof SQLListExpr list
                ? list.getItems().stream().map(SQLUtils::toMySqlString).collect(Collectors.joining(",", "(", ")"))
                : SQLUtils.toMySqlString(item))
            .collect(Collectors.joining(","));
    }

    private static PartitionDef partition(String name, int position, String dnId, DatabaseMeta db, String prefix,
                                          String bound) {
        return new PartitionDef(name, position, dnId, db.physicalDbs().get(dnId), PhysicalNames.table(prefix, position),
            bound);
    }

    private static String columnName(SQLExpr expr) {
        if (expr instanceof SQLIdentifierExpr id) {
            return SQLUtils.normalize(id.getName());
        }
        throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
    }

    private static Set<String> identifiers(SQLExpr expr) {
        Set<String> names = new LinkedHashSet<>();
        expr.accept(new SQLASTVisitorAdapter() {
            @Override
            public boolean visit(SQLIdentifierExpr x) {
                names.add(SQLUtils.normalize(x.getName()));
                return false;
            }
        });
        if (names.isEmpty()) {
            throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
        }
        return names;
    }

    /** Primary key columns declared in the statement (inline or as a table constraint). */
    static List<String> primaryKey(MySqlCreateTableStatement stmt) {
        for (SQLTableElement e : stmt.getTableElementList()) {
            if (e instanceof SQLPrimaryKey pk) {
                return pk.getColumns().stream().map(SQLSelectOrderByItem::getExpr).map(PartitionPlanner::columnName)
                    .toList();
            }
            if (e instanceof SQLColumnDefinition col
                && col.getConstraints().stream().anyMatch(c -> c instanceof SQLColumnPrimaryKey)) {
                return List.of(SQLUtils.normalize(col.getColumnName()));
            }
        }
        return List.of();
    }
}
