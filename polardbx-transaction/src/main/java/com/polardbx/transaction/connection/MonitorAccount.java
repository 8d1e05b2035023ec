package com.polardbx.transaction.connection;

/**
 * The data node account of the CN's background readers of server-wide state (the deadlock detector's
 * {@code INNODB_LOCK_WAITS}, {@code INNODB_TRX}, {@code PROCESSLIST}): it holds PROCESS and nothing else, and runs no
 * client statement, so the account that does run them needs no global privilege.
 */
public record MonitorAccount(String user, String password) {
}
