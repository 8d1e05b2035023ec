package com.polardbx.gms.user;

import java.util.Locale;

/** A MySQL privilege, declared in the order MySQL prints them in {@code SHOW GRANTS}. */
public enum Privilege {
    SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD, SHUTDOWN, PROCESS, FILE, REFERENCES, INDEX, ALTER,
    SHOW_DATABASES, SUPER, CREATE_TEMPORARY_TABLES, LOCK_TABLES, EXECUTE, REPLICATION_SLAVE, REPLICATION_CLIENT,
    CREATE_VIEW, SHOW_VIEW, CREATE_ROUTINE, ALTER_ROUTINE, CREATE_USER, EVENT, TRIGGER,
    /** Every privilege of the level it is granted at. */
    ALL;

    /** The name as written in SQL, e.g. {@code SHOW DATABASES}. */
    public String sqlName() {
        return this == ALL ? "ALL PRIVILEGES" : name().replace('_', ' ');
    }

    /** Parses a name as written in GRANT ({@code ALL}, {@code ALL PRIVILEGES}, {@code create view}, ...). */
    public static Privilege fromSql(String text) {
        String n = text.trim().replaceAll("\\s+", "_").toUpperCase(Locale.ROOT);
        if (n.equals("ALL_PRIVILEGES")) {
            return ALL;
        }
        if (n.equals("REPLICATION_REPLICA")) {
            return REPLICATION_SLAVE;
        }
        return valueOf(n);
    }
}
