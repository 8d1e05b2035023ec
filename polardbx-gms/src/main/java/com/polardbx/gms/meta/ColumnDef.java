package com.polardbx.gms.meta;

/**
 * One column of a logical table as declared by the user.
 *
 * @param sqlType the column type as MySQL prints it in {@code SHOW COLUMNS}, e.g. {@code int(11)}, {@code varchar(20)}
 * @param defaultValue the default as MySQL shows it in {@code SHOW COLUMNS} ({@code null} when there is none)
 * @param extra e.g. {@code auto_increment}
 */
public record ColumnDef(String name, String sqlType, boolean nullable, String defaultValue, boolean autoIncrement,
                        String extra, String comment, String collation, int ordinal) {
}
