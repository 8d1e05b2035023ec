package com.polardbx.server.protocol;

import com.polardbx.server.net.SelfSignedTls;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import javax.crypto.Cipher;

/**
 * The RSA key pair caching_sha2_password clients use to send a password over a connection without TLS: the client
 * asks for the public key, then sends (password + NUL) XOR nonce encrypted with RSA-OAEP. Thread-safe.
 */
public final class RsaKeyExchange {
    private final KeyPair keyPair;
    private final byte[] publicKeyPem;

    private RsaKeyExchange(KeyPair keyPair) {
        this.keyPair = keyPair;
        this.publicKeyPem = SelfSignedTls.pem("PUBLIC KEY", keyPair.getPublic().getEncoded())
            .getBytes(StandardCharsets.US_ASCII);
    }

    /** Generates a fresh 2048-bit key pair (done once at server start). */
    public static RsaKeyExchange generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new RsaKeyExchange(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate the RSA key pair", e);
        }
    }

    public byte[] publicKeyPem() {
        return publicKeyPem.clone();
    }

    /** Decrypts a client's encrypted password and removes the nonce mask and the trailing NUL. */
    public byte[] decryptPassword(byte[] encrypted, byte[] nonce) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPWithSHA-1AndMGF1Padding");
        cipher.init(Cipher.DECRYPT_MODE, keyPair.getPrivate());
        byte[] masked = PasswordScrambles.xor(cipher.doFinal(encrypted), nonce);
        int len = masked.length;
        while (len > 0 && masked[len - 1] == 0) {
            len--;
        }
        return java.util.Arrays.copyOf(masked, len);
    }
}
