package com.polardbx.tests;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A MySQL client written against the wire format, for what drivers never send: COM_PROCESS_KILL, truncated or
 * garbled packets, bogus statement ids. Logs in with mysql_native_password.
 */
final class WireClient implements AutoCloseable {
    static final int COM_QUIT = 0x01;
    static final int COM_QUERY = 0x03;
    static final int COM_PROCESS_KILL = 0x0C;
    static final int COM_PING = 0x0E;
    static final int COM_STMT_PREPARE = 0x16;
    static final int COM_STMT_EXECUTE = 0x17;
    static final int COM_STMT_SEND_LONG_DATA = 0x18;
    static final int COM_STMT_CLOSE = 0x19;
    static final int COM_STMT_RESET = 0x1A;
    private static final int CAPABILITIES = 0x0200 /* PROTOCOL_41 */ | 0x8000 /* SECURE_CONNECTION */
        | 0x80000 /* PLUGIN_AUTH */ | 0x1 /* LONG_PASSWORD */ | 0x2000 /* TRANSACTIONS */ | 0x20000 /* MULTI_RESULTS */;

    /** One packet as read: sequence id and payload. */
    record Packet(int sequenceId, byte[] payload) {
        boolean isError() {
            return payload.length > 0 && (payload[0] & 0xFF) == 0xFF;
        }

        boolean isOk() {
            return payload.length > 0 && payload[0] == 0;
        }

        int errno() {
            return (payload[1] & 0xFF) | (payload[2] & 0xFF) << 8;
        }

        /** The message of an ERR packet (after the SQLSTATE marker). */
        String message() {
            int from = payload.length > 3 && payload[3] == '#' ? 9 : 3;
            return new String(payload, from, Math.max(0, payload.length - from), StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return isError() ? "ERR " + errno() + " " + message() : "packet 0x" + Integer.toHexString(
                payload.length == 0 ? 0 : payload[0] & 0xFF) + " (" + payload.length + " bytes)";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    final byte[] greeting;
    final byte[] nonce = new byte[20];
    final long connectionId;

    WireClient(int port, int readTimeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(readTimeoutMillis);
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        greeting = read().payload();
        if ((greeting[0] & 0xFF) == 0xFF) {
            connectionId = -1;
            return;
        }
        int pos = 1;
        while (greeting[pos] != 0) {
            pos++;
        }
        pos++;
        connectionId = (greeting[pos] & 0xFFL) | (greeting[pos + 1] & 0xFFL) << 8 | (greeting[pos + 2] & 0xFFL) << 16
            | (greeting[pos + 3] & 0xFFL) << 24;
        System.arraycopy(greeting, pos + 4, nonce, 0, 8);
        System.arraycopy(greeting, pos + 4 + 8 + 1 + 2 + 1 + 2 + 2 + 1 + 10, nonce, 8, 12);
    }

    /** The HandshakeResponse41 of {@code user} with mysql_native_password. */
    byte[] handshakeResponse(String user, String password) {
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.writeBytes(int4(CAPABILITIES));
        p.writeBytes(int4(1 << 24));
        p.write(45);
        p.writeBytes(new byte[23]);
        p.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        p.write(0);
        byte[] auth = nativeScramble(password, nonce);
        p.write(auth.length);
        p.writeBytes(auth);
        p.writeBytes("mysql_native_password".getBytes(StandardCharsets.UTF_8));
        p.write(0);
        return p.toByteArray();
    }

    /** Logs in; returns the server's answer (OK or ERR). */
    Packet login(String user, String password) throws IOException {
        write(1, handshakeResponse(user, password));
        Packet answer = read();
        if (answer.payload().length > 1 && (answer.payload()[0] & 0xFF) == 0xFE) {
            // AuthSwitchRequest (a server whose default plugin is another one asks again, with a fresh scramble)
            byte[] p = answer.payload();
            int end = 1;
            while (p[end] != 0) {
                end++;
            }
            byte[] fresh = java.util.Arrays.copyOfRange(p, end + 1, Math.min(p.length, end + 21));
            write(answer.sequenceId() + 1, nativeScramble(password, fresh));
            answer = read();
        }
        return answer;
    }

    Packet command(int code, byte[] argument) throws IOException {
        sendCommand(code, argument);
        return read();
    }

    void sendCommand(int code, byte[] argument) throws IOException {
        byte[] payload = new byte[argument.length + 1];
        payload[0] = (byte) code;
        System.arraycopy(argument, 0, payload, 1, argument.length);
        write(0, payload);
    }

    Packet query(String sql) throws IOException {
        return command(COM_QUERY, sql.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a whole response: an OK or ERR, or a result set up to its final EOF/OK (or an ERR inside it). */
    Packet readResponse() throws IOException {
        Packet first = read();
        if (first.isError() || first.isOk() || (first.payload()[0] & 0xFF) == 0xFE) {
            return first;
        }
        int eofs = 0;
        while (true) {
            Packet p = read();
            if (p.isError()) {
                return p;
            }
            if ((p.payload()[0] & 0xFF) == 0xFE && p.payload().length < 9 && ++eofs == 2) {
                return first;
            }
        }
    }

    void write(int sequenceId, byte[] payload) throws IOException {
        out.write(new byte[] {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
            (byte) sequenceId});
        out.write(payload);
        out.flush();
    }

    void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    Packet read() throws IOException {
        byte[] header = new byte[4];
        in.readFully(header);
        int len = (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16;
        byte[] payload = new byte[len];
        in.readFully(payload);
        return new Packet(header[3] & 0xFF, payload);
    }

    /** Whether the server closed the connection (a read sees end of stream) within the socket's read timeout. */
    boolean closedByServer() {
        try {
            return in.read() < 0;
        } catch (IOException e) {
            return e instanceof java.net.SocketException;
        }
    }

    void readTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    static byte[] int4(long v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)};
    }

    static byte[] nativeScramble(String password, byte[] nonce) {
        if (password == null || password.isEmpty()) {
            return new byte[0];
        }
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] stage1 = sha1.digest(password.getBytes(StandardCharsets.UTF_8));
            byte[] stage2 = sha1.digest(stage1);
            sha1.update(nonce);
            byte[] mix = sha1.digest(stage2);
            for (int i = 0; i < mix.length; i++) {
                mix[i] ^= stage1[i];
            }
            return mix;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
