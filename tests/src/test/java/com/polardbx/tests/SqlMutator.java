package com.polardbx.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns valid statements into broken ones, reproducibly from a seed: token deletion, insertion, swap and duplication,
 * unbalanced quotes and parentheses, deep nesting, huge literals, huge IN lists, bytes that are not SQL.
 */
final class SqlMutator {
    static final List<String> SEEDS = List.of(
        "SELECT id, v FROM fz WHERE id = 3",
        "SELECT COUNT(*), SUM(n) FROM fz WHERE v LIKE 'a%' GROUP BY v ORDER BY 1",
        "INSERT INTO fz VALUES (100, 'x', 5)",
        "UPDATE fz SET n = n + 1 WHERE id IN (1, 2, 3)",
        "DELETE FROM fz WHERE id > 1000",
        "SELECT a.id FROM fz a JOIN fz b ON a.id = b.n WHERE a.v <> 'q' LIMIT 5",
        "SELECT * FROM fz WHERE id BETWEEN 2 AND 8 AND (v = 'b' OR n IS NULL)",
        "SELECT CONCAT(v, 'x'), CAST(n AS CHAR), IF(n > 2, 'y', 'z') FROM fz ORDER BY id DESC",
        "WITH c AS (SELECT id FROM fz) SELECT COUNT(*) FROM c",
        "SELECT id FROM fz UNION SELECT n FROM fz",
        "SELECT v, MAX(n) OVER (PARTITION BY v ORDER BY id) FROM fz",
        "SELECT id FROM fz WHERE EXISTS (SELECT 1 FROM fz b WHERE b.n = fz.id)",
        "SHOW TABLES",
        "SHOW COLUMNS FROM fz",
        "SELECT @@version, DATABASE(), 1 + 2 * 3",
        "SET @a = 5",
        "EXPLAIN SELECT * FROM fz WHERE id = 1",
        "INSERT INTO fz (id, v, n) VALUES (200, 'w', NULL) ON DUPLICATE KEY UPDATE n = 7",
        "BEGIN",
        "COMMIT",
        "SELECT id FROM fz WHERE v IN ('a', 'b') AND n NOT IN (1, 2) FOR UPDATE",
        "SELECT DATE_ADD('2020-01-01', INTERVAL 3 DAY), STR_TO_DATE('01,5,2013', '%d,%m,%Y')");
    private static final String[] TOKENS = {"SELECT", "FROM", "WHERE", "(", ")", ",", "'", "\"", "`", "*", "=", "<=>",
        "AND", "OR", "NOT", "NULL", "IN", "JOIN", "ON", "GROUP", "BY", "ORDER", "LIMIT", "UNION", "ALL", "AS", "CASE",
        "WHEN", "THEN", "END", "?", ";", "@", "@@", "--", "/*", "*/", "/*!50000", "0x", "x'", "1e999", "-", "+", "%",
        "\\", "fz", "id", "n", "v", "information_schema", "INTERVAL", "CAST", "CONVERT", "COUNT(*)", "EXISTS",
        "SELECT 1", "DUAL", "INTO", "VALUES", "SET", "DEFAULT", "KILL", "SHOW", "GLOBAL", "PROCESSLIST", "GRANTS",
        "LOAD_FILE", "99999999999999999999999", "-9223372036854775809", "'\\0'", "_utf8mb4", "COLLATE", "BINARY",
        "\u0000", "\u00e9", "\ud83d\ude00", "\uffff"};
    private static final Pattern TOKEN = Pattern.compile("'(?:[^'\\\\]++|\\\\.)*+'|\\w++|\\S");

    private final Random random;

    SqlMutator(long seed) {
        this.random = new Random(seed);
    }

    /** A mutated statement; one or more mutations of a seed statement. */
    String next() {
        String sql = SEEDS.get(random.nextInt(SEEDS.size()));
        int rounds = 1 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
        for (int i = 0; i < rounds && sql.length() < 100_000; i++) {
            sql = mutate(sql);
        }
        return sql;
    }

    private String mutate(String sql) {
        List<String> tokens = tokens(sql);
        int at = random.nextInt(tokens.size());
        switch (random.nextInt(11)) {
            case 0 -> tokens.remove(at);
            case 1 -> tokens.add(at, TOKENS[random.nextInt(TOKENS.length)]);
            case 2 -> {
                int other = random.nextInt(tokens.size());
                String t = tokens.get(at);
                tokens.set(at, tokens.get(other));
                tokens.set(other, t);
            }
            case 3 -> {
                int end = Math.min(tokens.size(), at + 1 + random.nextInt(5));
                tokens.addAll(end, new ArrayList<>(tokens.subList(at, end)));
            }
            case 4 -> tokens.add(at, List.of("'", "\"", "`", "(", ")", "/*").get(random.nextInt(6)));
            case 5 -> {
                int depth = 1 + random.nextInt(random.nextBoolean() ? 50 : 3_000);
                tokens.set(at, "(".repeat(depth) + tokens.get(at) + ")".repeat(random.nextInt(5) == 0 ? 0 : depth));
            }
            case 6 -> tokens.set(at, random.nextBoolean() ? "'" + "x".repeat(random.nextInt(random.nextInt(4) == 0 ? 2_000_000 : 2_000)) + "'"
                : "9".repeat(1 + random.nextInt(500)));
            case 7 -> {
                StringBuilder in = new StringBuilder("IN (");
                int n = 1 + random.nextInt(random.nextInt(4) == 0 ? 20_000 : 100);
                for (int i = 0; i < n; i++) {
                    in.append(i == 0 ? "" : ",").append(random.nextInt(3) == 0 ? "'" + i + "'" : i);
                }
                tokens.add(at, in.append(')').toString());
            }
            case 8 -> {
                StringBuilder chain = new StringBuilder("id = 0");
                int n = random.nextInt(random.nextInt(4) == 0 ? 20_000 : 200);
                for (int i = 1; i < n; i++) {
                    chain.append(random.nextBoolean() ? " OR id = " : " AND n <> ").append(i);
                }
                tokens.add(at, chain.toString());
            }
            case 9 -> {
                byte[] junk = new byte[1 + random.nextInt(40)];
                random.nextBytes(junk);
                tokens.add(at, new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
            default -> tokens.subList(at, Math.min(tokens.size(), at + 1 + random.nextInt(tokens.size()))).clear();
        }
        if (tokens.isEmpty()) {
            tokens.add(TOKENS[random.nextInt(TOKENS.length)]);
        }
        return String.join(" ", tokens);
    }

    private static List<String> tokens(String sql) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(sql);
        while (m.find()) {
            out.add(m.group());
        }
        if (out.isEmpty()) {
            out.add(sql);
        }
        return out;
    }
}
