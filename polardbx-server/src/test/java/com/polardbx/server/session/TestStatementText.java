package com.polardbx.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Statement splitting and parameter binding skip quotes and comments. */
class TestStatementText {
    @Test
    void splitsOnlyOnRealSemicolons() {
        assertEquals(List.of("select ';'", "select `a;b` from t -- x;", "select 3 /* ; */"),
            StatementSplitter.split("select ';'; select `a;b` from t -- x;\n; select 3 /* ; */"));
        assertEquals(List.of("select 1"), StatementSplitter.split("select 1;"));
    }

    @Test
    void bindsMarkersOutsideQuotes() {
        String sql = "select '?', `?`, ? /* ? */ from t where a = ? and b = ?";
        assertEquals(3, Placeholders.count(sql));
        assertEquals("select '?', `?`, 1 /* ? */ from t where a = 'it\\'s' and b = 2.50",
            Placeholders.bind(sql, new Object[] {1L, "it's", new BigDecimal("2.50")}));
        assertEquals("select NULL, X'00ff'", Placeholders.bind("select ?, ?", new Object[] {null, new byte[] {0, -1}}));
    }
}
