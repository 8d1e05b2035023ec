package com.polardbx.cdc.merge;

/**
 * A logical DDL, read from the mark the CN writes on every DN in one two-phase transaction when the DDL is done: the
 * transaction's commit timestamp places it among the rows. Written as one QUERY event however many DNs carry it.
 *
 * @param schema the database the statement runs in (empty for none)
 */
public record DdlEvent(String schema, String sql) implements TransactionEvent {
}
