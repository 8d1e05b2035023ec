package com.polardbx.server.http;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.store.DdlJobRecord;
import com.polardbx.gms.store.MetaAcknowledgements.LiveCn;
import com.polardbx.transaction.connection.DataNodePools;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * {@code /status} for a browser: a small HTML page with the cluster (the live CNs, the GMS, the DNs with their
 * pools), the DDL jobs not yet done with their progress, and the top statements by total time from the digest table
 * (digest texts only: no literal reaches the page). Built at each request from live sources. A short script
 * refreshes the live part every {@value #REFRESH_SECONDS} seconds in place (while the tab is visible) and says when
 * it last did; without scripts the page reloads itself. Stateless.
 */
public final class StatusPage {
    static final int REFRESH_SECONDS = 5;

    /** What the page shows, read at each request. */
    public record Sources(String cnId, String version, long startedMillis, Supplier<Integer> connections,
                          Supplier<List<LiveCn>> cns, StorageNode gms, List<StorageNode> dataNodes,
                          DataNodePools pools, Supplier<List<DdlJobRecord>> ddlJobs,
                          Supplier<List<Object[]>> topDigests) {
    }

    /** Replaces {@code #live} with the one of a fresh copy of the page; stamps {@code #refreshed}. */
    private static final String SCRIPT = """
        (function () {
          var refreshed = document.getElementById('refreshed');
          function stamp(what) {
            refreshed.textContent = what + ' ' + new Date().toLocaleTimeString() + ', refreshing every %d s';
          }
          document.querySelectorAll('[data-started]').forEach(function (e) {
            e.textContent = new Date(Number(e.dataset.started)).toLocaleString();
          });
          stamp('rendered');
          setInterval(function () {
            if (document.hidden) {
              return;
            }
            fetch(location.pathname, {headers: {Accept: 'text/html'}}).then(function (r) {
              if (!r.ok) {
                throw new Error('HTTP ' + r.status);
              }
              return r.text();
            }).then(function (text) {
              var live = new DOMParser().parseFromString(text, 'text/html').getElementById('live');
              document.getElementById('live').replaceWith(live);
              stamp('refreshed');
            }).catch(function (e) {
              refreshed.textContent = 'CN unreachable (' + e.message + ') at ' + new Date().toLocaleTimeString();
            });
          }, %d);
        })();
        """.formatted(REFRESH_SECONDS, REFRESH_SECONDS * 1000);

    private final Sources sources;

    public StatusPage(Sources sources) {
        this.sources = sources;
    }

    public String html() {
        StringBuilder h = new StringBuilder(8192);
        h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"/><title>PolarDB-X CN ")
            .append(escape(sources.cnId())).append("</title><noscript><meta http-equiv=\"refresh\" content=\"")
            .append(REFRESH_SECONDS * 2).append("\"/></noscript><style>body{font-family:sans-serif;margin:1em}"
                + "table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:2px 6px;"
                + "text-align:left}#refreshed{color:#666}</style></head><body>");
        h.append("<h1>CN ").append(escape(sources.cnId())).append("</h1><p id=\"refreshed\"></p><div id=\"live\">");
        h.append("<p id=\"cn\">version ").append(escape(sources.version())).append(", started <span data-started=\"")
            .append(sources.startedMillis()).append("\">").append((System.currentTimeMillis()
                - sources.startedMillis()) / 1000).append(" s ago</span>, ").append(sources.connections().get())
            .append(" client connections</p>");
        cluster(h);
        ddl(h);
        topStatements(h);
        return h.append("</div><script>").append(SCRIPT).append("</script></body></html>").toString();
    }

    private void cluster(StringBuilder h) {
        h.append("<h2>Cluster</h2><table id=\"cluster\"><tr><th>node</th><th>kind</th><th>address</th>"
            + "<th>state</th><th>active connections</th><th>idle connections</th></tr>");
        List<LiveCn> cns = List.of();
        String cnsError = null;
        try {
            cns = sources.cns().get();
        } catch (RuntimeException e) {
            cnsError = "GMS unreachable: " + e.getMessage();
        }
        boolean selfListed = false;
        for (LiveCn cn : cns) {
            boolean self = cn.cnId().equals(sources.cnId());
            selfListed |= self;
            row(h, cn.cnId(), "CN", self ? "this CN" : "", "metadata v" + cn.metaVersion() + ", heard "
                + cn.silentMillis() + " ms ago", "", "");
        }
        if (!selfListed) {
            row(h, sources.cnId(), "CN", "this CN", cnsError != null ? cnsError : "not yet reported to the GMS", "",
                "");
        }
        row(h, sources.gms().id(), "GMS", sources.gms().host() + ":" + sources.gms().port(), "", "", "");
        for (StorageNode dn : sources.dataNodes()) {
            row(h, dn.id(), "DN", dn.host() + ":" + dn.port(), "", sources.pools().activeConnections(dn.id()),
                sources.pools().idleConnections(dn.id()));
        }
        h.append("</table>");
    }

    private void ddl(StringBuilder h) {
        h.append("<h2>DDL jobs not done</h2><table id=\"ddl\"><tr><th>job</th><th>schema</th><th>object</th>"
            + "<th>type</th><th>state</th><th>progress</th><th>statement</th><th>started</th></tr>");
        for (DdlJobRecord j : sources.ddlJobs().get()) {
            if (j.state().equals("DONE") || j.state().equals("ROLLED_BACK") || j.state().equals("FAILED")) {
                continue;
            }
            h.append("<tr><td>").append(j.id()).append("</td><td>").append(escape(j.schema())).append("</td><td>")
                .append(escape(j.objectName())).append("</td><td>").append(escape(j.type())).append("</td><td>")
                .append(escape(j.state())).append("</td><td><progress max=\"100\" value=\"")
                .append(j.progressPercent()).append("\"></progress> <span class=\"percent\">")
                .append(j.progressPercent()).append("%</span></td><td>").append(escape(j.ddlSql()))
                .append("</td><td>").append(j.created() == null ? "" : escape(j.created().toString()))
                .append("</td></tr>");
        }
        h.append("</table>");
    }

    private void topStatements(StringBuilder h) {
        h.append("<h2>Top statements</h2><table id=\"top\"><tr><th>schema</th><th>digest text</th>"
            + "<th>count</th><th>total s</th><th>avg ms</th><th>p99 ms</th><th>errors</th></tr>");
        for (Object[] d : sources.topDigests().get()) {
            row(h, d[0], d[2], d[3], seconds((Number) d[4]), millis((Number) d[6]), millis((Number) d[17]), d[9]);
        }
        h.append("</table>");
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
