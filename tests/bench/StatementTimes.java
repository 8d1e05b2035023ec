import java.sql.*;
import java.util.*;

/**
 * Benchmark (not a test): the latency of each statement kind of one sysbench oltp_read_write transaction (BEGIN, 10
 * point selects, the 4 range selects, 2 updates, delete, insert, COMMIT), server-side prepared like sysbench's
 * --db-ps-mode=auto, one connection, on sysbench's prepared tables sbtest1..4 (10,000 rows each). 50 transactions
 * warm up, then n are timed. Run it against the CN and against one DN in the same minute and compare.
 *
 * <p>usage: java -cp mysql-connector-j.jar tests/bench/StatementTimes.java jdbc:mysql://127.0.0.1:8527/sbtest 500
 * [user [password]]
 */
public class StatementTimes {
    public static void main(String[] a) throws Exception {
        String url = a[0]; int n = Integer.parseInt(a[1]);
        Properties p = new Properties();
        p.setProperty("user", a.length > 2 ? a[2] : "root");
        p.setProperty("password", a.length > 3 ? a[3] : "");
        p.setProperty("useServerPrepStmts", "true"); p.setProperty("useSSL", "false"); p.setProperty("allowPublicKeyRetrieval","true");
        try (Connection c = DriverManager.getConnection(url, p)) {
            String[] names = {"BEGIN","point","range","sum","order","distinct","upd_idx","upd_nonidx","delete","insert","COMMIT"};
            long[][] t = new long[names.length][n];
            Random r = new Random(1);
            Map<String, PreparedStatement> ps = new HashMap<>();
            for (int tab = 1; tab <= 4; tab++) {
                String s = "sbtest" + tab;
                ps.put("point" + tab, c.prepareStatement("SELECT c FROM " + s + " WHERE id=?"));
                ps.put("range" + tab, c.prepareStatement("SELECT c FROM " + s + " WHERE id BETWEEN ? AND ?"));
                ps.put("sum" + tab, c.prepareStatement("SELECT SUM(k) FROM " + s + " WHERE id BETWEEN ? AND ?"));
                ps.put("order" + tab, c.prepareStatement("SELECT c FROM " + s + " WHERE id BETWEEN ? AND ? ORDER BY c"));
                ps.put("distinct" + tab, c.prepareStatement("SELECT DISTINCT c FROM " + s + " WHERE id BETWEEN ? AND ? ORDER BY c"));
                ps.put("upd_idx" + tab, c.prepareStatement("UPDATE " + s + " SET k=k+1 WHERE id=?"));
                ps.put("upd_nonidx" + tab, c.prepareStatement("UPDATE " + s + " SET c=? WHERE id=?"));
                ps.put("delete" + tab, c.prepareStatement("DELETE FROM " + s + " WHERE id=?"));
                ps.put("insert" + tab, c.prepareStatement("INSERT INTO " + s + " (id, k, c, pad) VALUES (?, ?, ?, ?)"));
            }
            PreparedStatement begin = c.prepareStatement("BEGIN"), commit = c.prepareStatement("COMMIT");
            for (int i = 0; i < n + 50; i++) {
                int k = i - 50; boolean rec = k >= 0;
                int tab = 1 + r.nextInt(4);
                long t0 = System.nanoTime(); begin.execute(); long t1 = System.nanoTime();
                if (rec) t[0][k] = t1 - t0;
                long pointSum = 0;
                for (int j = 0; j < 10; j++) {
                    PreparedStatement q = ps.get("point" + (1 + r.nextInt(4))); q.setInt(1, 1 + r.nextInt(10000));
                    long s = System.nanoTime(); try (ResultSet rs = q.executeQuery()) { while (rs.next()) {} } pointSum += System.nanoTime() - s;
                }
                if (rec) t[1][k] = pointSum / 10;
                String[] ranges = {"range","sum","order","distinct"};
                for (int j = 0; j < 4; j++) {
                    PreparedStatement q = ps.get(ranges[j] + (1 + r.nextInt(4))); int lo = 1 + r.nextInt(9900); q.setInt(1, lo); q.setInt(2, lo + 99);
                    long s = System.nanoTime(); try (ResultSet rs = q.executeQuery()) { while (rs.next()) {} } if (rec) t[2 + j][k] = System.nanoTime() - s;
                }
                int id = 1 + r.nextInt(10000);
                PreparedStatement q = ps.get("upd_idx" + tab); q.setInt(1, 1 + r.nextInt(10000));
                long s = System.nanoTime(); q.executeUpdate(); if (rec) t[6][k] = System.nanoTime() - s;
                q = ps.get("upd_nonidx" + tab); q.setString(1, "x" + i); q.setInt(2, 1 + r.nextInt(10000));
                s = System.nanoTime(); q.executeUpdate(); if (rec) t[7][k] = System.nanoTime() - s;
                q = ps.get("delete" + tab); q.setInt(1, id);
                s = System.nanoTime(); q.executeUpdate(); if (rec) t[8][k] = System.nanoTime() - s;
                q = ps.get("insert" + tab); q.setInt(1, id); q.setInt(2, r.nextInt(10000)); q.setString(3, "c" + i); q.setString(4, "pad");
                s = System.nanoTime(); q.executeUpdate(); if (rec) t[9][k] = System.nanoTime() - s;
                s = System.nanoTime(); commit.execute(); if (rec) t[10][k] = System.nanoTime() - s;
            }
            System.out.printf("%-11s %8s %8s %8s%n", "stmt", "p50_us", "mean_us", "p95_us");
            long total = 0;
            for (int i = 0; i < names.length; i++) {
                long[] x = t[i].clone(); Arrays.sort(x); long sum = 0; for (long v : x) sum += v;
                System.out.printf("%-11s %8d %8d %8d%n", names[i], x[n / 2] / 1000, sum / n / 1000, x[n * 95 / 100] / 1000);
                total += (i == 1 ? 10 : 1) * x[n / 2];
            }
            System.out.printf("sum of p50 per transaction (10 point selects): %d us%n", total / 1000);
        }
    }
}
