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
        if (message.length() > 512) {
            return "message of " + message.length() + " characters";
        }
        return INTERNALS.matcher(message).find() ? "message carries internals: " + message : null;
    }
}
