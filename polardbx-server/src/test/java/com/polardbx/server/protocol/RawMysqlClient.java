package com.polardbx.server.protocol;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A minimal hand-written MySQL client for protocol corner cases no driver lets a test provoke. */
final class RawMysqlClient implements AutoCloseable {
    /** One packet as read: sequence id and payload (chunks joined). */
    record Packet(int sequenceId, byte[] payload) {
        int first() {
            return payload[0] & 0xFF;
        }

        int errno() {
            return (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
        }

        String text(int from) {
            return new String(payload, from, payload.length - from, StandardCharsets.UTF_8);
        }
    }

    static final int CLIENT_CAPS = Capabilities.PROTOCOL_41 | Capabilities.SECURE_CONNECTION
        | Capabilities.PLUGIN_AUTH | Capabilities.LONG_PASSWORD | Capabilities.TRANSACTIONS
        | Capabilities.MULTI_RESULTS | Capabilities.MULTI_STATEMENTS;

    final Socket socket;
    final DataInputStream in;
    final OutputStream out;
    final byte[] nonce = new byte[20];
    final long connectionId;

    RawMysqlClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(20_000);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        byte[] g = read().payload();
        int pos = 1;
        while (g[pos] != 0) {
            pos++;
        }
        pos++;
        connectionId = (g[pos] & 0xFFL) | (g[pos + 1] & 0xFFL) << 8 | (g[pos + 2] & 0xFFL) << 16
            | (g[pos + 3] & 0xFFL) << 24;
        System.arraycopy(g, pos + 4, nonce, 0, 8);
        System.arraycopy(g, pos + 4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, nonce, 8, 12);
    }

    /** Sends HandshakeResponse41 naming {@code plugin} with the given auth data; returns the server's answer. */
    Packet handshake(String user, byte[] auth, String database, String plugin) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        int caps = CLIENT_CAPS | (database == null ? 0 : Capabilities.CONNECT_WITH_DB);
        writeInt(p, caps);
        writeInt(p, 1 << 24);
        p.write(45);
        p.writeBytes(new byte[23]);
        p.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        p.write(0);
        p.write(auth.length);
        p.writeBytes(auth);
        if (database != null) {
            p.writeBytes(database.getBytes(StandardCharsets.UTF_8));
            p.write(0);
        }
        p.writeBytes(plugin.getBytes(StandardCharsets.UTF_8));
        p.write(0);
        write(1, p.toByteArray());
        return read();
    }

    /** Logs in as alice with mysql_native_password. */
    Packet login() throws IOException {
        return handshake("alice", PasswordScrambles.nativeReply("secret", nonce), null, "mysql_native_password");
    }

    Packet command(int code, byte[] argument) throws IOException {
        byte[] payload = new byte[argument.length + 1];
        payload[0] = (byte) code;
        System.arraycopy(argument, 0, payload, 1, argument.length);
        write(0, payload);
        return read();
    }

    Packet query(String sql) throws IOException {
        return command(CommandCode.QUERY, sql.getBytes(StandardCharsets.UTF_8));
    }

    void write(int sequenceId, byte[] payload) throws IOException {
        int offset = 0;
        int seq = sequenceId;
        while (true) {
            int len = Math.min(payload.length - offset, 0xFFFFFF);
            out.write(new byte[] {(byte) len, (byte) (len >> 8), (byte) (len >> 16), (byte) seq++});
            out.write(payload, offset, len);
            offset += len;
            if (len < 0xFFFFFF) {
                break;
            }
        }
        out.flush();
    }

    Packet read() throws IOException {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        while (true) {
            byte[] header = new byte[4];
            in.readFully(header);
            int len = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
            byte[] chunk = new byte[len];
            in.readFully(chunk);
            joined.writeBytes(chunk);
            if (len < 0xFFFFFF) {
                return new Packet(header[3] & 0xFF, joined.toByteArray());
            }
        }
    }

    /** Reads packets until the terminator of a result set (EOF, OK-0xFE or ERR); returns all of them. */
    java.util.List<Packet> readUntilEnd(boolean afterColumnsEof) throws IOException {
        java.util.List<Packet> packets = new java.util.ArrayList<>();
        int eofs = 0;
        while (true) {
            Packet p = read();
            packets.add(p);
            if (p.first() == 0xFF) {
                return packets;
            }
            if (p.first() == 0xFE && p.payload().length < 9) {
                eofs++;
                if (!afterColumnsEof || eofs == 2) {
                    return packets;
                }
            }
        }
    }

    static byte[] int4(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    private static void writeInt(ByteArrayOutputStream p, int v) {
        p.writeBytes(int4(v));
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Arrays.stream(parts).forEach(out::writeBytes);
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
