package com.polardbx.common.digest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A statement's digest: its {@link DigestText} and a SHA-256 of it as 64 hexadecimal digits, MySQL 8's DIGEST
 * format. MySQL hashes its internal token numbers, which differ between its releases, so the hash equals MySQL's
 * only in format; equal texts always have equal hashes here. Immutable.
 */
public record StatementDigest(String text, String hash) {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    });

    /** The digest of a statement's text. */
    public static StatementDigest of(String sql) {
        return ofText(DigestText.of(sql));
    }

    /** The digest of an already normalised text. */
    public static StatementDigest ofText(String digestText) {
        return new StatementDigest(digestText, hash(digestText));
    }

    /** SHA-256 of a digest text, as 64 lower-case hexadecimal digits. */
    public static String hash(String digestText) {
        MessageDigest sha = SHA256.get();
        sha.reset();
        return HexFormat.of().formatHex(sha.digest(digestText.getBytes(StandardCharsets.UTF_8)));
    }
}
