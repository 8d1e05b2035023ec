package com.polardbx.cdc.spi;

/**
 * The cluster's TSO, as the CDC uses it for heartbeats: each call returns a timestamp greater than every commit
 * timestamp handed out before the call. Thread-safe.
 */
public interface TimestampSource {
    long next();
}
