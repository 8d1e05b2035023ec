package com.polardbx.server.session;

import java.util.Optional;

/**
 * Where the protocol layer finds the stored credentials of an account. Thread-safe.
 *
 * <p>Passwords are never stored in clear: {@code nativeHash} is SHA1(SHA1(password)) as in mysql_native_password,
 * {@code sha2Hash} is SHA256(SHA256(password)) which lets the server check a caching_sha2_password scramble and a
 * clear-text password sent over TLS or RSA. Both are empty arrays for an account with an empty password.
 */
public interface AccountStore {

    Optional<Account> find(String user, String host);

    record Account(String user, String host, byte[] nativeHash, byte[] sha2Hash) {
        public boolean hasPassword() {
            return nativeHash.length > 0;
        }
    }
}
