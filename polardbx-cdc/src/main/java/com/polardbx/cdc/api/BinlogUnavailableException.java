package com.polardbx.cdc.api;

/** A dump asked for a file or position the global binlog does not have (MySQL's error 1236). */
public final class BinlogUnavailableException extends RuntimeException {
    public BinlogUnavailableException(String message) {
        super(message);
    }
}
