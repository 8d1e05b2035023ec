package com.polardbx.gms.partition;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionDef;
import com.polardbx.gms.meta.PartitionInfo;
import com.polardbx.gms.meta.PartitionStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A partition scheme ready for routing: column types resolved, bounds parsed and converted to canonical values.
 *
 * <p>For RANGE/LIST/HASH (not COLUMNS) the key is the single value of {@link #expression}; for the COLUMNS variants
 * and KEY it is the tuple of the partition columns.
 */
final class CompiledScheme {
    final PartitionStrategy strategy;
    final List<ColumnType> types;
    /** For RANGE/LIST/HASH; null for KEY and the COLUMNS variants. */
    final PartitionExpression expression;
    final int partitionCount;
    /** {@link PartitionInfo#functionVersion()}: how values become canonical. */
    final int functionVersion;
    /** RANGE: the canonical upper bound tuple of each partition (elements may be MAXVALUE). */
    final List<List<Object>> rangeBounds = new ArrayList<>();
    /** LIST: canonical key tuple to partition position. */
    final Map<List<Object>, Integer> listIndex = new HashMap<>();
    /** LIST: the canonical tuples each partition lists. */
    final List<List<List<Object>>> listValues = new ArrayList<>();

    CompiledScheme(PartitionInfo info, List<ColumnDef> tableColumns) {
        this.strategy = info.strategy();
        this.partitionCount = info.partitions().size();
        this.functionVersion = info.functionVersion();
        if (partitionCount == 0) {
            throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
        }
        this.types = new ArrayList<>();
        for (String name : info.columns()) {
            ColumnDef col = tableColumns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new SqlError(ErrorCode.ER_BAD_FIELD, name, "partition function"));
            types.add(ColumnType.of(col));
        }
        boolean byExpression = strategy == PartitionStrategy.RANGE || strategy == PartitionStrategy.LIST
            || strategy == PartitionStrategy.HASH;
        if (!byExpression && info.expression() != null && !info.expression().isBlank()) {
            throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
        }
        this.expression = byExpression ? PartitionExpression.parse(info.expression(), info.columns()) : null;
        if (byExpression && info.columns().size() != 1) {
            throw new SqlError(ErrorCode.ER_PARTITION_FUNCTION_IS_NOT_ALLOWED);
        }
        if (strategy == PartitionStrategy.RANGE || strategy == PartitionStrategy.RANGE_COLUMNS) {
            compileRange(info.partitions());
        } else if (strategy == PartitionStrategy.LIST || strategy == PartitionStrategy.LIST_COLUMNS) {
            compileList(info.partitions());
        }
    }

    private int keyWidth() {
        return expression != null ? 1 : types.size();
    }

    /** Converts one bound literal to the canonical key domain of position {@code i}. */
    private Object boundValue(Object raw, int i) {
        if (raw == PartitionBounds.MAXVALUE || raw == null) {
            return raw;
        }
        if (expression != null) {
            // Bounds of RANGE(expr)/LIST(expr) are integers (already evaluated when written as TO_DAYS('...')).
            return PartitionValues.normalize(raw, new ColumnType(ColumnType.Family.INTEGER, "bigint", 0, false, false));
        }
        return PartitionValues.normalize(raw, types.get(i), functionVersion);
    }

    private void compileRange(List<PartitionDef> partitions) {
        for (PartitionDef p : partitions) {
            List<Object> raw = PartitionBounds.parseRange(p.bound());
            if (raw.size() != keyWidth()) {
                throw new SqlError(ErrorCode.ER_PARSE, "partition " + p.name() + " bound needs " + keyWidth()
                    + " values: " + p.bound());
            }
            List<Object> bound = new ArrayList<>();
            for (int i = 0; i < raw.size(); i++) {
                if (raw.get(i) == null) {
                    throw new SqlError(ErrorCode.ER_PARSE, "NULL is not allowed in VALUES LESS THAN");
                }
                bound.add(boundValue(raw.get(i), i));
            }
            rangeBounds.add(bound);
        }
    }

    private void compileList(List<PartitionDef> partitions) {
        for (PartitionDef p : partitions) {
            List<List<Object>> values = new ArrayList<>();
            for (List<Object> raw : PartitionBounds.parseList(p.bound(), keyWidth())) {
                List<Object> key = new ArrayList<>(raw.size());
                for (int i = 0; i < raw.size(); i++) {
                    key.add(boundValue(raw.get(i), i));
                }
                if (listIndex.putIfAbsent(key, p.position()) != null) {
                    throw new SqlError(ErrorCode.ER_MULTIPLE_DEF_CONST_IN_LIST_PART);
                }
                values.add(key);
            }
            listValues.add(values);
        }
    }

    /** The canonical key of a row's partition column values. */
    List<Object> key(List<Object> columnValues) {
        if (columnValues.size() != types.size()) {
            throw new SqlError(ErrorCode.ER_WRONG_VALUE_COUNT);
        }
        if (expression != null) {
            return Arrays.asList(expression.apply(PartitionValues.normalize(columnValues.get(0), types.get(0),
                functionVersion)));
        }
        List<Object> key = new ArrayList<>(types.size());
        for (int i = 0; i < types.size(); i++) {
            key.add(PartitionValues.normalize(columnValues.get(i), types.get(i), functionVersion));
        }
        return key;
    }
}
