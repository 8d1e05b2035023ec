package com.polardbx.gms.meta;

import java.util.List;

/**
 * The partition scheme of a table: function, key columns and the partitions in order.
 *
 * @param expression for HASH(expr)/RANGE(expr)/LIST(expr) the expression text over the columns, e.g. {@code YEAR(d)};
 *                   {@code null} when the function applies to the columns directly
 * @param functionVersion the version of the partition function that placed the rows: {@link #LEGACY_FUNCTION} folded
 *                        strings with Java's upper case ({@code ß} became "SS"), {@link #CURRENT_FUNCTION} follows the
 *                        column's collation exactly. A table keeps its version until it is rebuilt, so its rows stay
 *                        where they are.
 */
public record PartitionInfo(PartitionStrategy strategy, List<String> columns, String expression,
                            List<PartitionDef> partitions, int functionVersion) {
    /** The partition function of tables created before versions were recorded. */
    public static final int LEGACY_FUNCTION = 1;
    /** The partition function new tables get. */
    public static final int CURRENT_FUNCTION = 2;

    /** A scheme with the current partition function (a new table). */
    public PartitionInfo(PartitionStrategy strategy, List<String> columns, String expression,
                         List<PartitionDef> partitions) {
        this(strategy, columns, expression, partitions, CURRENT_FUNCTION);
    }
}
