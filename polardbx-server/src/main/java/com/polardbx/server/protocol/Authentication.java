package com.polardbx.server.protocol;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.server.session.AccountStore;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Optional;

/**
 * One authentication exchange (handshake or COM_CHANGE_USER): checks the client's reply for its plugin, switches the
 * client to the server's default plugin when it offered one we don't speak, and runs caching_sha2_password's full
 * authentication (clear password over TLS, or RSA). Feed it the client's packets until it succeeds or fails.
 */
final class Authentication {
    private static final byte AUTH_MORE_DATA = 0x01;
    private static final byte FAST_AUTH_SUCCESS = 0x03;
    private static final byte PERFORM_FULL_AUTHENTICATION = 0x04;
    private static final byte REQUEST_PUBLIC_KEY = 0x02;

    private enum State { SWITCHED, SHA2_FULL, SHA2_RSA, DONE }

    /** What to do after a client packet: send {@code reply} and wait, or finish (with {@code reply} sent before OK). */
    record Step(boolean finished, byte[] reply, SqlError error) {
        static Step send(byte[] reply) {
            return new Step(false, reply, null);
        }

        static Step success(byte[] preamble) {
            return new Step(true, preamble, null);
        }

        static Step failure(SqlError error) {
            return new Step(true, null, error);
        }
    }

    private final ProtocolContext context;
    private final String user;
    private final String clientHost;
    private final boolean tls;
    private final byte[] nonce;
    private State state;
    private AuthPlugin switchedTo;
    private boolean sentPassword;

    Authentication(ProtocolContext context, String user, String clientHost, boolean tls, byte[] nonce) {
        this.context = context;
        this.user = user;
        this.clientHost = clientHost;
        this.tls = tls;
        this.nonce = nonce;
    }

    /** Starts with the client's first reply; {@code pluginName} null means a client without CLIENT_PLUGIN_AUTH. */
    Step start(String pluginName, byte[] reply) {
        Optional<AuthPlugin> plugin = pluginName == null || pluginName.isEmpty()
            ? Optional.of(AuthPlugin.NATIVE_PASSWORD) : AuthPlugin.byName(pluginName);
        if (plugin.isEmpty()) {
            switchedTo = context.defaultAuthPlugin();
            state = State.SWITCHED;
            return Step.send(authSwitchRequest(switchedTo));
        }
        if (pluginName != null && reply.length == 0 && plugin.get() != context.defaultAuthPlugin()) {
            // A client that picked another plugin than the greeting's sends no data and waits for a switch request
            // carrying a scramble for its plugin, as MySQL sends one (MariaDB's replication client does this).
            switchedTo = plugin.get();
            state = State.SWITCHED;
            return Step.send(authSwitchRequest(switchedTo));
        }
        return verify(plugin.get(), reply);
    }

    /** Continues with the client's next packet. */
    Step next(byte[] payload) {
        return switch (state) {
            case SWITCHED -> verify(switchedTo, payload);
            case SHA2_FULL -> fullAuthentication(payload);
            case SHA2_RSA -> rsaPassword(payload);
            default -> Step.failure(new SqlError(ErrorCode.ER_HANDSHAKE_ERROR));
        };
    }

    private Step verify(AuthPlugin plugin, byte[] rawReply) {
        // some clients send a single NUL for an empty password
        byte[] reply = rawReply.length == 1 && rawReply[0] == 0 ? new byte[0] : rawReply;
        sentPassword = reply.length > 0;
        Optional<AccountStore.Account> account = context.accounts().find(user, clientHost);
        if (account.isEmpty()) {
            return denied();
        }
        AccountStore.Account a = account.get();
        if (reply.length == 0) {
            // as MySQL does, an empty password gets the OK packet without caching_sha2's fast-auth marker
            return a.hasPassword() ? denied() : done(null);
        }
        if (!a.hasPassword()) {
            return denied();
        }
        if (plugin == AuthPlugin.NATIVE_PASSWORD) {
            return PasswordScrambles.checkNative(reply, nonce, a.nativeHash()) ? done(null) : denied();
        }
        if (context.config().sha2FullAuthentication()) {
            state = State.SHA2_FULL;
            return Step.send(new byte[] {AUTH_MORE_DATA, PERFORM_FULL_AUTHENTICATION});
        }
        return PasswordScrambles.checkSha2(reply, nonce, a.sha2Hash())
            ? done(new byte[] {AUTH_MORE_DATA, FAST_AUTH_SUCCESS}) : denied();
    }

    private Step fullAuthentication(byte[] payload) {
        if (tls) {
            return checkClear(stripNul(payload));
        }
        if (payload.length == 1 && payload[0] == REQUEST_PUBLIC_KEY) {
            state = State.SHA2_RSA;
            byte[] pem = context.rsa().publicKeyPem();
            byte[] reply = new byte[pem.length + 1];
            reply[0] = AUTH_MORE_DATA;
            System.arraycopy(pem, 0, reply, 1, pem.length);
            return Step.send(reply);
        }
        // a client that already knows our public key sends the encrypted password right away
        return rsaPassword(payload);
    }

    private Step rsaPassword(byte[] payload) {
        try {
            return checkClear(context.rsa().decryptPassword(payload, nonce));
        } catch (GeneralSecurityException e) {
            return denied();
        }
    }

    private Step checkClear(byte[] password) {
        Optional<AccountStore.Account> account = context.accounts().find(user, clientHost);
        if (account.isPresent() && PasswordScrambles.checkClearPassword(password, account.get().sha2Hash())) {
            return done(null);
        }
        return denied();
    }

    private Step done(byte[] preamble) {
        state = State.DONE;
        return Step.success(preamble);
    }

    private Step denied() {
        state = State.DONE;
        return Step.failure(new SqlError(ErrorCode.ER_ACCESS_DENIED, user, clientHost, sentPassword ? "YES" : "NO"));
    }

    private byte[] authSwitchRequest(AuthPlugin plugin) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFE);
        out.writeBytes(plugin.protocolName().getBytes(StandardCharsets.US_ASCII));
        out.write(0);
        out.writeBytes(nonce);
        out.write(0);
        return out.toByteArray();
    }

    private static byte[] stripNul(byte[] payload) {
        int len = payload.length;
        while (len > 0 && payload[len - 1] == 0) {
            len--;
        }
        return Arrays.copyOf(payload, len);
    }
}
