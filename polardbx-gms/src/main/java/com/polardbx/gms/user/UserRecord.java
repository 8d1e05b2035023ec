package com.polardbx.gms.user;

/**
 * An account: user name, host pattern and the two stored password hashes.
 *
 * @param nativeHash SHA1(SHA1(password)) for mysql_native_password, empty for no password
 * @param sha2Hash SHA256(SHA256(password)) for caching_sha2_password fast authentication, empty for no password
 */
public record UserRecord(String user, String host, byte[] nativeHash, byte[] sha2Hash) {
    public boolean hasPassword() {
        return nativeHash.length > 0;
    }
}
