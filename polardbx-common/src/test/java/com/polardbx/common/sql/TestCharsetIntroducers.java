package com.polardbx.common.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TestCharsetIntroducers {
    @Test
    void binaryBecomesHexAndOtherCharsetsConvert() {
        assertEquals("SELECT X'7827275C', X'E9', CONVERT(X'E9' USING latin1), CONVERT(X'0ABC' USING utf8mb4)",
            CharsetIntroducers.rewrite("SELECT _binary'x\\'''\\\\', _BINARY 0xE9, _latin1 X'E9', _utf8mb4 0xABC"));
    }

    @Test
    void namesStringsAndCommentsAreLeftAlone() {
        String sql = "SELECT t._binary, `_binary'x'`, '_binary''y''' /* _binary'z' */, my_binary 'w' FROM t";
        assertSame(sql, CharsetIntroducers.rewrite(sql));
        String unknown = "SELECT _nosuchset'a', _binary";
        assertSame(unknown, CharsetIntroducers.rewrite(unknown));
    }
}
