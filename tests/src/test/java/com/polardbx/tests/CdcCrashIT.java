package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.testing.TestingDataNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * kill -9 of a CN process (running the CDC) in the middle of a stream of cross-shard transactions: after a restart the
 * global binlog, read from before the workload, holds every committed transaction exactly once, so replaying its row
 * changes gives exactly the table the CN shows.
 */
class CdcCrashIT {
    @Test
    void nothingIsLostOrRepeatedAcrossKill9() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "cdc-crash"));
        if (Files.exists(dir.resolve("cn"))) { // the CDC files of an earlier run point into DNs that are gone
            try (java.util.stream.Stream<Path> old = Files.walk(dir.resolve("cn"))) {
                for (Path p : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        TestingDataNodes nodes = TestingDataNodes.start(3, dir.resolve("dns"));
        CnProcess cn = new CnProcess(dir, nodes, true);
        Process first = cn.start();
        String file;
        long position;
        try (Connection c = cn.connect(null, null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE crash MODE='auto'");
            st.execute("CREATE TABLE crash.k (id INT PRIMARY KEY, n INT) PARTITION BY HASH(id) PARTITIONS 4");
            Thread.sleep(1000); // the DDL marks reach the binlog before the start position is taken
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                assertTrue(rs.next());
                file = rs.getString(1);
                position = rs.getLong(2);
            }
        }
        AtomicInteger committed = new AtomicInteger();
        Thread load = new Thread(() -> {
            try (Connection c = cn.connect("crash", null); Statement st = c.createStatement()) {
                c.setAutoCommit(false);
                for (int i = 1; i < 1_000_000; i++) {
                    st.execute("INSERT INTO k VALUES (" + i + ", 0), (" + (i + 5_000_000) + ", 0)");
                    st.execute("UPDATE k SET n = n + 1 WHERE id = " + (i / 2 + 1));
                    c.commit();
                    committed.incrementAndGet();
                }
            } catch (SQLException e) {
                // the CN was killed
            }
        });
        load.start();
        while (committed.get() < 200) {
            Thread.sleep(50);
        }
        first.destroyForcibly().waitFor();
        load.join();
        Process second = cn.start();
        try {
            Map<Long, Long> table = new TreeMap<>();
            try (Connection c = cn.connect("crash", null); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id, n FROM k")) {
                while (rs.next()) {
                    table.put(rs.getLong(1), rs.getLong(2));
                }
            }
            assertTrue(table.size() >= 2 * committed.get(), table.size() + " rows, " + committed.get() + " commits");
            try (TestingBinlogConsumer consumer = new TestingBinlogConsumer(cn.port(), file, position, "crash")) {
                consumer.start();
                List<List<String>> got = consumer.awaitTransactions(table.size() / 2, 60_000);
                Thread.sleep(1000);
                got = consumer.awaitTransactions(table.size() / 2, 0);
                assertEquals(List.of(), consumer.errors());
                assertEquals(table, replay(got), "the binlog replayed equals the table");
            }
        } finally {
            second.destroyForcibly().waitFor();
        }
    }

    /** Applies the row changes ("INSERT crash.k [id, n]", "UPDATE crash.k [..] -> [id, n]"); an insert twice fails. */
    private static Map<Long, Long> replay(List<List<String>> transactions) {
        Map<Long, Long> table = new TreeMap<>();
        for (List<String> t : transactions) {
            for (String change : t) {
                String row = change.substring(change.lastIndexOf('[') + 1, change.lastIndexOf(']'));
                String[] v = row.split(", ");
                long id = Long.parseLong(v[0]);
                if (change.startsWith("INSERT")) {
                    assertEquals(null, table.put(id, Long.parseLong(v[1])), "inserted twice: " + change);
                } else if (change.startsWith("UPDATE")) {
                    assertTrue(table.containsKey(id), "update before insert: " + change);
                    table.put(id, Long.parseLong(v[1]));
                }
            }
        }
        return table;
    }
}
