package com.polardbx.gms.partition;

import com.google.common.hash.HashFunction;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;

/**
 * The stable 64-bit hash of HASH and KEY partitioning: murmur3 over a typed encoding of canonical values.
 *
 * <p>The encoding is part of the on-disk layout (rows are placed by it): never change it for existing tables. A new
 * kind of canonical value (as {@link CollationKey} of partition function version 2) gets a new tag.
 */
final class PartitionHash {
    private static final HashFunction MURMUR = Hashing.murmur3_128(0x5eed);

    private PartitionHash() {
    }

    static long hash(List<Object> canonicalKey) {
        Hasher h = MURMUR.newHasher();
        for (Object v : canonicalKey) {
            put(h, v);
        }
        return h.hash().asLong();
    }

    static int partition(List<Object> canonicalKey, int partitionCount) {
        return Math.floorMod(hash(canonicalKey), partitionCount);
    }

    private static void put(Hasher h, Object v) {
        if (v == null) {
            h.putByte((byte) 0);
        } else if (v instanceof Long l) {
            h.putByte((byte) 1).putLong(l);
        } else if (v instanceof BigDecimal d) {
            h.putByte((byte) 2).putString(d.toPlainString(), StandardCharsets.UTF_8);
        } else if (v instanceof Double d) {
            h.putByte((byte) 3).putDouble(d == 0.0 ? 0.0 : d);
        } else if (v instanceof String s) {
            h.putByte((byte) 4).putInt(s.length()).putString(s, StandardCharsets.UTF_8);
        } else if (v instanceof ByteKey b) {
            h.putByte((byte) 5).putInt(b.bytes().length).putBytes(b.bytes());
        } else if (v instanceof LocalDate d) {
            h.putByte((byte) 6).putLong(d.toEpochDay());
        } else if (v instanceof LocalDateTime t) {
            h.putByte((byte) 7).putString(t.toString(), StandardCharsets.UTF_8);
        } else if (v instanceof CollationKey k) {
            h.putByte((byte) 10).putInt(k.weights().length);
            for (int w : k.weights()) {
                h.putInt(w);
            }
        } else if (v instanceof Duration d) {
            h.putByte((byte) 8).putLong(d.toNanos());
        } else {
            h.putByte((byte) 9).putString(v.toString(), StandardCharsets.UTF_8);
        }
    }
}
