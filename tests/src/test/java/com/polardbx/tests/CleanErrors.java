package com.polardbx.tests;

import java.util.regex.Pattern;

/**
 * What a client may see in an error: a MySQL/MariaDB server errno and a message without the CN's internals (Java
 * class names, exception types, stack frames, Netty buffer dumps, JVM messages).
 */
final class CleanErrors {
    private static final Pattern INTERNALS = Pattern.compile(
        "Exception|\\bjava\\.|\\bjavax\\.|io\\.netty|com\\.polardbx|com\\.alibaba|org\\.apache|\\bat [\\w$.]+\\("
            + "|\\b[A-Z]\\w*Error\\b|readerIndex|writerIndex|ByteBuf|out of bounds for length|Cannot invoke \""
            + "|cannot be cast to|\\bnull\\b.*\\bis null\\b|\\$\\$Lambda|\\.java:\\d+");

    private static final String DRIVER_PREFIX = "Data truncation: ";

    private CleanErrors() {
    }

    /** Why this error is not clean, or null when it is. */
    static String problem(int errno, String message) {
        if (!(errno >= 1000 && errno < 2000 || errno >= 3000 && errno < 5000)) {
            return "errno " + errno + " is not a server error number";
        }
        if (message == null) {
            return null;
        }
        // Connector/J puts "Data truncation: " before the server's text of some errors
        String server = message.startsWith(DRIVER_PREFIX) ? message.substring(DRIVER_PREFIX.length()) : message;
        if (server.length() > 512) {
            return "message of " + server.length() + " characters";
        }
        return INTERNALS.matcher(message).find() ? "message carries internals: " + message : null;
    }
}
