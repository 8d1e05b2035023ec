package com.polardbx.cdc.merge;

/**
 * The place of a transaction in the global binlog. A two-phase transaction has its commit timestamp ({@code kind} 0);
 * a single-DN transaction gets a virtual one: the highest timestamp its DN's binlog had shown before it, then
 * {@code kind} 1, its DN and a per-DN sequence number, so it follows what it could have seen.
 */
public record CommitKey(long ts, int kind, int dn, long seq) implements Comparable<CommitKey> {
    public static final CommitKey ZERO = new CommitKey(0, 0, 0, 0);

    public static CommitKey twoPhase(long commitTs) {
        return new CommitKey(commitTs, 0, 0, 0);
    }

    public static CommitKey onePhase(long watermark, int dn, long seq) {
        return new CommitKey(watermark, 1, dn, seq);
    }

    @Override
    public int compareTo(CommitKey o) {
        int c = Long.compare(ts, o.ts);
        if (c == 0) {
            c = Integer.compare(kind, o.kind);
        }
        if (c == 0) {
            c = Integer.compare(dn, o.dn);
        }
        return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public String toString() {
        return ts + "/" + kind + "/" + dn + "/" + seq;
    }
}
