package com.polardbx.common.sql;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Java strings that carry arbitrary bytes without loss. Statement text and string values are bytes in MySQL: a
 * client may put any byte into a quoted literal (a BLOB, {@code _binary'...'}, a dump without {@code --hex-blob}). A
 * byte that is not part of a valid character of the connection's character set becomes one char in U+DC80..U+DCFF
 * (a lone low surrogate, which no valid text contains), and turns back into the same byte when the string is
 * encoded again. Stateless and thread-safe.
 */
public final class ByteStrings {
    private static final char ESCAPE_BASE = 0xDC00;

    private ByteStrings() {
    }

    /** Whether {@code c} stands for one raw byte (see the class comment). */
    public static boolean isRawByte(char c) {
        return c >= 0xDC80 && c <= 0xDCFF;
    }

    /** Whether {@code s} holds any raw byte. */
    public static boolean hasRawBytes(CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            if (isRawByte(s.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** {@code bytes} as UTF-8 text, each byte outside a valid UTF-8 sequence kept as a raw byte. */
    public static String decodeUtf8(byte[] bytes) {
        return decode(bytes, 0, bytes.length, StandardCharsets.UTF_8);
    }

    /** {@code length} bytes from {@code offset} in {@code charset}, each byte that does not decode kept raw. */
    public static String decode(byte[] bytes, int offset, int length, Charset charset) {
        if (isAscii(bytes, offset, length)) {
            return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder decoder = charset.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        CharBuffer out = CharBuffer.allocate((int) Math.ceil(length * (double) decoder.maxCharsPerByte()) + 1);
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            if (r.isOverflow()) {
                throw new IllegalStateException("output sized for the worst case");
            }
            // malformed or unmappable: keep the offending bytes one by one, then decode on
            for (int i = 0; i < r.length(); i++) {
                out.put((char) (ESCAPE_BASE | (in.get() & 0xFF)));
            }
        }
        out.flip();
        return out.toString();
    }

    /** {@code s} as UTF-8 bytes, raw bytes written back as themselves. */
    public static byte[] encodeUtf8(String s) {
        return encode(s, StandardCharsets.UTF_8);
    }

    /** {@code s} in {@code charset}, raw bytes written back as themselves; characters it cannot hold become '?'. */
    public static byte[] encode(String s, Charset charset) {
        if (!hasRawBytes(s)) {
            return s.getBytes(charset);
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(s.length() + 16);
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isRawByte(c)) {
                out.writeBytes(s.substring(start, i).getBytes(charset));
                out.write(c & 0xFF);
                start = i + 1;
            }
        }
        out.writeBytes(s.substring(start).getBytes(charset));
        return out.toByteArray();
    }

    /** {@code s} with each raw byte written as {@code \\xFF}, as MariaDB names a column whose text is not UTF-8. */
    public static String printable(String s) {
        if (s == null || !hasRawBytes(s)) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isRawByte(c)) {
                out.append(String.format(java.util.Locale.ROOT, "\\x%02X", c & 0xFF));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Whether decoding would be plain ASCII: the fast path of nearly every statement. */
    private static boolean isAscii(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }
}
