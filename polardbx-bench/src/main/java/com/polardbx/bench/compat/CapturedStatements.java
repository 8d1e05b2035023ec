package com.polardbx.bench.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statements of a captured workload: a MySQL/MariaDB general log, a slow log, or a plain file of statements
 * separated by semicolons at the end of a line. Connection bookkeeping (Connect, Quit, Init DB ...) is skipped.
 */
final class CapturedStatements {
    /** A general-log line: optional time, thread id, command, then the argument. */
    private static final Pattern GENERAL = Pattern.compile(
        "^(?:\\d{6}\\s+\\d{1,2}:\\d{2}:\\d{2}|\\d{4}-\\d{2}-\\d{2}T\\S+)?\\s+(\\d+)\\s+(Query|Execute|Connect|Quit|"
            + "Init DB|Prepare|Close stmt|Field List|Statistics|Ping|Reset stmt|Change user)\\t?(.*)$");
    private static final Pattern SLOW_HEADER = Pattern.compile("^# (Time|User@Host|Query_time|Thread_id):");

    private CapturedStatements() {
    }

    static List<String> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        boolean slow = lines.stream().anyMatch(l -> SLOW_HEADER.matcher(l).find());
        boolean general = !slow && lines.stream().limit(200).anyMatch(l -> GENERAL.matcher(l).matches());
        return slow ? slowLog(lines) : general ? generalLog(lines) : plain(lines);
    }

    private static List<String> generalLog(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : lines) {
            Matcher m = GENERAL.matcher(line);
            if (m.matches()) {
                add(out, current);
                current = m.group(2).equals("Query") || m.group(2).equals("Execute")
                    ? new StringBuilder(m.group(3)) : null;
            } else if (current != null) {
                current.append('\n').append(line); // a statement over several lines
            }
        }
        add(out, current);
        return out;
    }

    private static List<String> slowLog(List<String> lines) {
        List<String> body = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("#") || line.startsWith("SET timestamp=") || line.startsWith("use ")
                || line.matches("^/\\S+, Version: .*") || line.startsWith("Tcp port:")
                || line.startsWith("Time                 Id Command")) {
                continue;
            }
            body.add(line);
        }
        return plain(body);
    }

    private static List<String> plain(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : lines) {
            if (current.isEmpty() && (line.isBlank() || line.startsWith("--"))) {
                continue;
            }
            current.append(current.isEmpty() ? "" : "\n").append(line);
            if (line.stripTrailing().endsWith(";")) {
                add(out, current);
                current = new StringBuilder();
            }
        }
        add(out, current);
        return out;
    }

    private static void add(List<String> out, StringBuilder statement) {
        if (statement == null) {
            return;
        }
        String s = statement.toString().strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        if (!s.isEmpty()) {
            out.add(s);
        }
    }
}
