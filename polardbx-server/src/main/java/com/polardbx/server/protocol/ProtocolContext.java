package com.polardbx.server.protocol;

import com.polardbx.server.net.MysqlServerConfig;
import com.polardbx.server.session.AccountStore;
import com.polardbx.server.session.SessionFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** What all connections of one server share: settings, the session and account SPIs, keys, live connections. */
public final class ProtocolContext {
    private final MysqlServerConfig config;
    private final SessionFactory sessions;
    private final AccountStore accounts;
    private final RsaKeyExchange rsa;
    private final AuthPlugin defaultAuthPlugin;
    private final boolean tlsAvailable;
    private final ConnectionLimits limits;
    private final Map<Long, MysqlConnection> connections = new ConcurrentHashMap<>();
    private final AtomicLong questions = new AtomicLong();
    private final long startMillis = System.currentTimeMillis();

    public ProtocolContext(MysqlServerConfig config, SessionFactory sessions, AccountStore accounts,
                           RsaKeyExchange rsa, boolean tlsAvailable, ConnectionLimits limits) {
        this.limits = limits;
        this.config = config;
        this.sessions = sessions;
        this.accounts = accounts;
        this.rsa = rsa;
        this.tlsAvailable = tlsAvailable;
        this.defaultAuthPlugin = AuthPlugin.byName(config.defaultAuthPlugin()).orElseThrow(
            () -> new IllegalArgumentException("unsupported authentication plugin " + config.defaultAuthPlugin()));
    }

    public MysqlServerConfig config() {
        return config;
    }

    public ConnectionLimits limits() {
        return limits;
    }

    /** The largest packet a new connection accepts: max_allowed_packet, never above the configured frame limit. */
    public int maxPacketSize() {
        return (int) Math.max(1024, Math.min(config.maxPacketSize(), limits.maxAllowedPacket()));
    }

    public SessionFactory sessions() {
        return sessions;
    }

    public AccountStore accounts() {
        return accounts;
    }

    public RsaKeyExchange rsa() {
        return rsa;
    }

    public AuthPlugin defaultAuthPlugin() {
        return defaultAuthPlugin;
    }

    public boolean tlsAvailable() {
        return tlsAvailable;
    }

    void register(MysqlConnection connection) {
        connections.put(connection.connectionId(), connection);
    }

    void unregister(MysqlConnection connection) {
        connections.remove(connection.connectionId(), connection);
    }

    Optional<MysqlConnection> connection(long id) {
        return Optional.ofNullable(connections.get(id));
    }

    public int connectionCount() {
        return connections.size();
    }

    long countQuestion() {
        return questions.incrementAndGet();
    }

    /** The COM_STATISTICS text. */
    String statistics() {
        long uptime = Math.max(1, (System.currentTimeMillis() - startMillis) / 1000);
        long q = questions.get();
        return String.format(java.util.Locale.ROOT, "Uptime: %d  Threads: %d  Questions: %d  Slow queries: 0  "
            + "Opens: 0  Open tables: 0  Queries per second avg: %.3f", uptime, connections.size(), q,
            (double) q / uptime);
    }
}
