package com.polardbx.cdc.merge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Orders the transactions of all DNs by commit timestamp and merges the branches of each two-phase transaction.
 *
 * <p>Each DN stream reports, in its binlog order: heartbeats (a TSO timestamp written through the DN), single-DN
 * commits, prepared XA branches and their XA COMMIT / ROLLBACK. A DN's watermark is the highest timestamp its binlog
 * has shown (heartbeats and commit timestamps). A transaction with key {@code k} is released once
 * <ul>
 *   <li>every DN's watermark is above {@code k.ts}: a transaction with a smaller commit timestamp prepared its branch
 *   on that DN before the timestamp was taken, so before that heartbeat: every branch it has is already here;</li>
 *   <li>no prepared, undecided branch could still commit below {@code k.ts}: a branch's commit timestamp is above the
 *   watermark its DN had when the branch was prepared.</li>
 * </ul>
 * Rolled-back branches are dropped. Release order is key order, so the last released key tells a replay after a
 * restart what was written already. All methods are called by the DN readers and the writer thread; synchronized.
 */
public final class TransactionMerger {
    /** One DN's state. */
    private static final class Stream {
        final int index;
        long watermark;
        long seq;
        StreamPosition after;
        /** Start positions of what this DN still holds (queued or undecided), by arrival. */
        final TreeMap<Long, StreamPosition> holding = new TreeMap<>();

        Stream(int index, StreamPosition start) {
            this.index = index;
            this.watermark = start.watermark();
            this.seq = start.seq();
            this.after = start;
        }
    }

    /** A prepared branch, undecided or committed and waiting to be released with its transaction. */
    private record Branch(Stream stream, long arrival, long lowerBound, List<TransactionEvent> events) {
    }

    /** A transaction waiting for release: its branches by DN index (one for a single-DN commit). */
    private static final class Pending {
        final TreeMap<Integer, Branch> branches = new TreeMap<>();
    }

    private final Map<String, Stream> streams = new LinkedHashMap<>();
    private final Map<String, Branch> undecided = new HashMap<>();
    private final TreeMap<CommitKey, Pending> ready = new TreeMap<>();
    private final Map<String, CommitKey> readyByGtrid = new HashMap<>();
    private CommitKey last;
    private long arrivals;

    /**
     * @param starts each DN's restart position, in DN order
     * @param last the key of the last transaction already in the global binlog
     */
    public TransactionMerger(Map<String, StreamPosition> starts, CommitKey last) {
        int i = 0;
        for (Map.Entry<String, StreamPosition> e : starts.entrySet()) {
            streams.put(e.getKey(), new Stream(i++, e.getValue()));
        }
        this.last = last;
    }

    public synchronized void heartbeat(String dn, long ts, StreamPosition.Builder end) {
        Stream s = streams.get(dn);
        s.watermark = Math.max(s.watermark, ts);
        s.after = end.build(s.watermark, s.seq);
    }

    /** A transaction committed on this DN alone (also one with no rows of interest: it still moves the position). */
    public synchronized void onePhase(String dn, StreamPosition.Builder start, List<TransactionEvent> rows,
                                      StreamPosition.Builder end) {
        Stream s = streams.get(dn);
        StreamPosition from = start.build(s.watermark, s.seq);
        CommitKey key = CommitKey.onePhase(s.watermark, s.index, s.seq++);
        if (!rows.isEmpty() && key.compareTo(last) > 0) {
            long arrival = arrivals++;
            s.holding.put(arrival, from);
            Pending p = new Pending();
            p.branches.put(s.index, new Branch(s, arrival, s.watermark, rows));
            ready.put(key, p);
        }
        s.after = end.build(s.watermark, s.seq);
    }

    public synchronized void prepared(String dn, String gtrid, StreamPosition.Builder start, List<TransactionEvent> rows,
                                      StreamPosition.Builder end) {
        Stream s = streams.get(dn);
        long arrival = arrivals++;
        s.holding.put(arrival, start.build(s.watermark, s.seq));
        undecided.put(gtrid + "\u0000" + dn, new Branch(s, arrival, s.watermark, rows));
        s.after = end.build(s.watermark, s.seq);
    }

    /**
     * The XA COMMIT of a branch.
     *
     * @param commitTs the commit timestamp from the global transaction log, or -1 when it has none (a foreign XA
     *     transaction, or a record already purged): then the branch is placed like a single-DN commit here
     */
    public synchronized void committed(String dn, String gtrid, long commitTs, StreamPosition.Builder end) {
        Stream s = streams.get(dn);
        Branch b = undecided.remove(gtrid + "\u0000" + dn);
        if (commitTs >= 0) {
            s.watermark = Math.max(s.watermark, commitTs);
        }
        if (b != null) {
            CommitKey key = commitTs >= 0 ? CommitKey.twoPhase(commitTs) : CommitKey.onePhase(s.watermark, s.index,
                s.seq++);
            if (key.compareTo(last) <= 0 || b.events().isEmpty()) {
                s.holding.remove(b.arrival()); // released before a restart, or nothing to show
            } else {
                ready.computeIfAbsent(key, k -> new Pending()).branches.put(s.index, b);
                readyByGtrid.put(gtrid, key);
            }
        } else if (commitTs < 0) {
            s.seq++; // keeps the sequence the same on a replay that saw the prepare
        }
        s.after = end.build(s.watermark, s.seq);
    }

    public synchronized void rolledBack(String dn, String gtrid, StreamPosition.Builder end) {
        Stream s = streams.get(dn);
        Branch b = undecided.remove(gtrid + "\u0000" + dn);
        if (b != null) {
            s.holding.remove(b.arrival());
        }
        s.after = end.build(s.watermark, s.seq);
    }

    /** Anything else that ends a DN transaction (DDL, internal writes): only the position moves. */
    public synchronized void skipped(String dn, StreamPosition.Builder end) {
        Stream s = streams.get(dn);
        s.after = end.build(s.watermark, s.seq);
    }

    /** Releases the transactions that can no longer be preceded by anything, in key order, at most {@code max}. */
    public synchronized Drained drain(int max) {
        long minWatermark = Long.MAX_VALUE;
        for (Stream s : streams.values()) {
            minWatermark = Math.min(minWatermark, s.watermark);
        }
        long minUndecided = Long.MAX_VALUE;
        for (Branch b : undecided.values()) {
            minUndecided = Math.min(minUndecided, b.lowerBound());
        }
        List<LogicalTransaction> out = new ArrayList<>();
        while (!ready.isEmpty() && out.size() < max) {
            CommitKey key = ready.firstKey();
            if (key.ts() >= minWatermark || key.ts() > minUndecided) {
                break;
            }
            Pending p = ready.pollFirstEntry().getValue();
            List<TransactionEvent> rows = new ArrayList<>();
            for (Branch b : p.branches.values()) {
                rows.addAll(b.events());
                b.stream().holding.remove(b.arrival());
            }
            out.add(new LogicalTransaction(key, rows));
            last = key;
        }
        if (!out.isEmpty()) {
            readyByGtrid.values().removeIf(k -> k.compareTo(last) <= 0);
        }
        Map<String, StreamPosition> restart = new LinkedHashMap<>();
        streams.forEach((dn, s) -> restart.put(dn, s.holding.isEmpty() ? s.after : s.holding.firstEntry().getValue()));
        // what is still ready waits for a watermark or a decision, or for the next drain when max was reached
        long complete = ready.isEmpty() ? Math.min(minWatermark, minUndecided) : Math.min(ready.firstKey().ts(),
            Math.min(minWatermark, minUndecided));
        return new Drained(out, restart, last, complete);
    }

    /** How many transactions and undecided branches are held, for monitoring and tests. */
    public synchronized String describe() {
        StringBuilder b = new StringBuilder("ready=" + ready.size() + " undecided=" + undecided.size());
        streams.forEach((dn, s) -> b.append(' ').append(dn).append("@").append(s.watermark));
        return b.toString();
    }
}
