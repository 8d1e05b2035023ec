package com.polardbx.tests;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A minimal MySQL protocol client that sends exactly the bytes a test chooses: COM_STMT_EXECUTE with any parameter
 * type and count (drivers check both before sending), and reads OK packets field by field for the capability flags
 * it announced. Logs in with mysql_native_password.
 */
final class TestingBinaryClient implements AutoCloseable {
    static final int CLIENT_LONG_PASSWORD = 1;
    static final int CLIENT_FOUND_ROWS = 2;
    static final int CLIENT_CONNECT_WITH_DB = 8;
    static final int CLIENT_PROTOCOL_41 = 0x200;
    static final int CLIENT_TRANSACTIONS = 0x2000;
    static final int CLIENT_SECURE_CONNECTION = 0x8000;
    static final int CLIENT_MULTI_RESULTS = 0x20000;
    static final int CLIENT_PLUGIN_AUTH = 0x80000;
    static final int CLIENT_SESSION_TRACK = 0x800000;
    static final int BASIC = CLIENT_LONG_PASSWORD | CLIENT_CONNECT_WITH_DB | CLIENT_PROTOCOL_41 | CLIENT_TRANSACTIONS
        | CLIENT_SECURE_CONNECTION | CLIENT_MULTI_RESULTS | CLIENT_PLUGIN_AUTH;

    /** One binary-protocol parameter: its MYSQL_TYPE_* code, the unsigned flag, and its encoded value (null: NULL). */
    record Param(int type, boolean unsigned, byte[] value) {
        static Param of(int type, byte[] value) {
            return new Param(type, false, value);
        }

        static Param longLong(long v, boolean unsigned) {
            return new Param(8, unsigned, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array());
        }

        static Param doubleValue(double v) {
            return of(5, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(v).array());
        }

        /** A length-encoded string value (strings, DECIMAL, BLOB) of a type. */
        static Param text(int type, byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            lenenc(out, bytes.length);
            out.writeBytes(bytes);
            return of(type, out.toByteArray());
        }

        static Param text(int type, String s) {
            return text(type, s.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "type " + type + (unsigned ? " unsigned " : " ")
                + (value == null ? "NULL" : java.util.HexFormat.of().formatHex(value));
        }
    }

    /** An OK packet's fields; {@code info} is the human-readable text as the client's flags let it read it. */
    record Ok(long affectedRows, long insertId, int warnings, String info) {
        @Override
        public String toString() {
            return "OK affected " + affectedRows + ", insert id " + insertId + ", warnings " + warnings + ", info '"
                + info + "'";
        }
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final int capabilities;
    private int sequence;

    TestingBinaryClient(int port, String user, String password, String database, int capabilities)
        throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.capabilities = capabilities;
        login(user, password, database);
    }

    private void login(String user, String password, String database) throws IOException {
        ByteBuffer greeting = wrap(readPacket());
        greeting.get(); // protocol version
        nulString(greeting);
        greeting.getInt();
        byte[] nonce1 = new byte[8];
        greeting.get(nonce1);
        greeting.get();
        greeting.getShort();
        greeting.get();
        greeting.getShort();
        greeting.getShort();
        int nonceLength = greeting.get() & 0xFF;
        greeting.position(greeting.position() + 10);
        byte[] nonce2 = new byte[Math.max(13, nonceLength - 8) - 1];
        greeting.get(nonce2);
        byte[] nonce = concat(nonce1, nonce2);
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        writeInt(p, capabilities, 4);
        writeInt(p, 1 << 24, 4);
        p.write(45); // utf8mb4_general_ci
        p.writeBytes(new byte[23]);
        p.writeBytes(user.getBytes(StandardCharsets.UTF_8));
        p.write(0);
        byte[] auth = nativeScramble(password, nonce);
        p.write(auth.length);
        p.writeBytes(auth);
        p.writeBytes(database.getBytes(StandardCharsets.UTF_8));
        p.write(0);
        p.writeBytes("mysql_native_password".getBytes(StandardCharsets.US_ASCII));
        p.write(0);
        writePacket(p.toByteArray());
        byte[] answer = readPacket();
        if ((answer[0] & 0xFF) == 0xFE) { // auth switch: answer with the new nonce
            ByteBuffer b = wrap(answer);
            b.get();
            nulString(b);
            byte[] switched = new byte[20];
            b.get(switched);
            writePacket(nativeScramble(password, switched));
            answer = readPacket();
        }
        if ((answer[0] & 0xFF) != 0) {
            throw new IOException("login failed: " + describeError(answer));
        }
    }

    /** COM_QUERY; returns the OK, the error, or the rows as text. */
    String query(String sql) throws IOException {
        sequence = 0;
        writePacket(concat(new byte[] {3}, sql.getBytes(StandardCharsets.UTF_8)));
        return readResult(false);
    }

    /** COM_STMT_PREPARE; returns the statement id and the parameter count, or throws with the error. */
    int[] prepare(String sql) throws IOException {
        sequence = 0;
        writePacket(concat(new byte[] {0x16}, sql.getBytes(StandardCharsets.UTF_8)));
        byte[] answer = readPacket();
        if ((answer[0] & 0xFF) == 0xFF) {
            throw new IOException(describeError(answer));
        }
        ByteBuffer b = wrap(answer);
        b.get();
        int id = b.getInt();
        int columns = b.getShort() & 0xFFFF;
        int params = b.getShort() & 0xFFFF;
        for (int i = 0; i < params; i++) {
            readPacket();
        }
        if (params > 0) {
            readPacket(); // EOF
        }
        for (int i = 0; i < columns; i++) {
            readPacket();
        }
        if (columns > 0) {
            readPacket();
        }
        return new int[] {id, params};
    }

    /** COM_STMT_EXECUTE with exactly these parameters, types always sent. */
    String execute(int statementId, Param... params) throws IOException {
        sequence = 0;
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x17);
        writeInt(p, statementId, 4);
        p.write(0);
        writeInt(p, 1, 4);
        if (params.length > 0) {
            byte[] nulls = new byte[(params.length + 7) / 8];
            for (int i = 0; i < params.length; i++) {
                if (params[i].value() == null) {
                    nulls[i / 8] |= (byte) (1 << (i % 8));
                }
            }
            p.writeBytes(nulls);
            p.write(1);
            for (Param param : params) {
                p.write(param.type());
                p.write(param.unsigned() ? 0x80 : 0);
            }
            for (Param param : params) {
                if (param.value() != null) {
                    p.writeBytes(param.value());
                }
            }
        }
        writePacket(p.toByteArray());
        return readResult(true);
    }

    void closeStatement(int statementId) throws IOException {
        sequence = 0;
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        p.write(0x19);
        writeInt(p, statementId, 4);
        writePacket(p.toByteArray());
    }

    private String readResult(boolean binary) throws IOException {
        byte[] first = readPacket();
        int head = first[0] & 0xFF;
        if (head == 0xFF) {
            return describeError(first);
        }
        if (head == 0) {
            return ok(first).toString();
        }
        ByteBuffer b = wrap(first);
        int columns = (int) readLenenc(b);
        int[] types = new int[columns];
        int[] flags = new int[columns];
        for (int i = 0; i < columns; i++) {
            ByteBuffer def = wrap(readPacket());
            for (int s = 0; s < 6; s++) {
                skipLenencString(def);
            }
            readLenenc(def);
            def.getShort();
            def.getInt();
            types[i] = def.get() & 0xFF;
            flags[i] = def.getShort() & 0xFFFF;
        }
        readPacket(); // EOF after the column definitions
        StringBuilder sb = new StringBuilder("rows");
        while (true) {
            byte[] row = readPacket();
            if ((row[0] & 0xFF) == 0xFE && row.length < 9) {
                return sb.toString();
            }
            if ((row[0] & 0xFF) == 0xFF) {
                return sb.append(" then ").append(describeError(row)).toString();
            }
            sb.append(" (").append(String.join(", ", binary ? BinaryRow.decode(row, types, flags)
                : textRow(row, columns))).append(')');
        }
    }

    private static List<String> textRow(byte[] row, int columns) {
        ByteBuffer b = wrap(row);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            if ((b.get(b.position()) & 0xFF) == 0xFB) {
                b.get();
                values.add("NULL");
            } else {
                byte[] v = new byte[(int) readLenenc(b)];
                b.get(v);
                values.add(new String(v, StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    /** Reads an OK packet the way a client with this connection's capability flags does. */
    private Ok ok(byte[] packet) {
        ByteBuffer b = wrap(packet);
        b.get();
        long affected = readLenenc(b);
        long insertId = readLenenc(b);
        b.getShort(); // status
        int warnings = b.getShort() & 0xFFFF;
        String info;
        if ((capabilities & CLIENT_SESSION_TRACK) != 0) {
            info = b.hasRemaining() ? lenencString(b) : "";
        } else {
            byte[] rest = new byte[b.remaining()];
            b.get(rest);
            info = new String(rest, StandardCharsets.UTF_8);
        }
        return new Ok(affected, insertId, warnings, info);
    }

    private static String describeError(byte[] packet) {
        ByteBuffer b = wrap(packet);
        b.get();
        int errno = b.getShort() & 0xFFFF;
        byte[] state = new byte[6];
        b.get(state);
        byte[] message = new byte[b.remaining()];
        b.get(message);
        return "error " + errno + " (" + new String(state, 1, 5, StandardCharsets.US_ASCII) + ") "
            + new String(message, StandardCharsets.UTF_8);
    }

    private byte[] readPacket() throws IOException {
        int length = in.readUnsignedByte() | in.readUnsignedByte() << 8 | in.readUnsignedByte() << 16;
        sequence = in.readUnsignedByte() + 1;
        byte[] payload = new byte[length];
        in.readFully(payload);
        return payload;
    }

    private void writePacket(byte[] payload) throws IOException {
        byte[] header = {(byte) payload.length, (byte) (payload.length >> 8), (byte) (payload.length >> 16),
            (byte) sequence++};
        out.write(concat(header, payload));
        out.flush();
    }

    private static byte[] nativeScramble(String password, byte[] nonce) {
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

    static ByteBuffer wrap(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    static long readLenenc(ByteBuffer b) {
        int first = b.get() & 0xFF;
        return switch (first) {
            case 0xFC -> b.getShort() & 0xFFFF;
            case 0xFD -> (b.getShort() & 0xFFFF) | (long) (b.get() & 0xFF) << 16;
            case 0xFE -> b.getLong();
            default -> first;
        };
    }

    static String lenencString(ByteBuffer b) {
        byte[] v = new byte[(int) readLenenc(b)];
        b.get(v);
        return new String(v, StandardCharsets.UTF_8);
    }

    private static void skipLenencString(ByteBuffer b) {
        int n = (int) readLenenc(b);
        b.position(b.position() + n);
    }

    private static String nulString(ByteBuffer b) {
        int start = b.position();
        while (b.get() != 0) {
            // scan to the terminator
        }
        return new String(Arrays.copyOfRange(b.array(), start, b.position() - 1), StandardCharsets.UTF_8);
    }

    static void lenenc(ByteArrayOutputStream out, long n) {
        if (n < 251) {
            out.write((int) n);
        } else if (n < 1 << 16) {
            out.write(0xFC);
            writeInt(out, n, 2);
        } else {
            out.write(0xFD);
            writeInt(out, n, 3);
        }
    }

    private static void writeInt(ByteArrayOutputStream out, long v, int bytes) {
        for (int i = 0; i < bytes; i++) {
            out.write((int) (v >> (8 * i)));
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Decodes the binary result rows of COM_STMT_EXECUTE into text, for the column types tests read back. */
    private static final class BinaryRow {
        private BinaryRow() {
        }

        static List<String> decode(byte[] row, int[] types, int[] flags) {
            ByteBuffer b = wrap(row);
            b.get();
            byte[] nulls = new byte[(types.length + 9) / 8];
            b.get(nulls);
            List<String> values = new ArrayList<>();
            for (int i = 0; i < types.length; i++) {
                int bit = i + 2;
                if ((nulls[bit / 8] & (1 << (bit % 8))) != 0) {
                    values.add("NULL");
                    continue;
                }
                boolean unsigned = (flags[i] & 0x20) != 0;
                values.add(switch (types[i]) {
                    case 1 -> String.valueOf(unsigned ? b.get() & 0xFF : b.get());
                    case 2, 13 -> String.valueOf(unsigned ? b.getShort() & 0xFFFF : b.getShort());
                    case 3, 9 -> String.valueOf(unsigned ? b.getInt() & 0xFFFFFFFFL : b.getInt());
                    case 8 -> unsigned ? Long.toUnsignedString(b.getLong()) : String.valueOf(b.getLong());
                    case 4 -> String.valueOf(b.getFloat());
                    case 5 -> String.valueOf(b.getDouble());
                    case 7, 10, 12 -> dateTime(b);
                    case 11 -> time(b);
                    default -> {
                        byte[] v = new byte[(int) readLenenc(b)];
                        b.get(v);
                        yield new String(v, StandardCharsets.UTF_8);
                    }
                });
            }
            return values;
        }

        private static String dateTime(ByteBuffer b) {
            int n = b.get() & 0xFF;
            int[] f = new int[6];
            int micros = 0;
            if (n >= 4) {
                f[0] = b.getShort();
                f[1] = b.get();
                f[2] = b.get();
            }
            if (n >= 7) {
                f[3] = b.get();
                f[4] = b.get();
                f[5] = b.get();
            }
            if (n >= 11) {
                micros = b.getInt();
            }
            return String.format("%04d-%02d-%02d %02d:%02d:%02d.%06d", f[0], f[1], f[2], f[3], f[4], f[5], micros);
        }

        private static String time(ByteBuffer b) {
            int n = b.get() & 0xFF;
            boolean negative = false;
            long days = 0;
            int h = 0;
            int m = 0;
            int s = 0;
            int micros = 0;
            if (n >= 8) {
                negative = b.get() == 1;
                days = b.getInt();
                h = b.get();
                m = b.get();
                s = b.get();
            }
            if (n >= 12) {
                micros = b.getInt();
            }
            return String.format("%s%02d:%02d:%02d.%06d", negative ? "-" : "", days * 24 + h, m, s, micros);
        }
    }
}
