package com.polardbx.cdc.merge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.polardbx.cdc.meta.LogicalTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The release rules of the merger: watermarks, undecided branches, merging, rollbacks, replay after a restart. */
class TestTransactionMerger {
    private static final LogicalTable T = new LogicalTable("db", "t", true);
    private long position = 100;

    private static Map<String, StreamPosition> starts() {
        Map<String, StreamPosition> m = new LinkedHashMap<>();
        m.put("dn0", new StreamPosition("mysql-bin.000001", 4, 0, 0));
        m.put("dn1", new StreamPosition("mysql-bin.000001", 4, 0, 0));
        return m;
    }

    private StreamPosition.Builder at() {
        return new StreamPosition.Builder("mysql-bin.000001", position++);
    }

    private static List<TransactionEvent> rows(String tag) {
        return List.of(new RowsEvent(T, new byte[] {1}, 30, true, tag.getBytes()));
    }

    private static List<String> tags(Drained d) {
        return d.transactions().stream()
            .map(t -> String.join("+", t.events().stream().map(r -> new String(((RowsEvent) r).body())).toList())).toList();
    }

    @Test
    void aTransactionWaitsUntilEveryDataNodeHasPassedItsTimestamp() {
        TransactionMerger m = new TransactionMerger(starts(), CommitKey.ZERO);
        m.heartbeat("dn0", 10, at());
        m.onePhase("dn0", at(), rows("a"), at());
        assertEquals(List.of(), tags(m.drain(100)), "dn1 has shown nothing yet");
        m.heartbeat("dn1", 11, at());
        assertEquals(List.of(), tags(m.drain(100)), "dn0 has not passed 10 yet");
        m.heartbeat("dn0", 12, at());
        assertEquals(List.of("a"), tags(m.drain(100)));
    }

    @Test
    void branchesOfOneTransactionAreMergedAndOrderedByCommitTimestamp() {
        TransactionMerger m = new TransactionMerger(starts(), CommitKey.ZERO);
        m.heartbeat("dn0", 10, at());
        m.heartbeat("dn1", 10, at());
        m.prepared("dn0", "pdx-cn-1", at(), rows("x0"), at());
        m.prepared("dn1", "pdx-cn-1", at(), rows("x1"), at());
        m.onePhase("dn1", at(), rows("later-on-dn1"), at()); // virtual timestamp 10 on dn1
        m.committed("dn0", "pdx-cn-1", 15, at());
        m.heartbeat("dn0", 20, at());
        m.heartbeat("dn1", 20, at());
        // dn1's branch is undecided with lower bound 10 < 15: only what cannot follow it is released
        assertEquals(List.of("later-on-dn1"), tags(m.drain(100)));
        m.committed("dn1", "pdx-cn-1", 15, at());
        assertEquals(List.of("x0+x1"), tags(m.drain(100)));
    }

    @Test
    void anUndecidedBranchHoldsBackOnlyWhatItCouldPrecede() {
        TransactionMerger m = new TransactionMerger(starts(), CommitKey.ZERO);
        m.heartbeat("dn0", 10, at());
        m.heartbeat("dn1", 10, at());
        m.onePhase("dn0", at(), rows("before"), at());
        m.heartbeat("dn0", 30, at());
        m.prepared("dn0", "pdx-cn-2", at(), rows("p"), at()); // lower bound 30
        m.heartbeat("dn1", 40, at());
        m.onePhase("dn1", at(), rows("after"), at()); // key 40 > 30: waits for the branch
        m.heartbeat("dn0", 50, at());
        m.heartbeat("dn1", 50, at());
        assertEquals(List.of("before"), tags(m.drain(100)));
        m.rolledBack("dn0", "pdx-cn-2", at());
        assertEquals(List.of("after"), tags(m.drain(100)), "the rolled-back branch never appears");
    }

    @Test
    void aReplayFromTheCheckpointReleasesNothingTwice() {
        TransactionMerger m = new TransactionMerger(starts(), CommitKey.ZERO);
        m.heartbeat("dn0", 10, at());
        m.heartbeat("dn1", 10, at());
        long firstHeld = position;
        m.onePhase("dn0", at(), rows("a"), at());
        m.prepared("dn1", "pdx-cn-3", at(), rows("b"), at());
        m.heartbeat("dn0", 20, at());
        m.heartbeat("dn1", 20, at());
        Drained first = m.drain(100);
        assertEquals(List.of("a"), tags(first));
        assertEquals(firstHeld + 2, first.restart().get("dn1").position(), "dn1 is re-read from its prepared branch");
        assertEquals(10, first.restart().get("dn1").watermark());

        // a restart: dn1 is read again from its checkpoint, dn0 from after what it released
        TransactionMerger again = new TransactionMerger(first.restart(), first.last());
        again.prepared("dn1", "pdx-cn-3", at(), rows("b"), at());
        again.heartbeat("dn1", 20, at());
        again.committed("dn1", "pdx-cn-3", 25, at());
        again.heartbeat("dn0", 30, at());
        again.heartbeat("dn1", 30, at());
        assertEquals(List.of("b"), tags(again.drain(100)));
    }
}
