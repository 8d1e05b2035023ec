package com.polardbx.transaction.tso;

/** This CN no longer holds the TSO lease it acted under: another CN took it over (a higher epoch is recorded). */
final class LeaseLostException extends RuntimeException {
    LeaseLostException(String message) {
        super(message);
    }
}
