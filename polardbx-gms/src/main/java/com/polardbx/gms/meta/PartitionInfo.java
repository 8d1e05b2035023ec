package com.polardbx.gms.meta;

import java.util.List;

/**
 * The partition scheme of a table: function, key columns and the partitions in order.
 *
 * @param expression for HASH(expr)/RANGE(expr)/LIST(expr) the expression text over the columns, e.g. {@code YEAR(d)};
 *                   {@code null} when the function applies to the columns directly
 */
public record PartitionInfo(PartitionStrategy strategy, List<String> columns, String expression,
                            List<PartitionDef> partitions) {
}
