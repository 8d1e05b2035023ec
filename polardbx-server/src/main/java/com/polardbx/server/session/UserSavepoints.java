package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SQL savepoints of a session's transaction ({@code SAVEPOINT}, {@code ROLLBACK TO}, {@code RELEASE}). Each is
 * set on every branch that has written, and on a branch that starts writing later, before its first write, so that
 * rolling back to it undoes that branch's whole work. One per session; not thread-safe.
 */
final class UserSavepoints {
    /** Names, oldest first; MySQL compares them case-insensitively. */
    private final List<String> names = new ArrayList<>();
    private final Map<String, Connection> branches = new LinkedHashMap<>();

    /** A branch is about to write for the first time in this transaction. */
    void branchOpened(String dnId, Connection c) {
        if (branches.putIfAbsent(dnId, c) == null) {
            for (String name : names) {
                Transactions.run(c, "SAVEPOINT " + quote(name));
            }
        }
    }

    /** SAVEPOINT: a savepoint of the same name moves here, as in MySQL. */
    void set(String name) {
        names.remove(find(name));
        names.add(name);
        branches.values().forEach(c -> Transactions.run(c, "SAVEPOINT " + quote(name)));
    }

    /** ROLLBACK TO SAVEPOINT: undoes the work after it on every branch; later savepoints go. */
    void rollbackTo(String name) {
        String known = require(name);
        branches.values().forEach(c -> Transactions.run(c, "ROLLBACK TO SAVEPOINT " + quote(known)));
        names.subList(names.indexOf(known) + 1, names.size()).clear();
    }

    /** RELEASE SAVEPOINT: forgets it and the later ones. */
    void release(String name) {
        String known = require(name);
        branches.values().forEach(c -> Transactions.run(c, "RELEASE SAVEPOINT " + quote(known)));
        names.subList(names.indexOf(known), names.size()).clear();
    }

    /** The transaction ended. */
    void clear() {
        names.clear();
        branches.clear();
    }

    private String require(String name) {
        String known = find(name);
        if (known == null) {
            throw new SqlError(ErrorCode.ER_SP_DOES_NOT_EXIST, "SAVEPOINT", name);
        }
        return known;
    }

    private String find(String name) {
        for (String n : names) {
            if (n.toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return n;
            }
        }
        return null;
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
