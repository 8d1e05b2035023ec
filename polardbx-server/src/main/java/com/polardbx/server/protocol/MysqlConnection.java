package com.polardbx.server.protocol;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.server.net.MysqlPacket;
import com.polardbx.server.session.ServerSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.ssl.SslHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection above the framing: handshake, authentication, then commands.
 *
 * <p>{@link #start}, {@link #handle} and {@link #closed} run on the connection's serial executor, one at a time and in
 * order; {@link #kill} and {@link #writabilityChanged} may come from any thread.
 */
public final class MysqlConnection {
    private static final Logger log = LoggerFactory.getLogger(MysqlConnection.class);
    private static final int PROTOCOL_VERSION = 10;
    private static final int UTF8MB4_GENERAL_CI = 45;

    private enum Phase { HANDSHAKE, AUTHENTICATING, COMMAND, LOCAL_FILE, CLOSED }

    /** How long a connection that sent an oversized packet may keep sending before it is closed. */
    private static final int OVERSIZED_PACKET_DRAIN_SECONDS = 5;

    private final ProtocolContext context;
    private final Channel channel;
    private final long connectionId;
    private final String clientHost;
    private final PacketWriter writer;
    private final byte[] nonce = PasswordScrambles.newNonce();
    private final CommandHandler commands;
    private Phase phase = Phase.HANDSHAKE;
    private Authentication authentication;
    private HandshakeResponse login;
    private volatile ServerSession session;
    private int clientCapabilities;
    /** Closes the connection when it idles too long: connect_timeout before login, wait_timeout after. */
    private java.util.concurrent.ScheduledFuture<?> idleTimer;

    public MysqlConnection(ProtocolContext context, Channel channel, long connectionId, String clientHost) {
        this.context = context;
        this.channel = channel;
        this.connectionId = connectionId;
        this.clientHost = clientHost;
        this.writer = new PacketWriter(channel);
        this.commands = new CommandHandler(this, writer, context);
    }

    public long connectionId() {
        return connectionId;
    }

    ServerSession session() {
        return session;
    }

    /** The client was asked for a LOAD DATA LOCAL file: the next packets carry it, until an empty one. */
    void awaitLocalFile() {
        phase = Phase.LOCAL_FILE;
    }

    int clientCapabilities() {
        return clientCapabilities;
    }

    /** Sends the initial handshake packet. */
    public void start() {
        context.register(this);
        writer.sequenceId(0);
        if (context.connectionCount() > context.limits().maxConnections() + 1) {
            // MySQL keeps one connection beyond max_connections for an administrator; past that, 1040 at once
            refuseTooMany();
            return;
        }
        writer.write(greeting());
        writer.flush();
        closeWhenIdle(context.limits().connectTimeoutSeconds());
    }

    /**
     * (Re)arms the idle timer: the channel is closed unless a packet arrives within {@code seconds}; a logged-in
     * client first gets error 4031.
     */
    private void closeWhenIdle(long seconds) {
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        idleTimer = seconds <= 0 ? null : channel.eventLoop().schedule(() -> {
            log.debug("connection {}: idle for {} s in phase {}, closing", connectionId, seconds, phase);
            if (phase == Phase.COMMAND) {
                // MySQL 8 tells a logged-in client why before it hangs up (wait_timeout): 4031, sequence id 0
                phase = Phase.CLOSED;
                SqlError timeout = new SqlError(ErrorCode.ER_CLIENT_INTERACTION_TIMEOUT);
                writer.sequenceId(0);
                writer.writeError(timeout.errno(), timeout.sqlState(), timeout.getMessage());
                writer.flushAndClose();
            } else {
                channel.close();
            }
        }, seconds, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Handles one packet from the client and releases it. */
    public void handle(MysqlPacket packet) {
        ByteBuf payload = packet.payload();
        if (phase == Phase.COMMAND && idleTimer != null) {
            idleTimer.cancel(false); // a command may run as long as it needs; the wait starts after its answer
            idleTimer = null;
        }
        try {
            writer.sequenceId(packet.sequenceId() + 1);
            switch (phase) {
                case HANDSHAKE -> onHandshakeResponse(payload);
                case AUTHENTICATING -> applyStep(authentication.next(ByteBufUtil.getBytes(payload)));
                case COMMAND -> commands.dispatch(payload);
                case LOCAL_FILE -> {
                    if (commands.localFileData(payload)) {
                        phase = Phase.COMMAND;
                    }
                }
                default -> { }
            }
            writer.flush();
            ServerSession s = session;
            if (phase == Phase.COMMAND && s != null) {
                closeWhenIdle(s.waitTimeoutSeconds());
            } else if (phase == Phase.AUTHENTICATING && idleTimer == null) {
                closeWhenIdle(context.limits().connectTimeoutSeconds()); // COM_CHANGE_USER: a new login is under way
            }
        } catch (ClientGoneException e) {
            log.debug("connection {}: client went away while answering", connectionId);
        } catch (RuntimeException e) {
            // only the handshake and authentication get here: commands report their own failures
            sendErrorAndClose(ClientErrors.toClient(e, connectionId));
        } finally {
            payload.release();
        }
    }

    /** The packet exceeded max_allowed_packet: report it and hang up. */
    public void packetTooLarge(int sequenceId) {
        writer.sequenceId(sequenceId + 1);
        sendLastError(new SqlError(ErrorCode.ER_NET_PACKET_TOO_LARGE));
        // The client may still be writing the oversized packet: closing now would reset the connection under it
        // (a broken pipe instead of the error). Half-close, let the decoder drain what still comes, close later.
        if (channel instanceof DuplexChannel duplex && channel.isActive()) {
            duplex.shutdownOutput();
            channel.eventLoop().schedule(() -> channel.close(), OVERSIZED_PACKET_DRAIN_SECONDS, TimeUnit.SECONDS);
        } else {
            channel.close();
        }
    }

    /** The channel is gone: release the session (rolls back an open transaction). */
    public void closed() {
        phase = Phase.CLOSED;
        if (idleTimer != null) {
            idleTimer.cancel(false);
        }
        context.unregister(this);
        ServerSession s = session;
        session = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("connection {}: closing the session failed", connectionId, e);
            }
        }
    }

    /** Called from the event loop when the socket closed: cancels the running statement, wakes a blocked writer. */
    public void clientGone() {
        ServerSession s = session;
        if (s != null) {
            s.cancel();
        }
        writer.writabilityChanged();
    }

    /** KILL from another connection: stop the running statement and drop the connection. */
    public void kill() {
        ServerSession s = session;
        if (s != null) {
            s.cancel();
        }
        channel.close();
    }

    public void writabilityChanged() {
        writer.writabilityChanged();
    }

    /** Whether the client is still connected. */
    boolean isActive() {
        return channel.isActive();
    }

    void quit() {
        phase = Phase.CLOSED;
        writer.flush();
        channel.close();
    }

    private ByteBuf greeting() {
        int caps = serverCapabilities();
        ByteBuf p = writer.newPayload();
        p.writeByte(PROTOCOL_VERSION);
        WireFormat.writeNulString(p, context.config().serverVersion());
        p.writeIntLE((int) connectionId);
        p.writeBytes(nonce, 0, 8);
        p.writeByte(0);
        p.writeShortLE(caps & 0xFFFF);
        p.writeByte(UTF8MB4_GENERAL_CI);
        p.writeShortLE(ServerStatus.AUTOCOMMIT);
        p.writeShortLE(caps >>> 16);
        p.writeByte(nonce.length + 1);
        p.writeZero(10);
        p.writeBytes(nonce, 8, nonce.length - 8);
        p.writeByte(0);
        WireFormat.writeNulString(p, context.defaultAuthPlugin().protocolName());
        return p;
    }

    private int serverCapabilities() {
        return Capabilities.SERVER_DEFAULT | (context.tlsAvailable() ? Capabilities.SSL : 0);
    }

    private void onHandshakeResponse(ByteBuf payload) {
        if (payload.readableBytes() == 32 && (payload.getIntLE(payload.readerIndex()) & Capabilities.SSL) != 0) {
            // SSLRequest: the decoder already put the SslHandler in place; the real response follows over TLS
            if (channel.pipeline().get(SslHandler.class) == null) {
                sendErrorAndClose(new SqlError(ErrorCode.ER_HANDSHAKE_ERROR));
            }
            return;
        }
        HandshakeResponse response;
        try {
            response = HandshakeResponse.parse(payload);
        } catch (RuntimeException e) {
            log.debug("connection {}: malformed handshake response", connectionId, e);
            sendErrorAndClose(new SqlError(ErrorCode.ER_HANDSHAKE_ERROR));
            return;
        }
        clientCapabilities = response.capabilities() & serverCapabilities();
        if ((clientCapabilities & Capabilities.PROTOCOL_41) == 0) {
            sendErrorAndClose(new SqlError(ErrorCode.ER_HANDSHAKE_ERROR));
            return;
        }
        writer.capabilities(clientCapabilities);
        commands.multiStatements((clientCapabilities & Capabilities.MULTI_STATEMENTS) != 0);
        beginAuthentication(response);
    }

    /** COM_CHANGE_USER: authenticate again and start a fresh session. */
    void changeUser(ByteBuf payload) {
        HandshakeResponse response;
        try {
            response = HandshakeResponse.parseChangeUser(payload, clientCapabilities);
        } catch (RuntimeException e) {
            // shorter than its fields claim: MySQL refuses it as an unknown command and drops the connection
            log.debug("connection {}: malformed COM_CHANGE_USER", connectionId, e);
            sendErrorAndClose(new SqlError(ErrorCode.ER_UNKNOWN_COM));
            return;
        }
        beginAuthentication(response);
    }

    private void beginAuthentication(HandshakeResponse response) {
        login = response;
        authentication = new Authentication(context, response.user(), clientHost, isTls(), nonce);
        applyStep(authentication.start(response.authPlugin(), response.authData()));
    }

    private boolean isTls() {
        return channel.pipeline().get(SslHandler.class) != null;
    }

    private void applyStep(Authentication.Step step) {
        if (!step.finished()) {
            phase = Phase.AUTHENTICATING;
            writeRaw(step.reply());
            return;
        }
        if (step.error() != null) {
            log.info("connection {}: {}", connectionId, step.error().getMessage());
            sendErrorAndClose(step.error());
            return;
        }
        if (step.reply() != null) {
            writeRaw(step.reply());
        }
        completeLogin();
    }

    private void completeLogin() {
        ServerSession old = session;
        session = null;
        if (old != null) {
            old.close();
        }
        commands.forgetPreparedStatements();
        ServerSession fresh = context.sessions().create(connectionId, clientHost);
        try {
            fresh.clientFoundRows((clientCapabilities & Capabilities.FOUND_ROWS) != 0);
            if (login.attributes() != null) {
                fresh.clientAttributes(login.attributes());
            }
            fresh.authenticated(login.user(), clientHost, login.database());
        } catch (RuntimeException e) {
            fresh.close();
            sendErrorAndClose(ClientErrors.toClient(e, connectionId));
            return;
        }
        if (context.connectionCount() > context.limits().maxConnections() && !fresh.mayUseReservedConnection()) {
            fresh.close();
            refuseTooMany();
            return;
        }
        fresh.onKillConnection(channel::close);
        session = fresh;
        phase = Phase.COMMAND;
        authentication = null;
        log.debug("connection {}: {}@{} logged in, attributes {}", connectionId, login.user(), clientHost,
            login.attributes());
        writer.writeOk(0, 0, commands.status(), 0, null);
    }

    private void writeRaw(byte[] bytes) {
        ByteBuf p = writer.newPayload();
        p.writeBytes(bytes);
        writer.write(p);
    }

    /** 1040; the refused connection stops counting at once, not when its channel has closed. */
    private void refuseTooMany() {
        context.unregister(this);
        sendErrorAndClose(new SqlError(ErrorCode.ER_CON_COUNT_ERROR));
    }

    private void sendErrorAndClose(SqlError error) {
        sendLastError(error);
        channel.close();
    }

    private void sendLastError(SqlError error) {
        phase = Phase.CLOSED;
        try {
            writer.writeError(error.errno(), error.sqlState(), error.getMessage());
            writer.flush();
        } catch (ClientGoneException e) {
            log.debug("connection {}: gone before the error could be sent", connectionId);
        }
    }

    @Override
    public String toString() {
        return "connection " + connectionId + " from " + clientHost + " (" + phase + ")";
    }
}
