package com.polardbx.common.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TestDigestTextCache {
    @Test
    void answersAsTheLexerWhetherTextsRepeatOrNot() {
        DigestTextCache cache = new DigestTextCache();
        // distinct texts: the thread soon stops using the cache; repeated texts: it uses it again after its pause
        int statements = DigestTextCache.WINDOW * (DigestTextCache.BYPASS_WINDOWS + 4);
        for (int i = 0; i < statements; i++) {
            String sql = "SELECT c FROM sbtest1 WHERE id=" + i;
            assertEquals("SELECT `c` FROM `sbtest1` WHERE `id` = ?", cache.digestText(sql));
        }
        // one window cached, 16 lexed without it, one more window cached, the rest without
        assertEquals(2 * DigestTextCache.WINDOW, cache.size());
        for (int i = 0; i < statements; i++) {
            String sql = "SELECT c FROM repeated" + (i % 3) + " WHERE id=7";
            assertEquals("SELECT `c` FROM `repeated" + (i % 3) + "` WHERE `id` = ?", cache.digestText(sql));
        }
        assertEquals(2 * DigestTextCache.WINDOW + 3, cache.size(), "repeated texts are cached again");
        StringBuilder longSql = new StringBuilder("SELECT 1");
        while (longSql.length() <= DigestTextCache.MAX_SQL_CHARS) {
            longSql.append(" + 1");
        }
        assertEquals(DigestText.of(longSql.toString()), cache.digestText(longSql.toString()));
    }
}
