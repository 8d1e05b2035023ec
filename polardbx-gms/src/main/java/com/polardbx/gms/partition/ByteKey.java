package com.polardbx.gms.partition;

import java.util.Arrays;
import java.util.HexFormat;

/** A binary value compared as unsigned bytes, usable as a map key. */
public record ByteKey(byte[] bytes) implements Comparable<ByteKey> {
    @Override
    public int compareTo(ByteKey o) {
        return Arrays.compareUnsigned(bytes, o.bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ByteKey k && Arrays.equals(bytes, k.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "0x" + HexFormat.of().formatHex(bytes);
    }
}
