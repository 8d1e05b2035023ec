package com.polardbx.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * How bound parameter values become SQL: LIMIT values as MariaDB converts them (the cases PreparedStatementsIT
 * checks against a DN), DOUBLE literals, the empty binary string, and which texts report syntax errors at PREPARE.
 */
class TestPreparedParameters {
    @Test
    void limitValuesConvertAsMariadb() {
        assertEquals(0L, LimitParameter.value(null));
        assertEquals(3L, LimitParameter.value(3L));
        assertEquals(Long.MAX_VALUE, LimitParameter.value(-1L)); // read as unsigned: no limit
        assertEquals(Long.MAX_VALUE, LimitParameter.value(new BigInteger("18446744073709551615")));
        assertEquals(2L, LimitParameter.value(1.5)); // DOUBLE rounds half to even
        assertEquals(2L, LimitParameter.value(2.5));
        assertEquals(3L, LimitParameter.value(new BigDecimal("2.5"))); // DECIMAL rounds half up
        assertEquals(2L, LimitParameter.value("2"));
        assertEquals(0L, LimitParameter.value("x"));
        assertEquals(7L, LimitParameter.value("7".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void doublesStayDouble() {
        assertEquals("2.5E0", Placeholders.literal(2.5));
        assertEquals("-2.5E-7", Placeholders.literal(-2.5e-7));
        assertEquals("1.0E20", Placeholders.literal(1e20));
        assertEquals("0.10000000149011612E0", Placeholders.literal(0.1f)); // FLOAT widens, as MariaDB does
        assertEquals("NULL", Placeholders.literal(Double.NaN));
        assertEquals("X''", Placeholders.literal(new byte[0]));
    }

    @Test
    void templatesBindLimitsAndEmptyBinaries() {
        PreparedTemplate t = PreparedTemplate.of("SELECT id FROM t WHERE b = ? LIMIT ?, ?", 3);
        assertTrue(t.inLimit(1) && t.inLimit(2));
        assertFalse(t.inLimit(0));
        assertEquals("[null, 0, 0]", java.util.Arrays.toString(t.metadataValues(3)));
        String printed = t.withValues(new Object[] {new byte[0], 1.5, "3"},
            (statement, bound) -> com.alibaba.druid.sql.SQLUtils.toMySqlString(statement) + " | " + bound,
            text -> "text only");
        assertEquals("SELECT id\nFROM t\nWHERE b = X''\nLIMIT 2, 3 | SELECT id FROM t WHERE b = X'' LIMIT 2, 3",
            printed);
    }

    @Test
    void syntaxErrorsOfQueriesAndDmlShowAtPrepare() {
        assertThrows(SqlError.class, () -> PreparedTemplate.of("INSERT INTO t VALUES (?", 1));
        assertThrows(SqlError.class, () -> PreparedTemplate.of("SELEC 1", 0));
        assertTrue(PrepareSyntax.reportedAtPrepare("  (SELECT 1"));
        assertFalse(PrepareSyntax.reportedAtPrepare("SHOW DDL"));
        assertFalse(PrepareSyntax.reportedAtPrepare("/*!40100 SET @a = 1 */"));
        assertEquals("SHOW DDL", PreparedTemplate.of("SHOW DDL", 0).sql());
    }
}
