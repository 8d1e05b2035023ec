package com.polardbx.gms.user;

import java.util.Locale;
import java.util.Map;

/**
 * A privilege, declared in the order MariaDB 10.11 prints them in {@code SHOW GRANTS}, with MariaDB's names: its
 * 10.5+ administrative privileges (BINLOG ADMIN, SLAVE MONITOR, ...) included, REPLICATION CLIENT being BINLOG
 * MONITOR (MariaDB accepts the old name and prints the new one).
 */
public enum Privilege {
    SELECT, INSERT, UPDATE, DELETE, CREATE, DROP, RELOAD(true), SHUTDOWN(true), PROCESS(true), FILE(true),
    REFERENCES, INDEX, ALTER, SHOW_DATABASES(true), SUPER(true), CREATE_TEMPORARY_TABLES, LOCK_TABLES, EXECUTE,
    REPLICATION_SLAVE(true), BINLOG_MONITOR(true), CREATE_VIEW, SHOW_VIEW, CREATE_ROUTINE, ALTER_ROUTINE,
    CREATE_USER(true), EVENT, TRIGGER, CREATE_TABLESPACE(true), DELETE_HISTORY, SET_USER(true),
    FEDERATED_ADMIN(true), CONNECTION_ADMIN(true), READ_ONLY_ADMIN("READ_ONLY ADMIN"),
    REPLICATION_SLAVE_ADMIN(true), REPLICATION_MASTER_ADMIN(true), BINLOG_ADMIN(true), BINLOG_REPLAY(true),
    SLAVE_MONITOR(true),
    /** Every privilege of the level it is granted at. */
    ALL;

    /** Other names MariaDB accepts in GRANT and REVOKE (upper case, words joined by {@code _}). */
    private static final Map<String, Privilege> ALIASES = Map.of(
        "ALL_PRIVILEGES", ALL,
        "REPLICATION_CLIENT", BINLOG_MONITOR,
        "REPLICATION_REPLICA", REPLICATION_SLAVE,
        "REPLICA_MONITOR", SLAVE_MONITOR,
        "REPLICATION_REPLICA_ADMIN", REPLICATION_SLAVE_ADMIN,
        "READ_ONLY_ADMIN", READ_ONLY_ADMIN);

    private final String sqlName;
    private final boolean globalOnly;

    Privilege() {
        this(false);
    }

    Privilege(boolean globalOnly) {
        this.sqlName = name().replace('_', ' ');
        this.globalOnly = globalOnly;
    }

    Privilege(String sqlName) {
        this.sqlName = sqlName;
        this.globalOnly = true;
    }

    /** The name as MariaDB prints it, e.g. {@code SHOW DATABASES}, {@code READ_ONLY ADMIN}. */
    public String sqlName() {
        return this == ALL ? "ALL PRIVILEGES" : sqlName;
    }

    /** Whether the privilege can only be granted on {@code *.*} (MariaDB's 1221 elsewhere). */
    public boolean globalOnly() {
        return globalOnly;
    }

    /**
     * Parses a name as written in GRANT ({@code ALL}, {@code ALL PRIVILEGES}, {@code create view},
     * {@code REPLICATION CLIENT}, ...); {@link IllegalArgumentException} for a name MariaDB does not know.
     */
    public static Privilege fromSql(String text) {
        String n = text.trim().replaceAll("\\s+", "_").toUpperCase(Locale.ROOT);
        Privilege alias = ALIASES.get(n);
        return alias != null ? alias : valueOf(n);
    }

    /** Reads a name stored by {@link UserStore}, including those of earlier versions ({@code REPLICATION_CLIENT}). */
    static Privilege fromStored(String name) {
        return name.equals("REPLICATION_CLIENT") ? BINLOG_MONITOR : valueOf(name);
    }
}
