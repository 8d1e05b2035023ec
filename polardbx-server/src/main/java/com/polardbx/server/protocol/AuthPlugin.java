package com.polardbx.server.protocol;

import java.util.Optional;

/** The authentication plugins this server speaks, by their protocol names. */
public enum AuthPlugin {
    NATIVE_PASSWORD("mysql_native_password"),
    CACHING_SHA2_PASSWORD("caching_sha2_password");

    private final String protocolName;

    AuthPlugin(String protocolName) {
        this.protocolName = protocolName;
    }

    public String protocolName() {
        return protocolName;
    }

    public static Optional<AuthPlugin> byName(String name) {
        for (AuthPlugin p : values()) {
            if (p.protocolName.equals(name)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
