package com.polardbx.server.protocol;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A client's HandshakeResponse41 (or the COM_CHANGE_USER request, which carries the same facts).
 *
 * @param authPlugin null when the client did not name one
 * @param database   null when none was given
 */
record HandshakeResponse(int capabilities, int collation, String user, byte[] authData, String database,
                         String authPlugin, Map<String, String> attributes) {

    static HandshakeResponse parse(ByteBuf p) {
        int caps = p.readIntLE();
        p.skipBytes(4);                      // max packet size
        int collation = p.readUnsignedByte();
        p.skipBytes(23);
        String user = WireFormat.readNulString(p);
        byte[] auth;
        if ((caps & Capabilities.PLUGIN_AUTH_LENENC_CLIENT_DATA) != 0) {
            auth = WireFormat.readLenencBytes(p);
        } else if ((caps & Capabilities.SECURE_CONNECTION) != 0) {
            auth = new byte[p.readUnsignedByte()];
            p.readBytes(auth);
        } else {
            auth = WireFormat.readNulBytes(p);
        }
        String db = null;
        if ((caps & Capabilities.CONNECT_WITH_DB) != 0 && p.isReadable()) {
            db = WireFormat.readNulString(p);
        }
        String plugin = null;
        if ((caps & Capabilities.PLUGIN_AUTH) != 0 && p.isReadable()) {
            plugin = WireFormat.readNulString(p);
        }
        Map<String, String> attrs = (caps & Capabilities.CONNECT_ATTRS) != 0 && p.isReadable()
            ? readAttributes(p) : Map.of();
        return new HandshakeResponse(caps, collation, user, auth, emptyToNull(db), plugin, attrs);
    }

    /** Parses COM_CHANGE_USER (after the command byte) of a client with the given capabilities. */
    static HandshakeResponse parseChangeUser(ByteBuf p, int caps) {
        String user = WireFormat.readNulString(p);
        byte[] auth;
        if ((caps & Capabilities.SECURE_CONNECTION) != 0) {
            auth = new byte[p.readUnsignedByte()];
            p.readBytes(auth);
        } else {
            auth = WireFormat.readNulBytes(p);
        }
        String db = WireFormat.readNulString(p);
        int collation = 0;
        if (p.readableBytes() >= 2) {
            collation = p.readUnsignedShortLE();
        }
        String plugin = null;
        if ((caps & Capabilities.PLUGIN_AUTH) != 0 && p.isReadable()) {
            plugin = WireFormat.readNulString(p);
        }
        Map<String, String> attrs = (caps & Capabilities.CONNECT_ATTRS) != 0 && p.isReadable()
            ? readAttributes(p) : Map.of();
        return new HandshakeResponse(caps, collation, user, auth, emptyToNull(db), plugin, attrs);
    }

    private static Map<String, String> readAttributes(ByteBuf p) {
        long total = WireFormat.readLenencInt(p);
        int end = (int) Math.min(p.writerIndex(), p.readerIndex() + total);
        Map<String, String> attrs = new LinkedHashMap<>();
        while (p.readerIndex() < end) {
            String key = new String(WireFormat.readLenencBytes(p), StandardCharsets.UTF_8);
            String value = new String(WireFormat.readLenencBytes(p), StandardCharsets.UTF_8);
            attrs.put(key, value);
        }
        return attrs;
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
