package com.polardbx.server.protocol;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.Failures;
import com.polardbx.common.error.SqlError;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where a failure becomes what a client sees: a MySQL errno, SQLSTATE and a message free of the CN's
 * internals (Java class names, stack frames, buffer dumps). The detail goes to the CN log, bounded in size.
 *
 * <p>Our own {@link SqlError}s pass as they are unless their text carries internals (an exception message wrapped
 * into one); any other Throwable is a bug or a resource problem: 1436 for a stack overflow, 1041 for an exhausted
 * heap, 1105 "Unknown error" otherwise. Stateless and thread-safe.
 */
final class ClientErrors {
    private static final Logger log = LoggerFactory.getLogger(ClientErrors.class);
    /** MySQL's MYSQL_ERRMSG_SIZE: no server message is longer. */
    static final int MAX_MESSAGE = 512;
    /** What only a Java process would print: qualified class names, exception types, frames, Netty buffer text. */
    private static final Pattern INTERNALS = Pattern.compile(
        "\\b(?:java|javax|jdk|sun|io\\.netty|com\\.alibaba|com\\.polardbx|org\\.apache|com\\.mysql|org\\.mariadb"
            + "|com\\.zaxxer|org\\.slf4j)\\.[\\w$]+"
            + "|\\b[A-Z]\\w*(?:Exception|Error)\\b"
            + "|\\bat [\\w$.]+\\([\\w$.]*(?:\\.java)?:?\\d*\\)"
            + "|readerIndex\\(|writerIndex\\(|\\bwidx\\b|\\bridx\\b|\\w+ByteBuf\\b"
            + "|\\bIndex -?\\d+ out of bounds\\b|\\bout of bounds for length\\b"
            + "|\\bCannot invoke \"|\\bcannot be cast to\\b|\\$Proxy\\d+|@[0-9a-f]{6,8}\\b");

    private ClientErrors() {
    }

    /** The error a client gets for {@code failure}; logs the detail of anything unexpected. */
    static SqlError toClient(Throwable failure, long connectionId) {
        if (failure instanceof SqlError e) {
            String full = e.getMessage() == null ? "" : e.getMessage();
            // cut first: a message may quote a statement of many megabytes
            String message = full.length() <= MAX_MESSAGE ? full : full.substring(0, MAX_MESSAGE);
            if (!carriesInternals(message)) {
                return message == full ? e : SqlError.passThrough(e.errno(), e.sqlState(), message, e);
            }
            log.warn("connection {}: error {} with internal detail: {}", connectionId, e.errno(), Failures.describe(e));
            return SqlError.passThrough(e.errno(), e.sqlState(), "Unknown error", e);
        }
        if (failure instanceof StackOverflowError) {
            log.warn("connection {}: statement overflowed the stack: {}", connectionId, Failures.describe(failure));
            return new SqlError(failure, ErrorCode.ER_STACK_OVERRUN);
        }
        if (failure instanceof OutOfMemoryError) {
            log.error("connection {}: the CN ran out of heap: {}", connectionId, Failures.describe(failure));
            return new SqlError(failure, ErrorCode.ER_OUT_OF_RESOURCES,
                "the compute node's heap is exhausted; lower polardbx_query_memory_limit or raise the CN heap");
        }
        log.warn("connection {}: command failed: {}", connectionId, Failures.describe(failure));
        return new SqlError(failure, ErrorCode.ER_INTERNAL, "Unknown error");
    }

    static boolean carriesInternals(String message) {
        return INTERNALS.matcher(message).find();
    }
}
