package com.polardbx.server.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * The password arithmetic of mysql_native_password and caching_sha2_password: nonces, scramble checks against the
 * stored double hashes, and the hashes themselves (for account stores and tests).
 */
public final class PasswordScrambles {
    public static final int NONCE_LENGTH = 20;
    private static final SecureRandom RANDOM = new SecureRandom();

    private PasswordScrambles() {
    }

    /** A 20-byte nonce of printable ASCII (no NUL: it travels NUL-terminated in the handshake). */
    public static byte[] newNonce() {
        byte[] nonce = new byte[NONCE_LENGTH];
        for (int i = 0; i < nonce.length; i++) {
            nonce[i] = (byte) (33 + RANDOM.nextInt(94));
        }
        return nonce;
    }

    /** SHA1(SHA1(password)), the stored form for mysql_native_password; empty for an empty password. */
    public static byte[] nativeHash(String password) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        return digest("SHA-1", digest("SHA-1", password.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA256(SHA256(password)), the stored form checked by caching_sha2_password; empty for an empty password. */
    public static byte[] sha2Hash(String password) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        return digest("SHA-256", digest("SHA-256", password.getBytes(StandardCharsets.UTF_8)));
    }

    /** Checks a mysql_native_password reply: SHA1(pw) XOR SHA1(nonce + SHA1(SHA1(pw))). */
    public static boolean checkNative(byte[] reply, byte[] nonce, byte[] nativeHash) {
        if (reply.length != 20 || nativeHash.length != 20) {
            return false;
        }
        byte[] mask = digest("SHA-1", nonce, nativeHash);
        byte[] candidate = xor(reply, mask);
        return MessageDigest.isEqual(digest("SHA-1", candidate), nativeHash);
    }

    /** Checks a caching_sha2_password fast-path reply: SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce). */
    public static boolean checkSha2(byte[] reply, byte[] nonce, byte[] sha2Hash) {
        if (reply.length != 32 || sha2Hash.length != 32) {
            return false;
        }
        byte[] mask = digest("SHA-256", sha2Hash, nonce);
        byte[] candidate = xor(reply, mask);
        return MessageDigest.isEqual(digest("SHA-256", candidate), sha2Hash);
    }

    /** Checks a clear-text password (full authentication) against the stored SHA256(SHA256(pw)). */
    public static boolean checkClearPassword(byte[] password, byte[] sha2Hash) {
        if (password.length == 0) {
            return sha2Hash.length == 0;
        }
        return MessageDigest.isEqual(digest("SHA-256", digest("SHA-256", password)), sha2Hash);
    }

    /** A mysql_native_password client reply (what a client computes), used by tests and tools. */
    public static byte[] nativeReply(String password, byte[] nonce) {
        if (password.isEmpty()) {
            return new byte[0];
        }
        byte[] stage1 = digest("SHA-1", password.getBytes(StandardCharsets.UTF_8));
        return xor(stage1, digest("SHA-1", nonce, digest("SHA-1", stage1)));
    }

    static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i % b.length]);
        }
        return out;
    }

    private static byte[] digest(String algorithm, byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                md.update(part);
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }
}
