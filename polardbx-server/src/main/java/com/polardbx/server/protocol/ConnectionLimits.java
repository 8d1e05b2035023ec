package com.polardbx.server.protocol;

/**
 * The server-wide limits the protocol enforces, read at each use so that {@code SET GLOBAL} takes effect for new
 * connections and packets: {@code max_connections}, {@code connect_timeout}, {@code max_allowed_packet}.
 * Thread-safe.
 */
public interface ConnectionLimits {
    /** MySQL's defaults (max_connections 151, connect_timeout 10 s, max_allowed_packet 64 MB). */
    ConnectionLimits DEFAULTS = new ConnectionLimits() {
        @Override
        public long maxConnections() {
            return 151;
        }

        @Override
        public long connectTimeoutSeconds() {
            return 10;
        }

        @Override
        public long maxAllowedPacket() {
            return 64L * 1024 * 1024;
        }
    };

    /** Connections beyond this get 1040; one more is kept for an account with SUPER, as in MySQL. */
    long maxConnections();

    /** Seconds a client has from connecting to finishing authentication before the server hangs up. */
    long connectTimeoutSeconds();

    /** Largest packet, and largest sum of COM_STMT_SEND_LONG_DATA chunks a connection may hold. */
    long maxAllowedPacket();
}
