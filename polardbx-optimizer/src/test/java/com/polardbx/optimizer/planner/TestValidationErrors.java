package com.polardbx.optimizer.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.partition.PartitionRouter;
import com.polardbx.optimizer.route.PartitionPruner;
import org.junit.jupiter.api.Test;

/**
 * The errors validation gives as MariaDB 10.11 gives them (errno and message, checked against the server): the
 * clause is named as MariaDB names it, the column as the query writes it. No network.
 */
class TestValidationErrors {
    private final QueryPlanner planner = new QueryPlanner(TestPushdown::catalog,
        new PartitionPruner(new PartitionRouter()));

    private void assertError(int errno, String message, String sql) {
        SqlError e = assertThrows(SqlError.class, () -> planner.plan("shop", sql), sql);
        assertEquals(errno + " " + message, e.errno() + " " + e.getMessage(), sql);
    }

    @Test
    void positionsPastTheSelectListAreUnknownColumns() {
        assertError(1054, "Unknown column '3' in 'ORDER BY'", "SELECT id, status FROM orders ORDER BY 3");
        assertError(1054, "Unknown column '0' in 'ORDER BY'", "SELECT id FROM orders ORDER BY 0");
        assertError(1054, "Unknown column '3' in 'GROUP BY'", "SELECT id, status FROM orders GROUP BY 3");
        assertError(1054, "Unknown column '2' in 'ORDER BY'", "SELECT COUNT(*) FROM orders ORDER BY 2");
    }

    @Test
    void unknownColumnsNameTheirClause() {
        assertError(1054, "Unknown column 'zz' in 'SELECT'", "SELECT zz FROM orders");
        assertError(1054, "Unknown column 'x.id' in 'SELECT'", "SELECT x.id FROM orders");
        assertError(1054, "Unknown column 'zz' in 'WHERE'", "SELECT id FROM orders WHERE zz = 1");
        assertError(1054, "Unknown column 'zz' in 'WHERE'",
            "SELECT o.id FROM orders o, items i WHERE o.id = i.id AND zz = 1");
        assertError(1054, "Unknown column 'o.zz' in 'ON'",
            "SELECT o.id FROM orders o JOIN items i ON o.zz = i.id");
        assertError(1054, "Unknown column 'zz' in 'ORDER BY'", "SELECT id FROM orders ORDER BY zz");
        assertError(1054, "Unknown column 'zz' in 'GROUP BY'", "SELECT id FROM orders GROUP BY zz");
        assertError(1054, "Unknown column 'zz' in 'HAVING'", "SELECT id FROM orders HAVING zz > 1");
        assertError(1054, "Unknown column 'zz' in 'SELECT'",
            "SELECT id FROM orders WHERE id IN (SELECT zz FROM items)");
        assertError(1054, "Unknown column 'zz' in 'WHERE'", "SELECT id FROM orders WHERE ABS(zz) > 1");
    }

    @Test
    void ambiguousColumnsNameTheirClause() {
        assertError(1052, "Column 'id' in SELECT is ambiguous",
            "SELECT id FROM orders o JOIN items i ON o.id = i.order_id");
        assertError(1052, "Column 'order_id' in WHERE is ambiguous",
            "SELECT o.id FROM lines o JOIN items i ON o.order_id = i.id WHERE order_id > 1");
    }

    @Test
    void misplacedAggregatesWindowsAndAliases() {
        assertError(1111, "Invalid use of group function", "SELECT id FROM orders WHERE SUM(amount) > 1");
        assertError(1111, "Invalid use of group function", "SELECT SUM(MAX(amount)) FROM orders");
        assertError(1111, "Invalid use of group function", "SELECT id FROM orders GROUP BY SUM(amount)");
        assertError(1222, "The used SELECT statements have a different number of columns",
            "SELECT id FROM orders UNION SELECT id, status FROM orders");
        assertError(4015, "Window function is allowed only in SELECT list and ORDER BY clause",
            "SELECT id FROM orders WHERE ROW_NUMBER() OVER () > 1");
        assertError(1066, "Not unique table/alias: 'x'", "SELECT x.id FROM orders x, items x");
        assertError(1066, "Not unique table/alias: 'x'", "SELECT x.id FROM orders x JOIN items x ON 1 = 1");
        assertError(1241, "Operand should contain 1 column(s)",
            "SELECT id FROM orders WHERE id IN (SELECT id, order_id FROM items)");
    }
}
