package com.polardbx.tests.tpch;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Loads a {@link TpchData} set into a database through JDBC with batched multi-row INSERTs, the key range of each
 * table split over several connections, printing progress. The tables must exist. Not thread-safe (one load at a
 * time per instance).
 */
public final class TpchLoader {
    /** Opens a new connection to the target database. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    private static final int BATCH_ROWS = 1_000;
    private static final long PROGRESS_INTERVAL_NANOS = 5_000_000_000L;

    private final TpchData data;
    private final String target;
    private final Consumer<String> progress;
    private final AtomicLong rows = new AtomicLong();
    private volatile long lastReport;

    public TpchLoader(TpchData data, String target, Consumer<String> progress) {
        this.data = data;
        this.target = target;
        this.progress = progress;
    }

    /** Loads all eight tables with {@code threads} connections; returns the number of rows inserted. */
    public long load(ConnectionFactory connections, int threads) throws SQLException {
        long started = System.nanoTime();
        lastReport = started;
        try (Connection c = connections.open()) {
            insertAll(c, "region", 0, 5, key -> one(data.region((int) key)));
            insertAll(c, "nation", 0, 25, key -> one(data.nation((int) key)));
        }
        parallel(connections, threads, "supplier", data.supplierCount(), key -> one(data.supplier(key)));
        parallel(connections, threads, "part", data.partCount(), key -> one(data.part(key)));
        parallel(connections, threads, "partsupp", data.partCount(), data::partsupps);
        parallel(connections, threads, "customer", data.customerCount(), key -> one(data.customer(key)));
        parallel(connections, threads, "orders+lineitem", data.orderCount(), null);
        progress.accept(String.format(Locale.ROOT, "[tpch] %s: %,d rows loaded in %.1f s (SF %s)", target, rows.get(),
            (System.nanoTime() - started) / 1e9, data.scaleFactor()));
        return rows.get();
    }

    private static List<Object[]> one(Object[] row) {
        return java.util.Collections.singletonList(row);
    }

    /** Rows generated for one key. */
    @FunctionalInterface
    private interface RowSource {
        List<Object[]> rows(long key);
    }

    private void parallel(ConnectionFactory connections, int threads, String table, long count, RowSource source)
        throws SQLException {
        int workers = (int) Math.max(1, Math.min(threads, count / BATCH_ROWS));
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                long from = 1 + count * w / workers;
                long to = 1 + count * (w + 1) / workers;
                futures.add(pool.submit(() -> {
                    try (Connection c = connections.open()) {
                        if (source == null) {
                            insertOrders(c, from, to);
                        } else {
                            insertAll(c, table, from, to, source);
                        }
                    }
                    return null;
                }));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SQLException s) {
                throw s;
            }
            throw new IllegalStateException("loading " + table + " into " + target, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading " + table, e);
        } finally {
            pool.shutdownNow();
        }
        progress.accept(String.format(Locale.ROOT, "[tpch] %s: %s done (%,d rows so far)", target, table, rows.get()));
    }

    /** Inserts the rows of keys [from, to). */
    private void insertAll(Connection c, String table, long from, long to, RowSource source) throws SQLException {
        Batch batch = new Batch(c, table);
        for (long key = from; key < to; key++) {
            for (Object[] row : source.rows(key)) {
                batch.add(row);
            }
        }
        batch.flush();
    }

    /** Orders [from, to) and their lineitems. */
    private void insertOrders(Connection c, long from, long to) throws SQLException {
        Batch orders = new Batch(c, "orders");
        Batch lines = new Batch(c, "lineitem");
        for (long index = from; index < to; index++) {
            TpchData.Order order = data.order(index);
            orders.add(order.order());
            for (Object[] line : order.lines()) {
                lines.add(line);
            }
        }
        orders.flush();
        lines.flush();
    }

    /** One table's pending multi-row INSERT. */
    private final class Batch {
        private final Connection connection;
        private final String table;
        private final StringBuilder sql = new StringBuilder();
        private int pending;

        Batch(Connection connection, String table) {
            this.connection = connection;
            this.table = table;
        }

        void add(Object[] row) throws SQLException {
            sql.append(pending == 0 ? "INSERT INTO " + table + " VALUES (" : ",(");
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    sql.append(',');
                }
                appendLiteral(sql, row[i]);
            }
            sql.append(')');
            if (++pending == BATCH_ROWS) {
                flush();
            }
        }

        void flush() throws SQLException {
            if (pending == 0) {
                return;
            }
            try (Statement st = connection.createStatement()) {
                st.executeUpdate(sql.toString());
            }
            long total = rows.addAndGet(pending);
            sql.setLength(0);
            pending = 0;
            long now = System.nanoTime();
            if (now - lastReport > PROGRESS_INTERVAL_NANOS) {
                lastReport = now;
                progress.accept(String.format(Locale.ROOT, "[tpch] %s: %,d rows (%s)", target, total, table));
            }
        }
    }

    static void appendLiteral(StringBuilder sb, Object value) {
        if (value == null) {
            sb.append("NULL");
        } else if (value instanceof BigDecimal d) {
            sb.append(d.toPlainString());
        } else if (value instanceof Number n) {
            sb.append(n);
        } else if (value instanceof LocalDate d) {
            sb.append('\'').append(d).append('\'');
        } else {
            sb.append('\'');
            String s = value.toString();
            for (int i = 0; i < s.length(); i++) {
                char ch = s.charAt(i);
                if (ch == '\'' || ch == '\\') {
                    sb.append('\\');
                }
                sb.append(ch);
            }
            sb.append('\'');
        }
    }
}
