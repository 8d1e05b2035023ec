package com.polardbx.server.net;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the MySQL protocol front end.
 *
 * @param bindHost               address to listen on
 * @param port                   TCP port; 0 picks a free one (see {@link MysqlServer#port()})
 * @param serverVersion          version string in the handshake; clients parse its leading "8.0.x"
 * @param tlsDirectory           where {@code server-cert.pem}/{@code server-key.pem} live (generated, self-signed, when
 *                               missing); null disables TLS
 * @param maxPacketSize          largest client packet accepted (max_allowed_packet)
 * @param workerThreads          most commands executing at once over all connections
 * @param defaultAuthPlugin      plugin announced in the handshake: caching_sha2_password or mysql_native_password
 * @param sha2FullAuthentication make caching_sha2_password clients always take the full authentication path (clear
 *                               password over TLS, or RSA) instead of the scramble fast path
 */
public record MysqlServerConfig(String bindHost, int port, String serverVersion, Path tlsDirectory, int maxPacketSize,
                                int workerThreads, String defaultAuthPlugin, boolean sha2FullAuthentication) {
    public static final String DEFAULT_SERVER_VERSION = "8.0.32-polardbx-0.1";
    public static final int DEFAULT_MAX_PACKET_SIZE = 64 * 1024 * 1024;

    public MysqlServerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(serverVersion, "serverVersion");
        Objects.requireNonNull(defaultAuthPlugin, "defaultAuthPlugin");
        if (port < 0 || port > 65535 || maxPacketSize < 1024 || workerThreads < 1) {
            throw new IllegalArgumentException("bad MySQL server settings: port=" + port + " maxPacketSize="
                + maxPacketSize + " workerThreads=" + workerThreads);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link MysqlServerConfig}; every setting has a default. */
    public static final class Builder {
        private String bindHost = "127.0.0.1";
        private int port = 8527;
        private String serverVersion = DEFAULT_SERVER_VERSION;
        private Path tlsDirectory;
        private int maxPacketSize = DEFAULT_MAX_PACKET_SIZE;
        private int workerThreads = 256;
        private String defaultAuthPlugin = "caching_sha2_password";
        private boolean sha2FullAuthentication;

        public Builder bindHost(String value) {
            this.bindHost = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder serverVersion(String value) {
            this.serverVersion = value;
            return this;
        }

        public Builder tlsDirectory(Path value) {
            this.tlsDirectory = value;
            return this;
        }

        public Builder maxPacketSize(int value) {
            this.maxPacketSize = value;
            return this;
        }

        public Builder workerThreads(int value) {
            this.workerThreads = value;
            return this;
        }

        public Builder defaultAuthPlugin(String value) {
            this.defaultAuthPlugin = value;
            return this;
        }

        public Builder sha2FullAuthentication(boolean value) {
            this.sha2FullAuthentication = value;
            return this;
        }

        public MysqlServerConfig build() {
            return new MysqlServerConfig(bindHost, port, serverVersion, tlsDirectory, maxPacketSize, workerThreads,
                defaultAuthPlugin, sha2FullAuthentication);
        }
    }
}
