package com.polardbx.gms.user;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.store.MetaDb;
import com.polardbx.gms.store.MetaSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts and privileges backed by the metadb tables {@code user_info} and {@code user_privilege}; thread-safe.
 *
 * <p>Reads use an immutable snapshot; every write runs one metadb transaction and then reloads the snapshot (the
 * tables are small). Database and table names in grants are stored in lower case; {@code *} means all. The
 * {@code host} argument of the privilege methods is the account's host pattern as returned by {@link #find}, not the
 * client's address.
 */
public final class UserStore {
    private static final Logger log = LoggerFactory.getLogger(UserStore.class);

    private final MetaDb db;
    private volatile Snapshot snapshot;

    private record Snapshot(List<UserRecord> users, List<GrantRow> grants) {
    }

    public UserStore(MetaDb db) {
        this.db = db;
        this.snapshot = load();
        if (snapshot.users().isEmpty()) {
            bootstrapRoot();
        }
    }

    private synchronized void bootstrapRoot() {
        for (String host : List.of("127.0.0.1", "localhost", "::1")) {
            createUser("root", host, "");
            grant("root", host, EnumSet.of(Privilege.ALL), "*", "*", true);
        }
        log.info("no accounts found: created root@127.0.0.1, root@localhost and root@::1 with an empty password");
    }

    /** Reloads accounts and grants from the metadb. */
    public synchronized void reload() {
        snapshot = load();
    }

    private Snapshot load() {
        try (Connection c = db.connection()) {
            List<UserRecord> users = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                "SELECT user_name, host, native_hash, sha2_hash FROM user_info"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(new UserRecord(rs.getString(1), rs.getString(2), rs.getBytes(3), rs.getBytes(4)));
                }
            }
            List<GrantRow> grants = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT user_name, host, db_name, table_name, privileges,"
                + " grant_option FROM user_privilege"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    grants.add(new GrantRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        decode(rs.getString(5)), rs.getBoolean(6)));
                }
            }
            return new Snapshot(List.copyOf(users), List.copyOf(grants));
        } catch (SQLException e) {
            throw MetaSql.error(e);
        }
    }

    private static Set<Privilege> decode(String text) {
        Set<Privilege> out = EnumSet.noneOf(Privilege.class);
        for (String p : text.split(",")) {
            if (!p.isBlank()) {
                out.add(Privilege.fromStored(p.trim()));
            }
        }
        return Set.copyOf(out);
    }

    private static String encode(Set<Privilege> privileges) {
        return privileges.stream().sorted().map(Enum::name).collect(Collectors.joining(","));
    }

    // ---------------------------------------------------------------- accounts

    /** The account a client of this user connecting from {@code clientHost} logs in as, tried in MySQL's order. */
    public Optional<UserRecord> find(String user, String clientHost) {
        return snapshot.users().stream()
            .filter(u -> u.user().equals(user))
            .sorted(Comparator.comparing(UserRecord::host, HostPattern.MATCH_ORDER))
            .filter(u -> HostPattern.matches(u.host(), clientHost))
            .findFirst();
    }

    /** The account with exactly this user and host pattern. */
    public Optional<UserRecord> account(String user, String host) {
        return snapshot.users().stream().filter(u -> u.user().equals(user) && sameHost(u.host(), host)).findFirst();
    }

    public List<UserRecord> users() {
        return snapshot.users();
    }

    private static boolean sameHost(String a, String b) {
        return a.equalsIgnoreCase(b);
    }

    private static String normHost(String host) {
        return host == null || host.isEmpty() ? "%" : host.toLowerCase(Locale.ROOT);
    }

    private static String quoted(String user, String host) {
        return "'" + user + "'@'" + host + "'";
    }

    /** Creates an account; {@code SqlError} 1396 if it exists. */
    public synchronized void createUser(String user, String hostPattern, String password) {
        String host = normHost(hostPattern);
        if (account(user, host).isPresent()) {
            throw new SqlError(ErrorCode.ER_CANNOT_USER, "CREATE USER", quoted(user, host));
        }
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO user_info (user_name, host, native_hash, sha2_hash) VALUES (?,?,?,?)")) {
                ps.setString(1, user);
                ps.setString(2, host);
                ps.setBytes(3, PasswordHashes.nativeHash(password));
                ps.setBytes(4, PasswordHashes.sha2Hash(password));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Drops an account and its grants; {@code SqlError} 1396 if it does not exist. */
    public synchronized void dropUser(String user, String hostPattern) {
        String host = normHost(hostPattern);
        if (account(user, host).isEmpty()) {
            throw new SqlError(ErrorCode.ER_CANNOT_USER, "DROP USER", quoted(user, host));
        }
        write(c -> {
            for (String sql : List.of("DELETE FROM user_info WHERE user_name = ? AND host = ?",
                "DELETE FROM user_privilege WHERE user_name = ? AND host = ?")) {
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, user);
                    ps.setString(2, host);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Sets a new password; {@code SqlError} 1396 if the account does not exist. */
    public synchronized void alterPassword(String user, String hostPattern, String password) {
        String host = normHost(hostPattern);
        if (account(user, host).isEmpty()) {
            throw new SqlError(ErrorCode.ER_CANNOT_USER, "ALTER USER", quoted(user, host));
        }
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                "UPDATE user_info SET native_hash = ?, sha2_hash = ? WHERE user_name = ? AND host = ?")) {
                ps.setBytes(1, PasswordHashes.nativeHash(password));
                ps.setBytes(2, PasswordHashes.sha2Hash(password));
                ps.setString(3, user);
                ps.setString(4, host);
                ps.executeUpdate();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- privileges

    private static String level(String name) {
        return name == null || name.isEmpty() ? "*" : name.toLowerCase(Locale.ROOT);
    }

    private Optional<GrantRow> grantRow(String user, String host, String dbName, String table) {
        return snapshot.grants().stream().filter(g -> g.user().equals(user) && sameHost(g.host(), host)
            && g.db().equals(dbName) && g.table().equals(table)).findFirst();
    }

    /** Adds privileges at one level; {@code SqlError} 1133 if the account does not exist. */
    public synchronized void grant(String user, String hostPattern, Set<Privilege> privileges, String dbName,
                                   String table, boolean withGrantOption) {
        String host = normHost(hostPattern);
        String d = level(dbName);
        String t = d.equals("*") ? "*" : level(table);
        requireLevel(privileges, d);
        if (account(user, host).isEmpty()) {
            throw new SqlError(ErrorCode.ER_PASSWORD_NO_MATCH);
        }
        Optional<GrantRow> old = grantRow(user, host, d, t);
        Set<Privilege> merged = EnumSet.noneOf(Privilege.class);
        old.ifPresent(g -> merged.addAll(g.privileges()));
        merged.addAll(privileges);
        if (merged.contains(Privilege.ALL)) {
            merged.retainAll(EnumSet.of(Privilege.ALL));
        }
        boolean grantOption = withGrantOption || old.map(GrantRow::grantOption).orElse(false);
        writeGrant(user, host, d, t, merged, grantOption);
    }

    /**
     * Removes privileges (all of them when {@code privileges} holds ALL) and, if asked, the grant option at one level;
     * {@code SqlError} 1141 if the account holds nothing there.
     */
    public synchronized void revoke(String user, String hostPattern, Set<Privilege> privileges, String dbName,
                                    String table, boolean grantOption) {
        String host = normHost(hostPattern);
        String d = level(dbName);
        String t = d.equals("*") ? "*" : level(table);
        requireLevel(privileges, d);
        GrantRow old = grantRow(user, host, d, t)
            .orElseThrow(() -> new SqlError(ErrorCode.ER_NONEXISTING_GRANT, user, host));
        Set<Privilege> left = EnumSet.noneOf(Privilege.class);
        if (!privileges.contains(Privilege.ALL)) {
            left.addAll(old.privileges());
            if (left.contains(Privilege.ALL)) {
                left = EnumSet.complementOf(EnumSet.of(Privilege.ALL));
                if (!d.equals("*")) {
                    left.removeIf(Privilege::globalOnly);
                }
            }
            left.removeAll(privileges);
        }
        writeGrant(user, host, d, t, left, old.grantOption() && !grantOption);
    }

    /** MariaDB's 1221 for a privilege that exists only globally (SUPER, BINLOG ADMIN, ...) named on a database. */
    private static void requireLevel(Set<Privilege> privileges, String d) {
        if (!d.equals("*") && privileges.stream().anyMatch(Privilege::globalOnly)) {
            throw new SqlError(ErrorCode.ER_WRONG_USAGE, "DB GRANT", "GLOBAL PRIVILEGES");
        }
    }

    private void writeGrant(String user, String host, String d, String t, Set<Privilege> privileges,
                            boolean grantOption) {
        write(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM user_privilege WHERE user_name = ?"
                + " AND host = ? AND db_name = ? AND table_name = ?")) {
                ps.setString(1, user);
                ps.setString(2, host);
                ps.setString(3, d);
                ps.setString(4, t);
                ps.executeUpdate();
            }
            if (!privileges.isEmpty() || grantOption) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO user_privilege (user_name, host, db_name,"
                    + " table_name, privileges, grant_option) VALUES (?,?,?,?,?,?)")) {
                    ps.setString(1, user);
                    ps.setString(2, host);
                    ps.setString(3, d);
                    ps.setString(4, t);
                    ps.setString(5, encode(privileges));
                    ps.setBoolean(6, grantOption);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Whether the account (user + host pattern) may use privilege {@code p} on {@code db.table}. */
    public boolean allowed(String user, String hostPattern, Privilege p, String dbName, String table) {
        String d = level(dbName);
        String t = level(table);
        return snapshot.grants().stream().anyMatch(g -> g.user().equals(user) && sameHost(g.host(), hostPattern)
            && (g.db().equals("*") || g.db().equals(d) && (g.table().equals("*") || g.table().equals(t)))
            && g.covers(p));
    }

    /** Whether the account holds any privilege on the database or something in it (what {@code USE db} needs). */
    public boolean anyPrivilegeOn(String user, String hostPattern, String dbName) {
        String d = level(dbName);
        return snapshot.grants().stream().anyMatch(g -> g.user().equals(user) && sameHost(g.host(), hostPattern)
            && (g.db().equals("*") || g.db().equals(d)) && !g.privileges().isEmpty());
    }

    /** The grant rows of the account (user + host pattern): what it may see in SHOW and information_schema. */
    public List<GrantRow> grantsOf(String user, String hostPattern) {
        return snapshot.grants().stream().filter(g -> g.user().equals(user) && sameHost(g.host(), hostPattern)
            && !g.privileges().isEmpty()).toList();
    }

    /** The account's grants as MySQL prints them in {@code SHOW GRANTS}; {@code SqlError} 1141 if no such account. */
    public List<String> showGrants(String user, String hostPattern) {
        String host = normHost(hostPattern);
        UserRecord account = account(user, host)
            .orElseThrow(() -> new SqlError(ErrorCode.ER_NONEXISTING_GRANT, user, host));
        String to = " TO " + GrantRow.quote(account.user()) + "@" + GrantRow.quote(account.host());
        List<GrantRow> rows = snapshot.grants().stream()
            .filter(g -> g.user().equals(account.user()) && sameHost(g.host(), account.host()))
            .sorted(Comparator.comparing((GrantRow g) -> !g.db().equals("*"))
                .thenComparing((GrantRow g) -> !g.table().equals("*"))
                .thenComparing(GrantRow::db).thenComparing(GrantRow::table))
            .toList();
        List<String> out = new ArrayList<>();
        if (rows.isEmpty() || !rows.get(0).db().equals("*")) {
            out.add("GRANT USAGE ON *.*" + to);
        }
        for (GrantRow g : rows) {
            String privs = g.privileges().isEmpty() ? "USAGE" : g.privileges().stream().sorted()
                .map(Privilege::sqlName).collect(Collectors.joining(", "));
            out.add("GRANT " + privs + " ON " + g.target() + to + (g.grantOption() ? " WITH GRANT OPTION" : ""));
        }
        return out;
    }

    private void write(MetaSql.TxBody<Void> body) {
        MetaSql.inTransaction(db, body);
        snapshot = load();
    }
}
