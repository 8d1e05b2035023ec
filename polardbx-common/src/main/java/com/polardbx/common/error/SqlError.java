package com.polardbx.common.error;

/**
 * An error to report to the client as a MySQL ERR packet: errno, SQLSTATE and message.
 *
 * <p>Thrown anywhere on the query path; the protocol layer turns it into an ERR packet. Errors coming from a data node
 * keep the data node's errno and SQLSTATE (see {@link #passThrough}).
 */
public class SqlError extends RuntimeException {
    private final int errno;
    private final String sqlState;

    public SqlError(ErrorCode code, Object... args) {
        super(code.format(args));
        this.errno = code.errno();
        this.sqlState = code.sqlState();
    }

    public SqlError(Throwable cause, ErrorCode code, Object... args) {
        super(code.format(args), cause);
        this.errno = code.errno();
        this.sqlState = code.sqlState();
    }

    private SqlError(int errno, String sqlState, String message, Throwable cause) {
        super(message, cause);
        this.errno = errno;
        this.sqlState = sqlState;
    }

    /**
     * An error raised by a data node, reported with its own errno and message. The SQLSTATE is MySQL's for an errno
     * {@link ErrorCode} knows, else the one given: JDBC drivers replace some servers' states with their own
     * (Connector/J reports 1205 with 40001 where the server sent HY000). The message loses the DN's physical names
     * and paths ({@link DataNodeMessages}).
     */
    public static SqlError passThrough(int errno, String sqlState, String message, Throwable cause) {
        ErrorCode known = ErrorCode.byErrno(errno);
        String state = known != null ? known.sqlState() : sqlState == null ? "HY000" : sqlState;
        if (cause instanceof java.sql.DataTruncation && message != null) {
            // the driver wraps the DN's truncation errors: its own prefix off, the DN's text as MariaDB sent it
            message = message.replaceFirst("^(\\[[^\\]]*\\] )?Data truncation: ", "$1");
        }
        return new SqlError(errno, state, DataNodeMessages.clean(message), cause);
    }

    /**
     * A DN's JDBC failure as the client sees it: a server error keeps the DN's errno and SQLSTATE
     * ({@link #passThrough}); a failure with no server errno (the driver lost its connection: the DN died or
     * restarted mid-statement) is 2013 "Lost connection", what a MySQL client gets when its server goes away, never
     * 1105.
     */
    public static SqlError fromDataNode(String dnId, java.sql.SQLException e) {
        if (isServerErrno(e.getErrorCode())) {
            return passThrough(e.getErrorCode(), e.getSQLState(), e.getMessage(), e);
        }
        return new SqlError(e, ErrorCode.ER_SHARD_UNAVAILABLE, dnId, firstLine(e.getMessage()));
    }

    /**
     * Whether a DN error number is the server's (1000-1999, MySQL's 3000s, MariaDB's 4000s) rather than one the
     * client library made up (2000-2999: the connection failed, nothing reached or came back from the DN).
     */
    public static boolean isServerErrno(int errno) {
        return errno > 0 && (errno < 2000 || errno >= 3000);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    public int errno() {
        return errno;
    }

    public String sqlState() {
        return sqlState;
    }
}
