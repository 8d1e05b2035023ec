package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;

/** MySQL's INET_ATON and INET_NTOA (IPv4 text and its 32-bit number); bad input gives NULL as in MySQL. */
final class InetFunctions {
    private static final long MAX_ADDRESS = 0xFFFFFFFFL;

    private InetFunctions() {
    }

    static RowExpression aton(RowExpression a) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a}, v -> aton(Values.toText(v[0])));
    }

    static RowExpression ntoa(RowExpression a) {
        return new StrictCall(ColumnType.VARCHAR, new RowExpression[] {a}, v -> {
            double n = Values.toDouble(v[0]);
            if (n < 0 || n > MAX_ADDRESS) {
                return null;
            }
            long x = Values.toLong(v[0]);
            return (x >>> 24) + "." + ((x >>> 16) & 255) + "." + ((x >>> 8) & 255) + "." + (x & 255);
        });
    }

    /**
     * Parses {@code a.b.c.d} as MySQL does: each dot shifts the bytes so far left; in short forms the last number is
     * the last byte and the ones before it the leading bytes ({@code 127.1} is 127.0.0.1); more than four numbers
     * keep shifting past 32 bits. Null for empty text or anything but digits and dots.
     */
    static Long aton(String text) {
        if (text.isEmpty()) {
            return null;
        }
        long result = 0;
        long part = 0;
        int dots = 0;
        char last = 0;
        for (int i = 0; i < text.length(); i++) {
            last = text.charAt(i);
            if (last >= '0' && last <= '9') {
                part = part * 10 + (last - '0');
                if (part > 255) {
                    return null;
                }
            } else if (last == '.') {
                dots++;
                result = (result << 8) + part;
                part = 0;
            } else {
                return null;
            }
        }
        if (last != '.') {
            if (dots < 3) {
                result <<= 8L * (3 - dots);
            }
            result = (result << 8) + part;
        }
        return result;
    }
}
