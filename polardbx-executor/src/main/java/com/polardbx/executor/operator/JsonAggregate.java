package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.util.List;

/**
 * JSON_ARRAYAGG(value) and JSON_OBJECTAGG(key, value) in MariaDB 10.11's text: {@code [1,"a",null]} and
 * {@code {"k":1, "m":null}} (a space after each comma between members, none in arrays). Numbers are written as they
 * print, anything else as a JSON string; a NULL value is {@code null}, a row with a NULL key is skipped. No rows give
 * NULL.
 */
final class JsonAggregate extends Accumulator {
    private final int valueChannel;
    /** -1 for JSON_ARRAYAGG. */
    private final int keyChannel;
    private StringBuilder text;

    JsonAggregate(int valueChannel, int keyChannel) {
        this.valueChannel = valueChannel;
        this.keyChannel = keyChannel;
    }

    @Override
    void add(Chunk chunk, int position) {
        Object key = keyChannel < 0 ? null : chunk.get(keyChannel, position);
        if (keyChannel >= 0 && key == null) {
            return;
        }
        boolean first = text == null;
        if (first) {
            text = new StringBuilder();
        } else {
            text.append(keyChannel < 0 ? "," : ", ");
        }
        if (keyChannel >= 0) {
            quote(Values.toText(key), text).append(':');
        }
        Object value = chunk.get(valueChannel, position);
        if (value == null) {
            text.append("null");
        } else if (Values.isNumber(value)) {
            text.append(Values.toText(value));
        } else {
            quote(Values.toText(value), text);
        }
    }

    /** A JSON string literal as MariaDB escapes it: quote, backslash and control characters. */
    static StringBuilder quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    @Override
    Object[] result() {
        if (text == null) {
            return new Object[] {null};
        }
        return new Object[] {keyChannel < 0 ? "[" + text + "]" : "{" + text + "}"};
    }

    @Override
    long sizeInBytes() {
        return 48 + (text == null ? 0 : 2L * text.length());
    }

    @Override
    List<ColumnType> stateTypes() {
        return List.of(ColumnType.VARCHAR);
    }

    @Override
    void writeState(Object[] row, int offset) {
        row[offset] = text == null ? null : text.toString();
    }

    @Override
    void readState(Chunk chunk, int position, int offset) {
        Object v = chunk.get(offset, position);
        text = v == null ? null : new StringBuilder(Values.toText(v));
    }
}
