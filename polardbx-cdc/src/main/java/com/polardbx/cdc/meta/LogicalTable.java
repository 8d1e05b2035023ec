package com.polardbx.cdc.meta;

/** The logical table a physical table belongs to; {@code emit} is false for the extra copies of a broadcast table. */
public record LogicalTable(String schema, String table, boolean emit) {
}
