package com.polardbx.gms.user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class TestPasswordHashes {
    @Test
    void nativeHashMatchesMysqlPasswordFunction() {
        assertEquals("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19",
            PasswordHashes.nativeHashText(PasswordHashes.nativeHash("password")));
        // SELECT PASSWORD('root') on MySQL 5.7
        assertEquals("*81F5E21E35407D884A6CD4A731AEBFB6AF209E1B",
            PasswordHashes.nativeHashText(PasswordHashes.nativeHash("root")));
    }

    @Test
    void emptyPasswordHasEmptyHashes() {
        assertEquals(0, PasswordHashes.nativeHash("").length);
        assertEquals(0, PasswordHashes.sha2Hash(null).length);
        assertEquals("", PasswordHashes.nativeHashText(new byte[0]));
    }

    @Test
    void sha2HashIsDoubleSha256() {
        // SHA256("password") = 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8
        byte[] stage1 = HexFormat.of().parseHex("5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8");
        byte[] expected = sha256(stage1);
        assertArrayEquals(expected, PasswordHashes.sha2Hash("password"));
    }

    @Test
    void scramblesVerifyOnlyTheRightPassword() {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        byte[] nat = PasswordHashes.nativeHash("secret");
        assertTrue(PasswordHashes.checkNativeScramble(nat, seed, PasswordHashes.nativeScramble("secret", seed)));
        assertFalse(PasswordHashes.checkNativeScramble(nat, seed, PasswordHashes.nativeScramble("Secret", seed)));
        assertFalse(PasswordHashes.checkNativeScramble(nat, seed, new byte[0]));
        assertTrue(PasswordHashes.checkNativeScramble(new byte[0], seed, new byte[0]));

        byte[] sha = PasswordHashes.sha2Hash("secret");
        assertTrue(PasswordHashes.checkSha2Scramble(sha, seed, PasswordHashes.sha2Scramble("secret", seed)));
        assertFalse(PasswordHashes.checkSha2Scramble(sha, seed, PasswordHashes.sha2Scramble("secreT", seed)));
    }

    private static byte[] sha256(byte[] in) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(in);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
