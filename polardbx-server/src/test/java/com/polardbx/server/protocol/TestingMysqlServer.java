package com.polardbx.server.protocol;

import com.polardbx.server.net.MysqlServer;
import com.polardbx.server.net.MysqlServerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A {@link MysqlServer} on an ephemeral loopback port backed by {@link TestingServerSession}s. */
final class TestingMysqlServer implements AutoCloseable {
    static final Map<String, String> PASSWORDS = Map.of("root", "", "alice", "secret", "bob", "pässwörd");

    final List<TestingServerSession> sessions = new CopyOnWriteArrayList<>();
    final MysqlServer server;

    TestingMysqlServer(Path tlsDir, String defaultPlugin, boolean sha2FullAuth) {
        MysqlServerConfig config = MysqlServerConfig.builder().port(0).tlsDirectory(tlsDir)
            .defaultAuthPlugin(defaultPlugin).sha2FullAuthentication(sha2FullAuth).workerThreads(16).build();
        server = new MysqlServer(config, (id, host) -> {
            TestingServerSession s = new TestingServerSession(id);
            sessions.add(s);
            return s;
        }, new TestingAccountStore(PASSWORDS));
        server.start();
    }

    int port() {
        return server.port();
    }

    TestingServerSession lastSession() {
        return sessions.get(sessions.size() - 1);
    }

    @Override
    public void close() {
        server.close();
    }
}
