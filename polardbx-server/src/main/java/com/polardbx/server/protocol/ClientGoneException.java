package com.polardbx.server.protocol;

/** Thrown while writing a response when the client's connection has gone away; the command is abandoned. */
public final class ClientGoneException extends RuntimeException {
    public ClientGoneException() {
        super("client connection closed", null, false, false);
    }
}
