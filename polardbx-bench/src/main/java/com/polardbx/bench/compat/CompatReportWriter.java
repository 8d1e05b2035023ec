package com.polardbx.bench.compat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The report as CSV (one line per statement shape) and as a small HTML page with a summary on top. */
final class CompatReportWriter {
    private CompatReportWriter() {
    }

    static void write(Path dir, List<DigestCheck> checks, int statements) throws IOException {
        Files.createDirectories(dir);
        StringBuilder csv = new StringBuilder("digest,count,status,errno,message,digest_text,example\n");
        for (DigestCheck c : checks) {
            csv.append(c.digest()).append(',').append(c.count()).append(',').append(csvField(c.status())).append(',')
                .append(c.errno()).append(',').append(csvField(c.message())).append(',')
                .append(csvField(c.digestText())).append(',').append(csvField(c.example())).append('\n');
        }
        Files.writeString(dir.resolve("report.csv"), csv, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("report.html"), html(checks, statements), StandardCharsets.UTF_8);
    }

    /** Statement shapes per status, most frequent status first. */
    static Map<String, Integer> summary(List<DigestCheck> checks) {
        Map<String, Integer> byStatus = new LinkedHashMap<>();
        for (String s : List.of("supported", "refused", "differs", "fails on source too")) {
            int n = (int) checks.stream().filter(c -> c.status().equals(s)).count();
            if (n > 0) {
                byStatus.put(s, n);
            }
        }
        return byStatus;
    }

    private static String html(List<DigestCheck> checks, int statements) {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
            + "<title>Compatibility report</title><style>body{font-family:sans-serif}td,th{border:1px solid #ccc;"
            + "padding:4px;vertical-align:top}table{border-collapse:collapse}.refused{background:#fdd}"
            + ".differs{background:#ffd}pre{white-space:pre-wrap;margin:0}</style></head><body>\n"
            + "<h1>Compatibility report</h1>\n<p>").append(statements).append(" statements, ").append(checks.size())
            .append(" distinct shapes (by statement digest).</p>\n<ul>");
        summary(checks).forEach((status, n) -> h.append("<li>").append(escape(status)).append(": ").append(n)
            .append("</li>"));
        h.append("</ul>\n<table><tr><th>count</th><th>status</th><th>error</th><th>statement shape</th>"
            + "<th>example</th></tr>\n");
        for (DigestCheck c : checks) {
            h.append("<tr class=\"").append(c.status().split(" ")[0]).append("\"><td>").append(c.count())
                .append("</td><td>").append(escape(c.status())).append("</td><td>")
                .append(c.errno() == 0 && c.message().isEmpty() ? "" : c.errno() + " " + escape(c.message()))
                .append("</td><td><pre>").append(escape(c.digestText())).append("</pre></td><td><pre>")
                .append(escape(c.example())).append("</pre></td></tr>\n");
        }
        return h.append("</table></body></html>\n").toString();
    }

    private static String csvField(String s) {
        String v = s == null ? "" : s;
        return "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static String escape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
