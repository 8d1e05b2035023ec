package com.polardbx.cdc.merge;

/** What a logical transaction carries: rows events, or the logical DDL it marks. */
public sealed interface TransactionEvent permits RowsEvent, DdlEvent {
}
