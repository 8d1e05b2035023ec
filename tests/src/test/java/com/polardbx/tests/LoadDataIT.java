package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.testing.TestingDataNodes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LOAD DATA LOCAL INFILE through the mariadb CLI, the same script against the CN (partitioned, broadcast and single
 * tables) and a plain MariaDB: the CLI's whole output (affected rows, the Records/Deleted/Skipped/Warnings text,
 * SHOW WARNINGS, the loaded rows) must be equal.
 */
class LoadDataIT {
    private static TestingCluster cluster;
    private static TestingDataNodes nodes;
    private static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        cluster = TestingCluster.shared();
        nodes = cluster.dataNodes();
        cluster.freshDatabases("load_data");
        dir = Files.createTempDirectory("load-data");
        StringBuilder tsv = new StringBuilder();
        for (int i = 1; i <= 2500; i++) { // more than one batch of rows
            tsv.append(i).append('\t').append(i % 50 == 0 ? "\\N" : "name\\t" + i + "é\\\\'\"")
                .append('\t').append(i % 7 == 0 ? "" : i + ".5").append('\n');
        }
        Files.writeString(dir.resolve("rows.tsv"), tsv);
        Files.writeString(dir.resolve("rows.csv"), "id,name,score\r\n10,\"x, y\",1\r\n11,\"q\"\"q\",2\r\n"
            + "12,NULL,3\r\n13,\"multi\r\nline\",4\r\n14,plain,5,extra\r\n15\r\n");
        Files.writeString(dir.resolve("dups.tsv"), "1\tagain\t1\n2\tagain\t2\n90000\tnew\t3\n");
        Files.writeString(dir.resolve("prefixed.txt"), "skip me\n>>1|one\nnoise >>2|two\n>>3|three");
        Files.write(dir.resolve("bytes.tsv"), new byte[] {'1', '\t', (byte) 0xFF, (byte) 0x80, 0x27, '\n', '2', '\t',
            '\\', '0', 'x', '\n'});
    }

    @Test
    void loadsAsMariaDbDoes() throws Exception {
        String script = String.join("\n",
            "CREATE TABLE p (id INT PRIMARY KEY, name VARCHAR(40), score DECIMAL(6,1))"
                + " PARTITION BY HASH(id) PARTITIONS 4;",
            "LOAD DATA LOCAL INFILE '" + file("rows.tsv") + "' INTO TABLE p;",
            "SHOW WARNINGS;",
            "SELECT COUNT(*), SUM(score), COUNT(*) - COUNT(name), MAX(name), MIN(id) FROM p;",
            "SELECT * FROM p WHERE id IN (1, 7, 50, 2500) ORDER BY id;",
            "LOAD DATA LOCAL INFILE '" + file("rows.tsv") + "' IGNORE INTO TABLE p LINES TERMINATED BY '\\n'"
                + " IGNORE 2490 LINES;",
            "LOAD DATA LOCAL INFILE '" + file("rows.csv") + "' REPLACE INTO TABLE p CHARACTER SET utf8mb4"
                + " FIELDS TERMINATED BY ',' OPTIONALLY ENCLOSED BY '\"' LINES TERMINATED BY '\\r\\n'"
                + " IGNORE 1 LINES (id, @n, score) SET name = CONCAT('<', UPPER(@n), '>');",
            "SHOW WARNINGS;",
            "SELECT * FROM p WHERE id BETWEEN 10 AND 15 ORDER BY id;",
            "CREATE TABLE b (k INT PRIMARY KEY, v VARCHAR(10))" + placement("BROADCAST") + ";",
            "LOAD DATA LOCAL INFILE '" + file("prefixed.txt") + "' INTO TABLE b FIELDS TERMINATED BY '|'"
                + " LINES STARTING BY '>>';",
            "SELECT * FROM b ORDER BY k;",
            "CREATE TABLE s (k INT PRIMARY KEY, v VARBINARY(10))" + placement("SINGLE") + ";",
            "LOAD DATA LOCAL INFILE '" + file("bytes.tsv") + "' INTO TABLE s;",
            "SELECT k, HEX(v) FROM s ORDER BY k;",
            "LOAD DATA LOCAL INFILE '" + file("dups.tsv") + "' INTO TABLE p;",
            "SELECT COUNT(*) FROM p;",
            "LOAD DATA LOCAL INFILE '" + file("rows.tsv") + "' INTO TABLE missing;");
        String cn = cli(cluster.port(), "root", "", script);
        String dn = cli(nodes.port(1), nodes.user(), nodes.password(), script); // MariaDB skips /*!99999 */
        assertEquals(dn, cn);
        assertTrue(cn.contains("Records: 2500  Deleted: 0  Skipped: 0  Warnings: 357"), cn);
        // LOCAL loads skip duplicate keys (the server can't stop the client's file half-way)
        assertTrue(cn.contains("Records: 3  Deleted: 0  Skipped: 2  Warnings: 2"), cn);
    }

    @Test
    void aRunningLoadShowsItsProgressInTheProcessList() throws Exception {
        Path big = dir.resolve("big.tsv");
        try (var out = Files.newBufferedWriter(big)) {
            for (int i = 1; i <= 100_000; i++) {
                out.write(i + "\tsome text for row " + i + "\t" + (i % 1000) + ".5\n");
            }
        }
        try (Connection c = cluster.connect("load_data", null)) {
            SqlFiles.execute(c, "CREATE TABLE progress (id INT PRIMARY KEY, name VARCHAR(40), score DECIMAL(6,1))"
                + " PARTITION BY HASH(id) PARTITIONS 4");
        }
        List<String> cmd = List.of("mariadb", "-h127.0.0.1", "-P" + cluster.port(), "-uroot", "--skip-ssl",
            "--local-infile=1", "load_data", "-e", "LOAD DATA LOCAL INFILE '" + big + "' INTO TABLE progress");
        Process load = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<Long> seen = new ArrayList<>();
        java.util.regex.Pattern state = java.util.regex.Pattern.compile("Loading rows: (\\d+) read");
        try (Connection watcher = cluster.connect(null, null)) {
            while (load.isAlive()) {
                for (String row : SqlFiles.rows(watcher, "SELECT STATE, INFO FROM information_schema.PROCESSLIST"
                    + " WHERE INFO LIKE 'LOAD DATA%'")) {
                    java.util.regex.Matcher m = state.matcher(row);
                    if (m.find()) {
                        seen.add(Long.parseLong(m.group(1)));
                    }
                }
                Thread.sleep(10);
            }
        }
        String output = new String(load.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, load.waitFor(), output);
        assertTrue(seen.stream().anyMatch(n -> n > 0), "progress seen: " + seen);
        try (Connection c = cluster.connect("load_data", null)) {
            assertEquals(List.of("100000"), SqlFiles.rows(c, "SELECT COUNT(*) FROM progress"));
            assertEquals(List.of(), SqlFiles.rows(c, "SELECT ID FROM information_schema.PROCESSLIST"
                + " WHERE INFO LIKE 'LOAD DATA%'"), "the load left the process list when it ended");
        }
    }

    private static String placement(String kind) {
        return " /*!99999 " + kind + " */";
    }

    private static String file(String name) {
        return dir.resolve(name).toString();
    }

    private static String cli(int port, String user, String password, String script)
        throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("mariadb", "-h127.0.0.1", "-P" + port, "-u" + user, "--skip-ssl",
            "--local-infile=1", "-vvv", "--force", "load_data"));
        if (!password.isEmpty()) {
            cmd.add(4, "-p" + password);
        }
        Path in = Files.createTempFile(dir, "script", ".sql");
        Files.writeString(in, script);
        Process p = new ProcessBuilder(cmd).redirectInput(in.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "mariadb CLI timed out");
        // timings differ between servers
        return out.replaceAll("\\(\\d+\\.\\d+ sec\\)", "").replaceAll("(?m)^Bye$", "");
    }
}
