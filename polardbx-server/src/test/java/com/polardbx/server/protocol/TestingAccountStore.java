package com.polardbx.server.protocol;

import com.polardbx.server.session.AccountStore;
import java.util.Map;
import java.util.Optional;

/** An in-memory {@link AccountStore} holding clear passwords by user name (any host); user "broken" fails. */
final class TestingAccountStore implements AccountStore {
    private final Map<String, String> passwords;

    TestingAccountStore(Map<String, String> passwords) {
        this.passwords = passwords;
    }

    @Override
    public Optional<Account> find(String user, String host) {
        if (user.equals("broken")) {
            throw new IllegalStateException("account store unavailable");
        }
        String password = passwords.get(user);
        if (password == null) {
            return Optional.empty();
        }
        return Optional.of(new Account(user, host, PasswordScrambles.nativeHash(password),
            PasswordScrambles.sha2Hash(password)));
    }
}
