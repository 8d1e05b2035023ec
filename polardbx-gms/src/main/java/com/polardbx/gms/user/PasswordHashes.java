package com.polardbx.gms.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The password hashes we store and the scramble checks of mysql_native_password and caching_sha2_password. */
public final class PasswordHashes {
    private PasswordHashes() {
    }

    /** SHA1(SHA1(password)), empty for an empty password. */
    public static byte[] nativeHash(String password) {
        if (password == null || password.isEmpty()) {
            return new byte[0];
        }
        return digest("SHA-1", digest("SHA-1", password.getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA256(SHA256(password)), empty for an empty password. */
    public static byte[] sha2Hash(String password) {
        if (password == null || password.isEmpty()) {
            return new byte[0];
        }
        return digest("SHA-256", digest("SHA-256", password.getBytes(StandardCharsets.UTF_8)));
    }

    /** The hash as {@code PASSWORD()} prints it: {@code *} and 40 upper-case hex digits; empty for no password. */
    public static String nativeHashText(byte[] nativeHash) {
        return nativeHash.length == 0 ? "" : "*" + HexFormat.of().withUpperCase().formatHex(nativeHash);
    }

    /**
     * Checks a mysql_native_password response: the client sends SHA1(pw) XOR SHA1(seed + SHA1(SHA1(pw))).
     * An empty stored hash accepts only an empty response.
     */
    public static boolean checkNativeScramble(byte[] nativeHash, byte[] seed, byte[] response) {
        if (nativeHash.length == 0) {
            return response == null || response.length == 0;
        }
        if (response == null || response.length != 20) {
            return false;
        }
        byte[] mask = digest("SHA-1", concat(seed, nativeHash));
        byte[] stage1 = xor(response, mask);
        return MessageDigest.isEqual(digest("SHA-1", stage1), nativeHash);
    }

    /**
     * Checks a caching_sha2_password fast-auth response: the client sends
     * SHA256(pw) XOR SHA256(SHA256(SHA256(pw)) + nonce).
     */
    public static boolean checkSha2Scramble(byte[] sha2Hash, byte[] nonce, byte[] response) {
        if (sha2Hash.length == 0) {
            return response == null || response.length == 0;
        }
        if (response == null || response.length != 32) {
            return false;
        }
        byte[] mask = digest("SHA-256", concat(sha2Hash, nonce));
        byte[] stage1 = xor(response, mask);
        return MessageDigest.isEqual(digest("SHA-256", stage1), sha2Hash);
    }

    /** The response a client computes for mysql_native_password (used by tests and by the CN as a DN client). */
    public static byte[] nativeScramble(String password, byte[] seed) {
        byte[] stage1 = digest("SHA-1", password.getBytes(StandardCharsets.UTF_8));
        return xor(stage1, digest("SHA-1", concat(seed, digest("SHA-1", stage1))));
    }

    /** The response a client computes for caching_sha2_password fast authentication. */
    public static byte[] sha2Scramble(String password, byte[] nonce) {
        byte[] stage1 = digest("SHA-256", password.getBytes(StandardCharsets.UTF_8));
        return xor(stage1, digest("SHA-256", concat(digest("SHA-256", stage1), nonce)));
    }

    private static byte[] digest(String algorithm, byte[] input) {
        try {
            return MessageDigest.getInstance(algorithm).digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " missing from the JDK", e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] xor(byte[] a, byte[] b) {
        byte[] out = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (byte) (a[i] ^ b[i]);
        }
        return out;
    }
}
