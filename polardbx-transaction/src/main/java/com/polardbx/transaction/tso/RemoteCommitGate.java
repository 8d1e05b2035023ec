package com.polardbx.transaction.tso;

import com.polardbx.transaction.tso.gate.CommitGate;

/**
 * The leader's commit gate used from another CN, over one {@link TsoClient} connection.
 *
 * <p>Holds live as long as that connection: when it closes the leader releases them, and later exits on this
 * instance are no-ops. An enter that gets no admission within the gate timeout is given up (the leader cancels or
 * releases it) and fails with 1205; a lost connection or a leader that stopped serving fails it with 1105.
 */
final class RemoteCommitGate implements CommitGate {
    private final TsoClient client;
    private final long timeoutMs;

    RemoteCommitGate(TsoClient client, long timeoutMs) {
        this.client = client;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void enterCommit() {
        client.enter(Mode.COMMIT, timeoutMs);
    }

    @Override
    public void exitCommit() {
        client.exit(Mode.COMMIT);
    }

    @Override
    public void enterSnapshot() {
        client.enter(Mode.SNAPSHOT, timeoutMs);
    }

    @Override
    public void exitSnapshot() {
        client.exit(Mode.SNAPSHOT);
    }

    @Override
    public String toString() {
        return "RemoteCommitGate[" + client.address() + "]";
    }
}
