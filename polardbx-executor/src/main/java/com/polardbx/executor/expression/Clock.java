package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * NOW(), CURDATE() and their synonyms, read once when the expression is compiled, which happens when a statement's
 * operators are built: like MySQL, every row of a statement sees the same time. Local time is the CN's zone, which
 * the local cluster shares with its DNs (their time_zone is SYSTEM).
 */
final class Clock {
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Clock() {
    }

    static RowExpression now(String function) {
        boolean utc = function.startsWith("UTC_");
        LocalDateTime now = (utc ? LocalDateTime.now(ZoneOffset.UTC) : LocalDateTime.now())
            .truncatedTo(ChronoUnit.SECONDS);
        return switch (function) {
            case "CURDATE", "CURRENT_DATE", "UTC_DATE" -> new Constant(now.toLocalDate().toString(), ColumnType.DATE);
            default -> new Constant(now.format(DATETIME), ColumnType.DATETIME);
        };
    }
}
