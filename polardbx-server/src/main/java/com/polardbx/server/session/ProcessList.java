package com.polardbx.server.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The live sessions of this CN, for SHOW PROCESSLIST and KILL. Thread-safe. */
public final class ProcessList {
    private final Map<Long, SqlSession> sessions = new ConcurrentHashMap<>();

    void add(SqlSession session) {
        sessions.put(session.connectionId(), session);
    }

    void remove(SqlSession session) {
        sessions.remove(session.connectionId());
    }

    public SqlSession find(long connectionId) {
        return sessions.get(connectionId);
    }

    public Collection<SqlSession> all() {
        List<SqlSession> out = new ArrayList<>(sessions.values());
        out.sort((a, b) -> Long.compare(a.connectionId(), b.connectionId()));
        return out;
    }
}
