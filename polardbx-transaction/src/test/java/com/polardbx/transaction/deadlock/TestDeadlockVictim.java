package com.polardbx.transaction.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Victim choice: the youngest transaction of this CN in the cycle; never a second victim for one cycle. */
class TestDeadlockVictim {
    /** A participant without branches: only id and victim mark matter here. */
    private static final class Participant implements DeadlockParticipant {
        private final long id;
        private final DeadlockVictimState state = new DeadlockVictimState();

        Participant(long id) {
            this.id = id;
        }

        @Override
        public long id() {
            return id;
        }

        @Override
        public Map<String, Long> dataNodeSessions() {
            return Map.of();
        }

        @Override
        public boolean deadlockVictim() {
            return state.isVictim();
        }

        @Override
        public boolean markDeadlockVictim() {
            return state.markByDetector();
        }

        @Override
        public boolean whileSessionOwned(String dnId, long threadId, SessionAction action) {
            return false;
        }
    }

    private static List<WaitForGraph.Edge<Object>> cycle(Object... nodes) {
        WaitForGraph<Object> g = new WaitForGraph<>();
        for (int i = 0; i < nodes.length; i++) {
            g.addEdge(nodes[i], nodes[(i + 1) % nodes.length], new LockWait("dn" + (i % 2 + 1), i, "", "", i + 1, ""));
        }
        return g.findCycle().orElseThrow();
    }

    @Test
    void youngestFirst() {
        Participant old = new Participant(100);
        Participant young = new Participant(300);
        Participant middle = new Participant(200);
        assertEquals(List.of(young, middle, old), DeadlockDetector.victimCandidates(cycle(old, young, middle)));
    }

    @Test
    void transactionsOfOthersAreNeverCandidates() {
        Participant ours = new Participant(100);
        Object foreign = new DeadlockDetector.DataNodeTransaction("dn1", 7, "");
        assertEquals(List.of(ours), DeadlockDetector.victimCandidates(cycle(ours, foreign)));
        assertEquals(List.of(), DeadlockDetector.victimCandidates(
            cycle(foreign, new DeadlockDetector.DataNodeTransaction("dn2", 8, ""))));
    }

    @Test
    void aVictimAlreadyChosenComesFirst() {
        Participant old = new Participant(100);
        Participant young = new Participant(300);
        assertTrue(old.markDeadlockVictim());
        assertEquals(List.of(old, young), DeadlockDetector.victimCandidates(cycle(old, young)));
    }

    @Test
    void aCommittingTransactionCannotBeMarked() {
        DeadlockVictimState state = new DeadlockVictimState();
        state.endBegins();
        assertFalse(state.markByDetector());
        assertFalse(state.isVictim());
        state.markByDataNode();
        assertTrue(state.isVictim());
    }

    @Test
    void describesTheCycle() {
        Participant a = new Participant(1);
        Participant b = new Participant(2);
        assertEquals("transaction 1 waits on dn1 for transaction 2, transaction 2 waits on dn2 for transaction 1",
            DeadlockDetector.describe(cycle(a, b)));
    }
}
