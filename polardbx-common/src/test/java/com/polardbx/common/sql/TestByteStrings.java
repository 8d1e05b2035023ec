package com.polardbx.common.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TestByteStrings {
    @Test
    void everyByteSequenceRoundTrips() {
        byte[] all = new byte[256];
        for (int i = 0; i < 256; i++) {
            all[i] = (byte) i;
        }
        assertArrayEquals(all, ByteStrings.encodeUtf8(ByteStrings.decodeUtf8(all)));
        java.util.Random random = new java.util.Random(7);
        for (int n = 0; n < 2000; n++) {
            byte[] b = new byte[random.nextInt(12)];
            random.nextBytes(b);
            assertArrayEquals(b, ByteStrings.encodeUtf8(ByteStrings.decodeUtf8(b)));
        }
    }

    @Test
    void validUtf8DecodesToItsCharactersAndInvalidBytesStayRaw() {
        String s = ByteStrings.decodeUtf8(new byte[] {'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, (byte) 0xF0,
            (byte) 0x9F, (byte) 0x98, (byte) 0x80});
        assertEquals("aé\uDCFF\uD83D\uDE00", s);
        assertTrue(ByteStrings.hasRawBytes(s));
        assertFalse(ByteStrings.hasRawBytes("aé\uD83D\uDE00"));
        // a surrogate encoded in UTF-8 (CESU) is not valid UTF-8: its bytes stay raw
        assertEquals("\uDCED\uDCA0\uDC80", ByteStrings.decodeUtf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @Test
    void otherCharsetsKeepUnmappableBytes() {
        Charset latin1 = Charset.forName("windows-1252");
        byte[] b = {(byte) 0xE9, (byte) 0x81};
        String s = ByteStrings.decode(b, 0, b.length, latin1);
        assertEquals('é', s.charAt(0));
        assertArrayEquals(b, ByteStrings.encode(s, latin1));
    }

    @Test
    void literalsWithRawBytesBecomeHex() {
        String sql = ByteStrings.decodeUtf8(("SELECT HEX('\u00ff\u00fe'), _binary'x\\'\u00ff', 'plain', `c\u00ff`"
            + " /* '\u00ff' */").getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("SELECT HEX(X'FFFE'), _binary X'7827FF', 'plain', `c\uDCFF` /* '\uDCFF' */",
            RawByteLiterals.toHex(sql));
        String escapes = ByteStrings.decodeUtf8("'\\0\\n\\\\\\%''\u00ff'".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("X'000A5C5C2527FF'", RawByteLiterals.toHex(escapes));
        String plain = "SELECT 'é'";
        assertSame(plain, RawByteLiterals.toHex(plain));
    }
}
