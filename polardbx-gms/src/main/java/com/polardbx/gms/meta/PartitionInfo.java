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
 * @param automatic the table had no partition clause: the CN partitioned it by its primary key (its UNIQUE keys then
 *                  become unique global indexes instead of MySQL's 1503)
 */
public record PartitionInfo(PartitionStrategy strategy, List<String> columns, String expression,
                            List<PartitionDef> partitions, int functionVersion, boolean automatic) {
    /** The partition function of tables created before versions were recorded. */
    public static final int LEGACY_FUNCTION = 1;
    /** The partition function new tables get. */
    public static final int CURRENT_FUNCTION = 2;
    /** How many partitions a table without a partition clause gets (KEY of its primary key). */
    public static final int AUTOMATIC_PARTITIONS = 8;

    /** A scheme the user wrote (or of a table recorded before automatic ones were told apart). */
    public PartitionInfo(PartitionStrategy strategy, List<String> columns, String expression,
                         List<PartitionDef> partitions, int functionVersion) {
        this(strategy, columns, expression, partitions, functionVersion, false);
    }

    /** The same scheme, marked as chosen by the CN. */
    public PartitionInfo asAutomatic() {
        return new PartitionInfo(strategy, columns, expression, partitions, functionVersion, true);
    }

    /** A scheme with the current partition function (a new table). */
    public PartitionInfo(PartitionStrategy strategy, List<String> columns, String expression,
                         List<PartitionDef> partitions) {
        this(strategy, columns, expression, partitions, CURRENT_FUNCTION);
    }
}
