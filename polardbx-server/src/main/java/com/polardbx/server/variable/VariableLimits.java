package com.polardbx.server.variable;

import com.polardbx.server.protocol.ConnectionLimits;

/** The protocol's limits read from the global system variables, so that {@code SET GLOBAL} changes them live. */
public final class VariableLimits implements ConnectionLimits {
    private final SystemVariables variables;

    public VariableLimits(SystemVariables variables) {
        this.variables = variables;
    }

    @Override
    public long maxConnections() {
        return number("max_connections", 1000);
    }

    @Override
    public long connectTimeoutSeconds() {
        return number("connect_timeout", 10);
    }

    @Override
    public long maxAllowedPacket() {
        return number("max_allowed_packet", 64L * 1024 * 1024);
    }

    private long number(String name, long fallback) {
        Object v = variables.global(name);
        return v instanceof Number n ? n.longValue() : fallback;
    }
}
