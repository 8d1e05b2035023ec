package com.polardbx.server.handler;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits the bytes of a LOAD DATA file into records of fields, as MySQL reads them: field and line terminators,
 * an enclosing character (doubled inside a field), an escape character ({@code \N} is NULL; {@code \0 \b \n \r \t \Z}),
 * a line prefix, and {@code NULL} as a word when fields are enclosed. Fields are bytes (null for NULL). Input comes
 * in pieces of any size; a record that is not complete yet waits for the next piece. Not thread-safe.
 */
final class LoadDataRecords {
    private final byte[] fieldEnd;
    private final byte[] lineEnd;
    private final byte[] lineStart;
    private final int enclosure;
    private final int escape;
    private final Consumer<List<byte[]>> sink;
    private byte[] pending = new byte[0];

    LoadDataRecords(LoadDataStatement s, Consumer<List<byte[]>> sink) {
        this.fieldEnd = s.fieldsTerminatedBy();
        this.lineEnd = s.linesTerminatedBy();
        this.lineStart = s.linesStartingBy();
        this.enclosure = s.enclosedBy();
        this.escape = s.escapedBy();
        this.sink = sink;
    }

    /** Reads the records that {@code data} completes. */
    void accept(byte[] data) {
        byte[] buf = Arrays.copyOf(pending, pending.length + data.length);
        System.arraycopy(data, 0, buf, pending.length, data.length);
        int consumed = parse(buf, false);
        pending = Arrays.copyOfRange(buf, consumed, buf.length);
    }

    /** Reads what is left at the end of the file. */
    void finish() {
        parse(pending, true);
        pending = new byte[0];
    }

    /** Emits every complete record in {@code buf}; returns how many bytes they took. */
    private int parse(byte[] buf, boolean eof) {
        int pos = 0;
        while (pos < buf.length) {
            int recordStart = pos;
            if (lineStart.length > 0) {
                int at = indexOf(buf, lineStart, pos);
                if (at < 0) {
                    return eof ? buf.length : Math.max(pos, buf.length - lineStart.length + 1);
                }
                pos = at + lineStart.length;
            }
            List<byte[]> fields = new ArrayList<>();
            while (true) {
                Field f = field(buf, pos, eof);
                if (f == null) {
                    return recordStart; // incomplete: wait for more
                }
                fields.add(f.value);
                pos = f.end;
                if (f.endsLine) {
                    break;
                }
            }
            sink.accept(fields);
        }
        return pos;
    }

    private record Field(byte[] value, int end, boolean endsLine) {
    }

    /** The field starting at {@code pos}, or null when the buffer ends before the field does (and more may come). */
    private Field field(byte[] buf, int pos, boolean eof) {
        boolean enclosed = enclosure >= 0 && pos < buf.length && (buf[pos] & 0xFF) == enclosure;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean nullEscape = false;
        int i = enclosed ? pos + 1 : pos;
        while (true) {
            if (i >= buf.length) {
                return eof ? new Field(value(out, nullEscape, enclosed), buf.length, true) : null;
            }
            int b = buf[i] & 0xFF;
            if (escape >= 0 && b == escape) {
                if (i + 1 >= buf.length) {
                    if (!eof) {
                        return null;
                    }
                    out.write(b);
                    i++;
                    continue;
                }
                int e = buf[i + 1] & 0xFF;
                nullEscape = e == 'N' && out.size() == 0 && !enclosed;
                out.write(unescape(e));
                i += 2;
                continue;
            }
            int after = enclosed && b == enclosure ? i + 1 : i;
            if (enclosed && b == enclosure && after < buf.length && (buf[after] & 0xFF) == enclosure) {
                out.write(b); // a doubled enclosure is one
                i += 2;
                continue;
            }
            if (!enclosed || b == enclosure) {
                Boolean lineMatch = startsWith(buf, after, lineEnd, eof);
                Boolean fieldMatch = startsWith(buf, after, fieldEnd, eof);
                if (lineMatch == null || fieldMatch == null) {
                    return null;
                }
                if (fieldMatch && fieldEnd.length > 0) {
                    return new Field(value(out, nullEscape, enclosed), after + fieldEnd.length, false);
                }
                if (lineMatch && lineEnd.length > 0) {
                    return new Field(value(out, nullEscape, enclosed), after + lineEnd.length, true);
                }
                if (enclosed && after >= buf.length) {
                    return new Field(value(out, nullEscape, true), buf.length, true); // closing quote at the end
                }
            }
            out.write(b);
            i++;
        }
    }

    private byte[] value(ByteArrayOutputStream out, boolean nullEscape, boolean enclosed) {
        byte[] v = out.toByteArray();
        if (nullEscape && v.length == 1 && v[0] == 'N') {
            return null;
        }
        if (!enclosed && enclosure >= 0 && Arrays.equals(v, new byte[] {'N', 'U', 'L', 'L'})) {
            return null;
        }
        return v;
    }

    private static int unescape(int e) {
        return switch (e) {
            case '0' -> 0;
            case 'b' -> '\b';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'Z' -> 26;
            default -> e;
        };
    }

    /** Whether {@code buf} holds {@code token} at {@code at}; null when it may, but the buffer ends first. */
    private static Boolean startsWith(byte[] buf, int at, byte[] token, boolean eof) {
        if (token.length == 0) {
            return false;
        }
        for (int k = 0; k < token.length; k++) {
            if (at + k >= buf.length) {
                return eof ? Boolean.FALSE : null;
            }
            if (buf[at + k] != token[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] buf, byte[] token, int from) {
        for (int i = from; i + token.length <= buf.length; i++) {
            if (Arrays.equals(buf, i, i + token.length, token, 0, token.length)) {
                return i;
            }
        }
        return -1;
    }
}
