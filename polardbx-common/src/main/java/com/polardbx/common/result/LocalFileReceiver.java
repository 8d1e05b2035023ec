package com.polardbx.common.result;

/**
 * Takes the content of a file a client sends for LOAD DATA LOCAL INFILE.
 *
 * <p>Call order: {@link #accept} for each piece in order (any sizes), then exactly one of {@link #finish} (the
 * client sent the whole file) or {@link #abort} (the client gave up or an earlier call failed). Calls come from one
 * thread at a time. A failure is thrown as {@link com.polardbx.common.error.SqlError}.
 */
public interface LocalFileReceiver {
    void accept(byte[] data);

    /** Loads what is left and returns the statement's outcome. */
    StatementResult.Ok finish();

    /** Undoes what was loaded, where it can. */
    void abort();
}
