package com.polardbx.server.session;

/** Creates the SQL session for a new client connection. Thread-safe. */
public interface SessionFactory {
    ServerSession create(long connectionId, String clientHost);
}
