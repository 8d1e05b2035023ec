package com.polardbx.transaction;

import java.sql.Connection;
import java.util.Locale;

/**
 * How a transaction reads: its isolation level (applied to every branch before {@code XA START}) and whether it may
 * write.
 */
public record TransactionOptions(Isolation isolation, boolean readOnly) {
    /** MySQL's default: REPEATABLE READ, read-write. */
    public static final TransactionOptions DEFAULT = new TransactionOptions(Isolation.REPEATABLE_READ, false);

    /** The four SQL isolation levels with their JDBC constants. */
    public enum Isolation {
        READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
        READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
        REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
        SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE);

        private final int jdbcLevel;

        Isolation(int jdbcLevel) {
            this.jdbcLevel = jdbcLevel;
        }

        public int jdbcLevel() {
            return jdbcLevel;
        }

        /** From MySQL's spelling, {@code REPEATABLE-READ} or {@code REPEATABLE READ}; null when unknown. */
        public static Isolation parse(String mysqlName) {
            if (mysqlName == null) {
                return null;
            }
            String s = mysqlName.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
            for (Isolation i : values()) {
                if (i.name().equals(s)) {
                    return i;
                }
            }
            return null;
        }
    }
}
