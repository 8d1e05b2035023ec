package com.polardbx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Views over partitioned, broadcast and single tables: the same CREATE VIEW statements run on the CN and on a plain
 * MariaDB holding the same rows, and every query over the views, the catalog rows and the errors are compared.
 */
class ViewsIT {
    private static final String DB = "views_db";
    private static final List<String> VIEWS = List.of(
        "CREATE VIEW big_orders AS SELECT id, customer_id, amount FROM orders WHERE amount > 50",
        "CREATE VIEW order_totals (customer, total, n) AS SELECT customer_id, SUM(amount), COUNT(*) FROM orders"
            + " GROUP BY customer_id",
        "CREATE VIEW named_orders AS SELECT o.id, c.name, r.label AS region, o.amount FROM orders o"
            + " JOIN customers c ON c.id = o.customer_id JOIN regions r ON r.id = c.region_id",
        "CREATE VIEW big_named AS SELECT b.id, n.name FROM big_orders b JOIN named_orders n ON n.id = b.id",
        "CREATE VIEW all_ids (x) AS SELECT id FROM orders UNION SELECT id FROM customers",
        "CREATE VIEW starred (a, b, c) AS SELECT * FROM customers",
        "CREATE SQL SECURITY INVOKER VIEW invoker_view AS SELECT id, name FROM customers");
    private static final List<String> QUERIES = List.of(
        "SELECT * FROM big_orders ORDER BY id",
        "SELECT * FROM order_totals ORDER BY customer",
        "SELECT customer, total FROM order_totals WHERE total > 100 ORDER BY customer",
        "SELECT * FROM named_orders ORDER BY id",
        "SELECT region, SUM(amount) FROM named_orders GROUP BY region ORDER BY region",
        "SELECT * FROM big_named ORDER BY id",
        "SELECT x FROM all_ids ORDER BY x",
        "SELECT a, b, c FROM starred ORDER BY a",
        "SELECT v.name, COUNT(*) FROM named_orders v JOIN big_orders b ON b.id = v.id GROUP BY v.name ORDER BY 1",
        "SELECT id FROM orders WHERE customer_id IN (SELECT customer FROM order_totals WHERE n > 3) ORDER BY id",
        "SELECT COUNT(*) FROM (SELECT * FROM big_orders) d",
        "WITH t AS (SELECT * FROM big_orders WHERE id < 20) SELECT COUNT(*), SUM(amount) FROM t",
        "SELECT * FROM " + DB + ".invoker_view ORDER BY id");

    private static TestingCluster cluster;

    @BeforeAll
    static void setUp() throws SQLException {
        cluster = TestingCluster.shared();
        cluster.freshDatabases(DB);
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(8,2))"
                + " PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(ref, "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT, amount DECIMAL(8,2))");
            SqlFiles.execute(cn, "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20), region_id INT)"
                + " BROADCAST");
            SqlFiles.execute(ref, "CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(20), region_id INT)");
            SqlFiles.execute(cn, "CREATE TABLE regions (id INT PRIMARY KEY, label VARCHAR(10)) SINGLE");
            SqlFiles.execute(ref, "CREATE TABLE regions (id INT PRIMARY KEY, label VARCHAR(10))");
            for (Connection c : List.of(cn, ref)) {
                StringBuilder orders = new StringBuilder("INSERT INTO orders VALUES ");
                for (int id = 1; id <= 40; id++) {
                    orders.append(id == 1 ? "" : ", ").append('(').append(id).append(", ").append(id % 6 + 1)
                        .append(", ").append(id * 7 % 97).append(".50)");
                }
                SqlFiles.execute(c, orders.toString());
                SqlFiles.execute(c, "INSERT INTO customers VALUES (1, 'ann', 1), (2, 'bob', 2), (3, 'cy', 1),"
                    + " (4, 'di', 3), (5, 'ed', 2), (6, 'flo', 3), (7, 'gus', NULL)");
                SqlFiles.execute(c, "INSERT INTO regions VALUES (1, 'north'), (2, 'south'), (3, 'east')");
                for (String view : VIEWS) {
                    SqlFiles.execute(c, view);
                }
            }
        }
    }

    @Test
    void queriesOverViewsEqualMariaDb() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            for (String q : QUERIES) {
                assertEquals(SqlFiles.rows(ref, q), SqlFiles.rows(cn, q), q);
                assertEquals(SqlFiles.labels(ref, q), SqlFiles.labels(cn, q), q);
            }
        }
    }

    @Test
    void viewsReadTheirOwnDatabaseWhateverTheCurrentOne() throws SQLException {
        try (Connection cn = cluster.connect(null, null); Connection ref = cluster.connectDirect(null)) {
            String q = "SELECT COUNT(*), SUM(total) FROM " + DB + ".order_totals";
            assertEquals(SqlFiles.rows(ref, q), SqlFiles.rows(cn, q));
        }
    }

    @Test
    void catalogListsViewsAsMariaDbDoes() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            for (String q : List.of("SHOW FULL TABLES", "SHOW TABLES LIKE '%order%'",
                "SELECT TABLE_NAME, TABLE_TYPE, ENGINE, TABLE_COMMENT FROM information_schema.TABLES"
                    + " WHERE TABLE_SCHEMA = '" + DB + "' ORDER BY TABLE_NAME",
                "SELECT TABLE_NAME, CHECK_OPTION, IS_UPDATABLE, SECURITY_TYPE, ALGORITHM FROM information_schema.VIEWS"
                    + " WHERE TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME IN ('big_orders', 'invoker_view', 'order_totals')"
                    + " ORDER BY TABLE_NAME",
                "SELECT COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE FROM"
                    + " information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME IN"
                    + " ('big_orders', 'named_orders', 'starred') ORDER BY TABLE_NAME, ORDINAL_POSITION",
                "DESC big_orders", "SHOW COLUMNS FROM named_orders", "SHOW FULL COLUMNS FROM starred",
                "SHOW COLUMNS FROM order_totals LIKE 'cust%'")) {
                assertEquals(SqlFiles.rows(ref, q), SqlFiles.rows(cn, q), q);
            }
            String status = "SHOW TABLE STATUS LIKE 'big_orders'";
            List<String> cnStatus = SqlFiles.rows(cn, status);
            assertEquals(1, cnStatus.size());
            assertTrue(cnStatus.get(0).startsWith("big_orders | null"), cnStatus.get(0));
            assertTrue(cnStatus.get(0).contains("| VIEW |"), cnStatus.get(0));
            assertEquals(SqlFiles.labels(ref, "SHOW CREATE VIEW big_orders"),
                SqlFiles.labels(cn, "SHOW CREATE VIEW big_orders"));
            String create = SqlFiles.rows(cn, "SHOW CREATE TABLE big_orders").get(0);
            assertTrue(create.matches("big_orders \\| CREATE ALGORITHM=UNDEFINED DEFINER=`root`@`[^`]+` SQL SECURITY"
                + " DEFINER VIEW `big_orders` AS select .* from `orders` .* \\| utf8mb4 \\| .*"), create);
        }
    }

    @Test
    void showCreateViewTextRecreatesTheSameView() throws SQLException {
        try (Connection cn = cluster.connect(DB, null)) {
            String create = createViewText(cn, "order_totals");
            SqlFiles.execute(cn, "DROP VIEW order_totals");
            SqlFiles.execute(cn, create);
            assertEquals(create, createViewText(cn, "order_totals"));
            try (Connection ref = cluster.connectDirect(DB)) {
                String q = "SELECT * FROM order_totals ORDER BY customer";
                assertEquals(SqlFiles.rows(ref, q), SqlFiles.rows(cn, q));
            }
        }
    }

    private static String createViewText(Connection c, String view) throws SQLException {
        try (var st = c.createStatement(); var rs = st.executeQuery("SHOW CREATE VIEW " + view)) {
            assertTrue(rs.next());
            return rs.getString(2);
        }
    }

    @Test
    void ddlErrorsEqualMariaDbs() throws SQLException {
        List<String> statements = List.of(
            "CREATE VIEW big_orders AS SELECT 1",
            "CREATE VIEW orders AS SELECT 1",
            "CREATE TABLE big_orders (a INT)",
            "DROP VIEW no_such_view",
            "DROP VIEW orders",
            "SHOW CREATE VIEW orders",
            "SHOW CREATE VIEW no_such_view",
            "ALTER VIEW no_such_view AS SELECT 1",
            "CREATE VIEW bad_list (a, b) AS SELECT id FROM orders",
            "CREATE VIEW dup_cols AS SELECT id, id FROM orders",
            "CREATE VIEW missing AS SELECT * FROM no_such_table",
            "SELECT * FROM no_such_view");
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            for (String s : statements) {
                assertEquals(errno(ref, s), errno(cn, s), s);
            }
            SqlFiles.execute(cn, "DROP VIEW IF EXISTS no_such_view, also_missing");
            for (String s : List.of("UPDATE order_totals SET total = 0", "DELETE FROM order_totals",
                "INSERT INTO order_totals VALUES (1, 1, 1)")) {
                assertEquals(errno(ref, s), errno(cn, s), s); // not updatable: aggregates
            }
            // MariaDB writes one table of a join view; the CN refuses writes through views over joins
            assertEquals(1288, errno(cn, "UPDATE named_orders SET amount = 0"));
        }
    }

    @Test
    void writesThroughSimpleViewsEqualMariaDbs() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            SqlFiles.execute(cn, "CREATE TABLE wt (id INT PRIMARY KEY, v INT, note VARCHAR(10))"
                + " PARTITION BY HASH(id) PARTITIONS 4");
            SqlFiles.execute(ref, "CREATE TABLE wt (id INT PRIMARY KEY, v INT, note VARCHAR(10))");
            for (Connection c : List.of(cn, ref)) {
                SqlFiles.execute(c, "INSERT INTO wt VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 30, 'c'), (4, 40, 'd')");
                SqlFiles.execute(c, "CREATE VIEW wt_big AS SELECT id, v AS val, note, v * 2 AS twice FROM wt"
                    + " WHERE v >= 20");
                SqlFiles.execute(c, "CREATE VIEW wt_cols AS SELECT w.id, w.v, w.note FROM wt w");
                SqlFiles.execute(c, "CREATE VIEW wt_over AS SELECT id, val FROM wt_big WHERE id > 2");
            }
            for (String write : List.of("UPDATE wt_big SET note = 'x' WHERE val < 40",
                "UPDATE wt_big w SET w.val = w.val + 1 WHERE w.id = 4",
                "UPDATE wt_over SET val = val + 100",
                "DELETE FROM wt_big WHERE note = 'x' AND id = 2",
                "INSERT INTO wt_cols VALUES (11, 7, 'q')",
                "INSERT INTO wt_cols (note, id) VALUES ('r', 12)",
                "UPDATE wt_cols SET v = 0 WHERE v IS NULL",
                "INSERT INTO wt_big (id, val) VALUES (20, 55)",
                "DELETE FROM wt_big")) {
                try (var a = ref.createStatement(); var b = cn.createStatement()) {
                    assertEquals(a.executeUpdate(write), b.executeUpdate(write), write);
                }
                assertEquals(SqlFiles.rows(ref, "SELECT * FROM wt ORDER BY id"),
                    SqlFiles.rows(cn, "SELECT * FROM wt ORDER BY id"), write);
            }
            for (String s : List.of("UPDATE wt_big SET twice = 1", "INSERT INTO wt_big (id, twice) VALUES (20, 1)",
                "INSERT INTO wt_big VALUES (21, 1, 'z', 2)", "UPDATE wt_big SET nope = 1")) {
                assertEquals(errno(ref, s), errno(cn, s), s);
            }
        }
    }

    @Test
    void replaceAlterAndDrop() throws SQLException {
        try (Connection cn = cluster.connect(DB, null); Connection ref = cluster.connectDirect(DB)) {
            for (Connection c : List.of(cn, ref)) {
                SqlFiles.execute(c, "CREATE VIEW scratch AS SELECT id FROM orders WHERE id < 5");
                SqlFiles.execute(c, "CREATE OR REPLACE VIEW scratch AS SELECT id, amount FROM orders WHERE id < 3");
            }
            assertEquals(SqlFiles.rows(ref, "SELECT * FROM scratch ORDER BY id"),
                SqlFiles.rows(cn, "SELECT * FROM scratch ORDER BY id"));
            for (Connection c : List.of(cn, ref)) {
                SqlFiles.execute(c, "ALTER VIEW scratch (k) AS SELECT name FROM customers WHERE id > 5");
            }
            assertEquals(SqlFiles.rows(ref, "SELECT * FROM scratch ORDER BY k"),
                SqlFiles.rows(cn, "SELECT * FROM scratch ORDER BY k"));
            assertEquals(SqlFiles.labels(ref, "SELECT * FROM scratch"), SqlFiles.labels(cn, "SELECT * FROM scratch"));
            for (Connection c : List.of(cn, ref)) {
                SqlFiles.execute(c, "DROP VIEW scratch");
            }
            assertEquals(1146, errno(cn, "SELECT * FROM scratch"));
            assertFalse(SqlFiles.rows(cn, "SHOW TABLES").contains("scratch"));
        }
    }

    @Test
    void aDefinerViewLetsAUserReadWhatTheViewShowsAndNothingElse() throws SQLException {
        try (Connection root = cluster.connect(null, null)) {
            SqlFiles.execute(root, "DROP USER IF EXISTS 'view_reader'@'%'");
            SqlFiles.execute(root, "CREATE USER 'view_reader'@'%' IDENTIFIED BY 'pw'");
            SqlFiles.execute(root, "GRANT SELECT ON " + DB + ".big_orders TO 'view_reader'@'%'");
            SqlFiles.execute(root, "GRANT SELECT ON " + DB + ".invoker_view TO 'view_reader'@'%'");
        }
        try (Connection user = java.sql.DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port() + "/"
                + DB + "?sslMode=DISABLED&allowPublicKeyRetrieval=true", "view_reader", "pw");
             Connection ref = cluster.connectDirect(DB)) {
            assertEquals(SqlFiles.rows(ref, "SELECT * FROM big_orders ORDER BY id"),
                SqlFiles.rows(user, "SELECT * FROM big_orders ORDER BY id"));
            assertEquals(1142, errno(user, "SELECT * FROM orders"), "the table itself stays closed");
            assertEquals(1142, errno(user, "SELECT * FROM invoker_view"), "INVOKER: the user's own grants count");
            assertEquals(1142, errno(user, "SELECT * FROM order_totals"), "no grant on this view");
            assertEquals(1142, errno(user, "DELETE FROM big_orders WHERE id = 0"), "SELECT only: no DELETE");
            assertEquals(List.of("big_orders", "invoker_view"), SqlFiles.rows(user, "SHOW TABLES"));
        }
        try (Connection root = cluster.connect(null, null)) {
            SqlFiles.execute(root, "GRANT CREATE VIEW, SELECT, DROP ON " + DB + ".* TO 'view_reader'@'%'");
        }
        try (Connection user = java.sql.DriverManager.getConnection("jdbc:mysql://127.0.0.1:" + cluster.port() + "/"
                + DB + "?sslMode=DISABLED&allowPublicKeyRetrieval=true", "view_reader", "pw")) {
            // naming another definer would lend the view that account's privileges: SUPER only, as MySQL
            assertEquals(1227, errno(user, "CREATE DEFINER = `root`@`%` VIEW lent AS SELECT 1 AS one"));
            SqlFiles.execute(user, "CREATE DEFINER = CURRENT_USER VIEW own_view AS SELECT id FROM orders");
            SqlFiles.execute(user, "DROP VIEW own_view");
        }
    }

    @Test
    void droppingTheDatabaseDropsItsViews() throws SQLException {
        try (Connection cn = cluster.connect(null, null)) {
            SqlFiles.execute(cn, "DROP DATABASE IF EXISTS views_gone");
            SqlFiles.execute(cn, "CREATE DATABASE views_gone MODE='auto'");
            SqlFiles.execute(cn, "CREATE VIEW views_gone.v AS SELECT 1 AS one");
            assertEquals(List.of("1"), SqlFiles.rows(cn, "SELECT one FROM views_gone.v"));
            SqlFiles.execute(cn, "DROP DATABASE views_gone");
            SqlFiles.execute(cn, "CREATE DATABASE views_gone MODE='auto'");
            assertEquals(1146, errno(cn, "SELECT * FROM views_gone.v"));
            assertEquals(List.of(), SqlFiles.rows(cn, "SHOW TABLES FROM views_gone"));
            SqlFiles.execute(cn, "DROP DATABASE views_gone");
        }
    }

    private static int errno(Connection c, String sql) {
        SQLException e = assertThrows(SQLException.class, () -> SqlFiles.execute(c, sql), sql);
        return e.getErrorCode();
    }
}
