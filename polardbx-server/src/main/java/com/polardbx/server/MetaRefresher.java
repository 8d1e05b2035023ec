package com.polardbx.server;

import com.polardbx.gms.store.MetaAcknowledgements;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.server.session.WriteVersions;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this CN's metadata in step with the metadb: every 100 ms it reloads what another CN changed and
 * acknowledges the oldest version its running writes use, which schema changes in steps wait for.
 */
final class MetaRefresher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetaRefresher.class);
    private static final Duration BARRIER_TIMEOUT = Duration.ofSeconds(30);

    private final MetaStore meta;
    private final MetaAcknowledgements acks;
    private final String cnId;
    private final WriteVersions writes;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "meta-refresher");
        t.setDaemon(true);
        return t;
    });

    MetaRefresher(MetaStore meta, MetaAcknowledgements acks, String cnId, WriteVersions writes) {
        this.meta = meta;
        this.acks = acks;
        this.cnId = cnId;
        this.writes = writes;
    }

    void start() {
        refresh();
        timer.scheduleWithFixedDelay(this::refresh, 100, 100, TimeUnit.MILLISECONDS);
    }

    private void refresh() {
        try {
            meta.reloadIfChanged();
            acks.acknowledge(cnId, writes.oldestInUse());
        } catch (RuntimeException e) {
            log.warn("metadata refresh failed: {}", e.getMessage());
        }
    }

    /** The DDL engine's barrier: this CN acknowledges at once (its own writes permitting), then waits for all. */
    void awaitAllCns(long version) {
        acks.acknowledge(cnId, writes.oldestInUse());
        acks.await(version, BARRIER_TIMEOUT);
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            acks.leave(cnId);
        } catch (RuntimeException e) {
            log.debug("could not remove this CN's acknowledgement row: {}", e.getMessage());
        }
    }
}
