package com.polardbx.server.http;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.store.DdlJobRecord;
import com.polardbx.transaction.connection.DataNodePools;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code /status} for a browser: a small HTML page with this CN, the GMS and the DNs (with their pools), the DDL
 * jobs not yet done and the top statements by total time from the digest table (digest texts only: no literal
 * reaches the page). Built at each request from live sources. Stateless.
 */
public final class StatusPage {
    /** What the page shows, read at each request. */
    public record Sources(String cnId, String version, long startedMillis, Supplier<Integer> connections,
                          StorageNode gms, List<StorageNode> dataNodes, DataNodePools pools,
                          Supplier<List<DdlJobRecord>> ddlJobs, Supplier<List<Object[]>> topDigests) {
    }

    private final Sources sources;

    public StatusPage(Sources sources) {
        this.sources = sources;
    }

    public String html() {
        StringBuilder h = new StringBuilder(4096);
        h.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"/><title>PolarDB-X CN ")
            .append(escape(sources.cnId())).append("</title><style>body{font-family:sans-serif;margin:1em}"
                + "table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:2px 6px;"
                + "text-align:left}</style></head><body>");
        h.append("<h1>CN ").append(escape(sources.cnId())).append("</h1>");
        h.append("<p id=\"cn\">version ").append(escape(sources.version())).append(", up ")
            .append((System.currentTimeMillis() - sources.startedMillis()) / 1000).append(" s, ")
            .append(sources.connections().get()).append(" client connections</p>");
        h.append("<h2>Storage</h2><table id=\"storage\"><tr><th>node</th><th>kind</th><th>address</th>"
            + "<th>active connections</th><th>idle connections</th></tr>");
        row(h, sources.gms().id(), "GMS", sources.gms().host() + ":" + sources.gms().port(), "", "");
        for (StorageNode dn : sources.dataNodes()) {
            row(h, dn.id(), "DN", dn.host() + ":" + dn.port(), sources.pools().activeConnections(dn.id()),
                sources.pools().idleConnections(dn.id()));
        }
        h.append("</table><h2>DDL jobs running</h2><table id=\"ddl\"><tr><th>job</th><th>schema</th><th>object</th>"
            + "<th>type</th><th>state</th><th>progress</th><th>statement</th></tr>");
        for (DdlJobRecord j : sources.ddlJobs().get()) {
            if (!j.state().equals("DONE")) {
                row(h, j.id(), j.schema(), j.objectName(), j.type(), j.state(), j.progressPercent() + "%",
                    j.ddlSql());
            }
        }
        h.append("</table><h2>Top statements</h2><table id=\"top\"><tr><th>schema</th><th>digest text</th>"
            + "<th>count</th><th>total s</th><th>avg ms</th><th>p99 ms</th><th>errors</th></tr>");
        for (Object[] d : sources.topDigests().get()) {
            row(h, d[0], d[2], d[3], seconds((Number) d[4]), millis((Number) d[6]), millis((Number) d[17]), d[9]);
        }
        return h.append("</table></body></html>").toString();
    }

    private static String seconds(Number picos) {
        return String.format(Locale.ROOT, "%.3f", picos.doubleValue() / 1e12);
    }

    private static String millis(Number picos) {
        return String.format(Locale.ROOT, "%.3f", picos.doubleValue() / 1e9);
    }

    private static void row(StringBuilder h, Object... cells) {
        h.append("<tr>");
        for (Object c : cells) {
            h.append("<td>").append(escape(c == null ? "" : String.valueOf(c))).append("</td>");
        }
        h.append("</tr>");
    }

    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
