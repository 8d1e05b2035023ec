import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test): watches the CN's global binlog over COM_BINLOG_DUMP (mysql-binlog-connector-java) for
 * {@code seconds} while a workload runs, then until the binlog has caught up with the CN's SHOW MASTER STATUS.
 * Prints:
 * <ul>
 *   <li>row events (and rows) of the database received per second during the window, and the catch-up time after it
 *       (how far the CDC was behind the commits when the window closed);</li>
 *   <li>commit-to-binlog latency: a probe connection inserts one row into {@code <db>.cdc_probe} every 100 ms
 *       (autocommit, a one-DN transaction); latency = arrival of its WRITE_ROWS in the binlog minus the return of the
 *       client's INSERT (both on this JVM's clock); p50, p99, max;</li>
 *   <li>memory of the CN process that hosts the CDC: peak VmRSS from /proc over the window, sampled each second, and
 *       the heap in use after the window from {@code jcmd <pid> GC.heap_info} (when jcmd can attach).</li>
 * </ul>
 *
 * <p>usage: java -cp mysql-connector-j.jar:mysql-binlog-connector-java.jar tests/bench/CdcMeter.java host port db
 * seconds [cn-pid]
 */
public class CdcMeter {
    static final AtomicLong rowEvents = new AtomicLong();
    static final AtomicLong rows = new AtomicLong();
    static final Map<Long, String> tables = new ConcurrentHashMap<>();
    /** Probe id to when its INSERT returned, and to when its row arrived in the binlog (System.nanoTime()). */
    static final Map<Long, Long> probeCommitted = new ConcurrentHashMap<>();
    static final Map<Long, Long> probeArrived = new ConcurrentHashMap<>();
    static volatile String file = "";
    static volatile long position;

    public static void main(String[] a) throws Exception {
        String host = a[0];
        int port = Integer.parseInt(a[1]);
        String db = a[2];
        long seconds = Long.parseLong(a[3]);
        String pid = a.length > 4 ? a[4] : null;
        String url = "jdbc:mysql://" + host + ":" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE IF NOT EXISTS " + db + ".cdc_probe (id BIGINT PRIMARY KEY, sent BIGINT)"
                + " PARTITION BY HASH(id) PARTITIONS 4");
            st.execute("DELETE FROM " + db + ".cdc_probe");
        }
        String[] start = masterStatus(url);
        BinaryLogClient client = new BinaryLogClient(host, port, "root", "");
        client.setServerId(98765);
        client.setBinlogFilename(start[0]);
        client.setBinlogPosition(Long.parseLong(start[1]));
        client.setSSLMode(com.github.shyiko.mysql.binlog.network.SSLMode.DISABLED);
        client.setKeepAlive(false);
        client.registerEventListener(e -> {
            long now = System.nanoTime();
            if (e.getData() instanceof TableMapEventData m) {
                tables.put(m.getTableId(), m.getDatabase() + "." + m.getTable());
            } else if (e.getData() instanceof WriteRowsEventData w) {
                String t = tables.get(w.getTableId());
                if ((db + ".cdc_probe").equals(t)) {
                    for (Serializable[] row : w.getRows()) {
                        probeArrived.put(((Number) row[0]).longValue(), now);
                    }
                } else {
                    count(t, db, w.getRows().size());
                }
            } else if (e.getData() instanceof UpdateRowsEventData u) {
                count(tables.get(u.getTableId()), db, u.getRows().size());
            } else if (e.getData() instanceof DeleteRowsEventData d) {
                count(tables.get(d.getTableId()), db, d.getRows().size());
            }
            file = client.getBinlogFilename();
            position = ((EventHeaderV4) e.getHeader()).getNextPosition();
        });
        client.connect(10_000);
        Thread probe = new Thread(() -> probe(url, db, seconds));
        probe.start();
        long t0 = System.nanoTime();
        long rssPeakKb = 0;
        while (System.nanoTime() - t0 < seconds * 1_000_000_000L) {
            Thread.sleep(1000);
            rssPeakKb = Math.max(rssPeakKb, rssKb(pid));
        }
        long windowRows = rows.get();
        long windowEvents = rowEvents.get();
        double window = (System.nanoTime() - t0) / 1e9;
        String[] end = masterStatus(url);
        long c0 = System.nanoTime();
        while (file.compareTo(end[0]) < 0 || (file.equals(end[0]) && position < Long.parseLong(end[1]))) {
            Thread.sleep(10);
            if (System.nanoTime() - c0 > 600_000_000_000L) {
                throw new IllegalStateException("not caught up after 600 s");
            }
        }
        double catchUp = (System.nanoTime() - c0) / 1e9;
        probe.join();
        Thread.sleep(2000); // the last probes arrive
        client.disconnect();
        List<Long> l = new ArrayList<>();
        int unseen = 0;
        for (Map.Entry<Long, Long> committed : probeCommitted.entrySet()) {
            Long arrived = probeArrived.get(committed.getKey());
            if (arrived == null) {
                unseen++;
            } else {
                l.add(Math.max(0, arrived - committed.getValue()));
            }
        }
        Collections.sort(l);
        System.out.printf("window %.1f s: %d row events (%.0f/s), %d rows (%.0f/s) of %s%n", window, windowEvents,
            windowEvents / window, windowRows, windowRows / window, db);
        System.out.printf("caught up with SHOW MASTER STATUS %.2f s after the window; %d row events in all%n",
            catchUp, rowEvents.get());
        System.out.printf("commit-to-binlog latency over %d probes (%d not seen): p50 %.1f ms, p99 %.1f ms,"
            + " max %.1f ms%n", l.size(), unseen, pct(l, 0.50), pct(l, 0.99), pct(l, 1.0));
        if (pid != null) {
            System.out.printf("CN process %s: peak RSS %d MiB over the window%n", pid, rssPeakKb / 1024);
            System.out.println(heapInfo(pid));
        }
    }

    static void count(String table, String db, int n) {
        if (table != null && table.startsWith(db + ".") && !table.equals(db + ".cdc_probe")) {
            rowEvents.incrementAndGet();
            rows.addAndGet(n);
        }
    }

    static void probe(String url, String db, long seconds) {
        try (Connection c = DriverManager.getConnection(url, "root", "");
             PreparedStatement ps = c.prepareStatement("INSERT INTO " + db + ".cdc_probe VALUES (?, ?)")) {
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            for (long id = 1; System.nanoTime() < end; id++) {
                ps.setLong(1, id);
                ps.setLong(2, System.currentTimeMillis());
                ps.executeUpdate();
                probeCommitted.put(id, System.nanoTime());
                Thread.sleep(100);
            }
        } catch (Exception e) {
            System.err.println("probe stopped: " + e);
        }
    }

    static String[] masterStatus(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            if (!rs.next()) {
                throw new IllegalStateException("SHOW MASTER STATUS is empty: does this CN run the CDC?");
            }
            return new String[] {rs.getString(1), rs.getString(2)};
        }
    }

    static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int i = (int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1);
        return sorted.get(Math.max(0, i)) / 1e6;
    }

    static long rssKb(String pid) {
        if (pid == null) {
            return 0;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (Exception e) {
            // the process is gone or not ours
        }
        return 0;
    }

    static String heapInfo(String pid) {
        try {
            Process p = new ProcessBuilder("jcmd", pid, "GC.heap_info").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            return "jcmd GC.heap_info after the window:\n" + out.strip();
        } catch (Exception e) {
            return "jcmd unavailable: " + e.getMessage();
        }
    }
}
