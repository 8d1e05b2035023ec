import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Benchmark (not a test) of what the CDC can merge: commits {@code rows} rows into the partitioned logical table
 * {@code db.burst} through the CN as fast as the CN and the DNs take them (several client threads, each sending
 * multi-row INSERTs, or INSERT ... SELECT from {@code db.burst_src}), while reading the CN's global binlog over
 * COM_BINLOG_DUMP from the SHOW MASTER STATUS taken before the first write. Writers and reader share this JVM's
 * clock. Prints the write rate, the merge span (return of the first commit to the arrival of the last row in the
 * binlog), the merged row events/s and rows/s over it, and the lag when the writes finished (catch-up).
 *
 * <p>usage: java -cp mysql-connector-j.jar:mysql-binlog-connector-java.jar tests/bench/CdcBurst.java host port db
 * rows threads rows-per-statement insert|select|load (load: fill db.burst_src for select, no binlog reader)
 */
public class CdcBurst {
    static final AtomicLong rowEvents = new AtomicLong();
    static final AtomicLong rows = new AtomicLong();
    static final Map<Long, String> tables = new ConcurrentHashMap<>();
    /** System.nanoTime() of the first row's arrival, of the arrival that completed the burst, and of the commits. */
    static volatile long firstArrival;
    static volatile long lastArrival;
    static final AtomicLong firstCommit = new AtomicLong(Long.MAX_VALUE);
    static final AtomicLong lastCommit = new AtomicLong();
    /** When every writer has its connection, the clock of the writes starts. */
    static volatile long writeStart;
    /** Held so that the level sticks: the binlog client logs each connect at INFO. */
    static final Logger clientLog = Logger.getLogger("com.github.shyiko.mysql.binlog");

    public static void main(String[] a) throws Exception {
        String host = a[0];
        int port = Integer.parseInt(a[1]);
        String db = a[2];
        long total = Long.parseLong(a[3]);
        int threads = Integer.parseInt(a[4]);
        int batch = Integer.parseInt(a[5]);
        clientLog.setLevel(Level.WARNING);
        String mode = a.length > 6 ? a[6] : "insert";
        boolean select = mode.equals("select");
        String url = "jdbc:mysql://" + host + ":" + port + "/?sslMode=DISABLED&allowPublicKeyRetrieval=true";
        String target = db + ".burst";
        if (mode.equals("load")) { // fills db.burst_src for the select mode; not metered
            runWriters(url, db + ".burst_src", db, total, threads, batch, false);
            System.out.printf("loaded %d rows into %s.burst_src in %.1f s%n", total, db,
                (lastCommit.get() - writeStart) / 1e9);
            return;
        }

        String[] start = masterStatus(url);
        BinaryLogClient client = new BinaryLogClient(host, port, "root", "");
        client.setServerId(98766);
        client.setBinlogFilename(start[0]);
        client.setBinlogPosition(Long.parseLong(start[1]));
        client.setSSLMode(com.github.shyiko.mysql.binlog.network.SSLMode.DISABLED);
        client.setKeepAlive(false);
        client.registerEventListener(e -> {
            if (e.getData() instanceof TableMapEventData m) {
                tables.put(m.getTableId(), m.getDatabase() + "." + m.getTable());
            } else if (e.getData() instanceof WriteRowsEventData w && target.equals(tables.get(w.getTableId()))) {
                long now = System.nanoTime();
                if (rowEvents.getAndIncrement() == 0) {
                    firstArrival = now;
                }
                if (rows.addAndGet(w.getRows().size()) >= total && lastArrival == 0) {
                    lastArrival = now;
                }
            }
        });
        client.connect(10_000);

        try {
            runWriters(url, target, db, total, threads, batch, select);
        } catch (Exception e) {
            client.disconnect();
            throw e;
        }
        long rowsAtWriteEnd = rows.get();
        long wEnd = lastCommit.get();
        while (lastArrival == 0) {
            Thread.sleep(5);
            if (System.nanoTime() - wEnd > 600_000_000_000L) {
                client.disconnect();
                throw new IllegalStateException("only " + rows.get() + " of " + total + " rows in the binlog 600 s"
                    + " after the last commit");
            }
        }
        client.disconnect();
        report(total, threads, batch, select, writeStart, rowsAtWriteEnd);
    }

    static void report(long total, int threads, int batch, boolean select, long w0, long rowsAtWriteEnd) {
        double writes = (lastCommit.get() - w0) / 1e9;
        double span = (lastArrival - firstCommit.get()) / 1e9;
        double catchUp = Math.max(0, lastArrival - lastCommit.get()) / 1e9;
        System.out.printf("writes: %d rows committed in %.2f s (%.0f rows/s), %d threads, %d rows per %s%n", total,
            writes, total / writes, threads, batch, select ? "INSERT ... SELECT" : "multi-row INSERT");
        System.out.printf("first commit returned %.3f s after the writes started; its first row was in the binlog"
            + " %.3f s later%n", (firstCommit.get() - w0) / 1e9, (firstArrival - firstCommit.get()) / 1e9);
        System.out.printf("merge: the binlog held the last row %.2f s after the first commit: %d row events (%.0f/s),"
            + " %d rows (%.0f/s)%n", span, rowEvents.get(), rowEvents.get() / span, rows.get(), rows.get() / span);
        System.out.printf("lag when the writes finished: %d rows not yet in the binlog, caught up %.2f s later%n",
            total - rowsAtWriteEnd, catchUp);
        if (rows.get() != total) {
            System.out.printf("WARNING: the binlog held %d rows of the table for %d committed%n", rows.get(), total);
        }
        if (catchUp < Math.max(1.0, 0.1 * span)) {
            System.out.println("the CDC kept up with the writes: the merge rate is a lower bound of its capacity"
                + " (the writers were the bottleneck)");
        } else {
            System.out.println("the CDC fell behind the writes: the merge rate is its throughput at this load");
        }
    }

    /** Commits rows [0, total) into {@code table} from {@code threads} connections, each a contiguous id range. */
    static void runWriters(String url, String table, String db, long total, int threads, int batch, boolean select)
        throws Exception {
        List<Thread> writers = new ArrayList<>();
        List<Exception> failures = new ArrayList<>();
        CyclicBarrier connected = new CyclicBarrier(threads, () -> writeStart = System.nanoTime());
        for (int t = 0; t < threads; t++) {
            long from = total * t / threads;
            long to = total * (t + 1) / threads;
            Thread w = new Thread(() -> {
                try {
                    write(url, table, db, from, to, batch, select, connected);
                } catch (Exception e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            });
            w.start();
            writers.add(w);
        }
        for (Thread w : writers) {
            w.join();
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a writer failed: " + failures.get(0), failures.get(0));
        }
    }

    /** Commits rows [from, to) in statements of {@code batch} rows (autocommit), each timed on return. */
    static void write(String url, String table, String db, long from, long to, int batch, boolean select,
                      CyclicBarrier connected) throws Exception {
        try (Connection c = DriverManager.getConnection(url, "root", ""); Statement st = c.createStatement()) {
            connected.await(60, java.util.concurrent.TimeUnit.SECONDS);
            for (long lo = from; lo < to; lo += batch) {
                long hi = Math.min(to, lo + batch);
                String sql = select
                    ? "INSERT INTO " + table + " SELECT * FROM " + db + ".burst_src WHERE id >= " + lo + " AND id < "
                        + hi
                    : values(table, lo, hi);
                st.executeUpdate(sql);
                long now = System.nanoTime();
                firstCommit.accumulateAndGet(now, Math::min);
                lastCommit.accumulateAndGet(now, Math::max);
            }
        }
    }

    /** One INSERT of rows [lo, hi): id, a number and about 100 bytes of text, like a sysbench row. */
    static String values(String table, long lo, long hi) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(table).append(" (id, k, c) VALUES ");
        for (long id = lo; id < hi; id++) {
            if (id > lo) {
                sb.append(',');
            }
            sb.append('(').append(id).append(',').append(id * 7919 % 100_000).append(",'")
                .append(Long.toHexString(id * 0x9E3779B97F4A7C15L)).append("-burst-row-of-the-cdc-merge-benchmark-")
                .append("padding-padding-padding-padding-padding-padding-padding')");
        }
        return sb.toString();
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
}
