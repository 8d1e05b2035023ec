package com.polardbx.cdc.api;

/** One file of the global binlog and its size as far as it is committed (what {@code SHOW BINARY LOGS} lists). */
public record BinlogFile(String name, long size) {
}
