package com.polardbx.server.protocol;

/** MySQL server status flags ({@code SERVER_STATUS_*}) sent in OK and EOF packets. */
public final class ServerStatus {
    public static final int IN_TRANS = 1;
    public static final int AUTOCOMMIT = 2;
    public static final int MORE_RESULTS_EXISTS = 8;

    private ServerStatus() {
    }
}
