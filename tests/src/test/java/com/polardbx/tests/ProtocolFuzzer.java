package com.polardbx.tests;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Garbled and truncated packets at each phase of a session (handshake, authentication, commands), bogus statement
 * ids and parameter types, huge declared lengths. Every ERR packet the server sends is checked with
 * {@link CleanErrors}; silence where MySQL answers is counted as a hang. Reproducible from a seed.
 */
final class ProtocolFuzzer {
    /** What one session did; counters are summed over a run. */
    static final class Counts {
        long sessions;
        long packets;
        long errors;
        long closedByServer;
        long hangs;
        final java.util.Map<Integer, Long> errnos = new java.util.TreeMap<>();
        final List<String> dirty = new java.util.ArrayList<>();
        /** What went unanswered: command code and payload length. */
        final List<String> unanswered = new java.util.ArrayList<>();

        @Override
        public String toString() {
            return "sessions=" + sessions + " packets=" + packets + " errors=" + errors + " closedByServer="
                + closedByServer + " hangs=" + hangs + " dirty=" + dirty.size() + " errnos=" + errnos + (unanswered.isEmpty() ? "" : " unanswered=" + unanswered);
        }
    }

    private static final int[] COMMANDS = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C,
        0x0D, 0x0E, 0x0F, 0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1A, 0x1B, 0x1C, 0x1D, 0x1E, 0x1F,
        0x20, 0xFE, 0xFF};
    private static final int[] TYPES = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A, 0x0B, 0x0C,
        0x0D, 0x0F, 0x10, 0xF5, 0xF6, 0xF7, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE, 0xFF, 0x11, 0x12, 0x13, 0x7F};

    private final int port;
    private final String user;
    private final String password;
    private final String database;
    private final Random random;
    private final SqlMutator sql;
    final Counts counts = new Counts();

    ProtocolFuzzer(int port, String user, String password, String database, long seed) {
        this.database = database;
        this.port = port;
        this.user = user;
        this.password = password;
        this.random = new Random(seed);
        this.sql = new SqlMutator(seed + 1);
    }

    /** One session: garbage at a random phase, then a ping if the connection is still open. */
    void session() throws IOException {
        counts.sessions++;
        try (WireClient wire = new WireClient(port, 30_000)) {
            if (wire.connectionId < 0) {
                check(new WireClient.Packet(0, wire.greeting));
                return;
            }
            int phase = random.nextInt(3);
            if (phase == 0) {
                handshakeGarbage(wire);
                return;
            }
            if (phase == 1) {
                authGarbage(wire);
                return;
            }
            WireClient.Packet login = wire.login(user, password);
            if (!check(login)) {
                return;
            }
            wire.sendCommand(0x02, database.getBytes(StandardCharsets.UTF_8)); // COM_INIT_DB
            if (!answer(wire, 0x02)) {
                return;
            }
            int commands = 1 + random.nextInt(6);
            for (int i = 0; i < commands; i++) {
                if (!command(wire)) {
                    return;
                }
            }
            wire.sendCommand(WireClient.COM_PING, new byte[0]);
            answer(wire, WireClient.COM_PING);
        } catch (java.net.SocketException e) {
            counts.closedByServer++;
        }
    }

    private void handshakeGarbage(WireClient wire) throws IOException {
        byte[] valid = wire.handshakeResponse(user, password);
        switch (random.nextInt(5)) {
            case 0 -> wire.write(1, randomBytes(random.nextInt(300)));
            case 1 -> wire.write(1, Arrays.copyOf(valid, random.nextInt(valid.length)));
            case 2 -> {
                byte[] flipped = valid.clone();
                for (int i = 0; i < 1 + random.nextInt(8); i++) {
                    flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
                }
                wire.write(1, flipped);
            }
            case 3 -> {
                // a header announcing far more than is sent, then the client goes away
                wire.writeRaw(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1, 1, 2, 3});
                counts.packets++;
                return;
            }
            default -> {
                // bytes without framing: the server may be waiting for the rest of a packet, as MySQL would
                wire.writeRaw(randomBytes(1 + random.nextInt(64)));
                counts.packets++;
                return;
            }
        }
        counts.packets++;
        answerOrClose(wire);
    }

    private void authGarbage(WireClient wire) throws IOException {
        // ask for caching_sha2_password with a wrong scramble, then answer whatever comes with garbage
        byte[] response = wire.handshakeResponse(user, "not-" + password);
        wire.write(1, response);
        counts.packets++;
        WireClient.Packet first = read(wire);
        if (first == null || !check(first) || first.isOk()) {
            return;
        }
        wire.write(first.sequenceId() + 1, randomBytes(random.nextInt(100)));
        counts.packets++;
        answerOrClose(wire);
    }

    /** One fuzzed command; false when the session is over. */
    private boolean command(WireClient wire) throws IOException {
        int kind = random.nextInt(6);
        byte[] payload;
        int code;
        switch (kind) {
            case 0 -> {
                code = COMMANDS[random.nextInt(COMMANDS.length)];
                payload = randomBytes(random.nextInt(64));
            }
            case 1 -> {
                code = WireClient.COM_STMT_EXECUTE;
                payload = executePacket(random.nextInt(4) == 0 ? random.nextInt() : 1 + random.nextInt(3));
            }
            case 2 -> {
                code = WireClient.COM_STMT_PREPARE;
                payload = sql.next().getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> {
                code = WireClient.COM_STMT_SEND_LONG_DATA;
                payload = randomBytes(random.nextInt(20));
            }
            case 4 -> {
                code = WireClient.COM_QUERY;
                payload = sql.next().getBytes(StandardCharsets.UTF_8);
                if (payload.length > 0xFFFFFF - 1) {
                    payload = Arrays.copyOf(payload, 1_000);
                }
            }
            default -> {
                code = WireClient.COM_STMT_PREPARE;
                payload = "SELECT ?, ? FROM fz WHERE id = ?".getBytes(StandardCharsets.UTF_8);
            }
        }
        wire.sendCommand(code, payload);
        counts.packets++;
        if (code == WireClient.COM_STMT_SEND_LONG_DATA || code == WireClient.COM_STMT_CLOSE) {
            return true; // no answer, as in MySQL
        }
        if (code == WireClient.COM_QUIT) {
            return false;
        }
        lastCommand = "0x" + Integer.toHexString(code) + " (" + payload.length + " bytes)";
        return answer(wire, code);
    }

    private String lastCommand = "";

    /** A COM_STMT_EXECUTE body for {@code id} with random flags, bitmap, types and values. */
    private byte[] executePacket(int id) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(WireClient.int4(id));
        out.write(random.nextInt(4) == 0 ? random.nextInt(256) : 0);
        out.writeBytes(WireClient.int4(1));
        int parameters = random.nextInt(4);
        out.writeBytes(randomBytes((parameters + 7) / 8));
        out.write(random.nextInt(3) == 0 ? 0 : 1);
        for (int i = 0; i < parameters; i++) {
            out.write(TYPES[random.nextInt(TYPES.length)]);
            out.write(random.nextInt(5) == 0 ? 0x80 : 0);
        }
        if (random.nextBoolean()) {
            out.write(0xFE); // a length-encoded value declaring up to 2^64 bytes
            out.writeBytes(randomBytes(8));
        }
        out.writeBytes(randomBytes(random.nextInt(40)));
        byte[] bytes = out.toByteArray();
        return random.nextInt(4) == 0 ? Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)) : bytes;
    }

    /** Reads a whole answer to {@code code}; false when the connection is over (closed, or silent: a hang). */
    private boolean answer(WireClient wire, int code) throws IOException {
        try {
            WireClient.Packet p;
            if (code == 0x04) {
                do {
                    p = wire.read(); // COM_FIELD_LIST: column definitions up to an EOF
                } while (!p.isError() && !((p.payload()[0] & 0xFF) == 0xFE && p.payload().length < 9));
            } else if (code == 0x09) {
                p = wire.read(); // COM_STATISTICS: one text packet
            } else if (code == WireClient.COM_STMT_PREPARE) {
                p = wire.read();
                if (p.isOk() && p.payload().length >= 9) {
                    int columns = (p.payload()[5] & 0xFF) | (p.payload()[6] & 0xFF) << 8;
                    int parameters = (p.payload()[7] & 0xFF) | (p.payload()[8] & 0xFF) << 8;
                    int more = (parameters > 0 ? parameters + 1 : 0) + (columns > 0 ? columns + 1 : 0);
                    for (int i = 0; i < more; i++) {
                        wire.read();
                    }
                }
            } else {
                p = wire.readResponse();
            }
            check(p);
            return true;
        } catch (SocketTimeoutException e) {
            counts.hangs++;
            if (counts.unanswered.size() < 20) {
                counts.unanswered.add(code == WireClient.COM_PING ? "ping after " + lastCommand : lastCommand);
            }
            return false;
        } catch (java.io.EOFException | java.net.SocketException e) {
            counts.closedByServer++;
            return false;
        }
    }

    private void answerOrClose(WireClient wire) throws IOException {
        WireClient.Packet p = read(wire);
        if (p != null) {
            check(p);
        }
    }

    private WireClient.Packet read(WireClient wire) throws IOException {
        try {
            return wire.read();
        } catch (SocketTimeoutException e) {
            counts.hangs++;
            if (counts.unanswered.size() < 20) {
                counts.unanswered.add("login phase");
            }
            return null;
        } catch (java.io.EOFException | java.net.SocketException e) {
            counts.closedByServer++;
            return null;
        }
    }

    /** Records an ERR packet; true unless it was an error. */
    private boolean check(WireClient.Packet p) {
        if (!p.isError()) {
            return true;
        }
        counts.errors++;
        counts.errnos.merge(p.errno(), 1L, Long::sum);
        String problem = CleanErrors.problem(p.errno(), p.message());
        if (problem != null && counts.dirty.size() < 50) {
            counts.dirty.add(problem);
        }
        return false;
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
