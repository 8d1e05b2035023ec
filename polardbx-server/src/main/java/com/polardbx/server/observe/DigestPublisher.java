package com.polardbx.server.observe;

import com.polardbx.common.digest.DigestSnapshot;
import com.polardbx.gms.store.DigestShareStore;
import com.polardbx.server.variable.SystemVariables;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shares this CN's digest rows with the other CNs through the GMS, so the digest table covers the cluster: every
 * {@code polardbx_statement_digests_publish_seconds} (10; 0 stops sharing) it replaces this CN's published rows,
 * and each read of the table merges the other CNs' last published rows with this CN's live ones. TRUNCATE deletes
 * every CN's published rows and moves a reset epoch on; a CN that sees the epoch move at its next publish resets
 * its own rows. The first publish, at start, removes the rows an earlier run of this CN left (a restart resets the
 * table, as MySQL's). One daemon thread.
 */
final class DigestPublisher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DigestPublisher.class);
    static final String INTERVAL_VARIABLE = "polardbx_statement_digests_publish_seconds";

    private final String cnId;
    private final DigestShareStore store;
    private final DigestSummaries digests;
    private final SystemVariables variables;
    private final ScheduledExecutorService timer;
    private long seenEpoch;
    private long publishedRecorded = -1;
    private long lastPublishMillis;

    DigestPublisher(String cnId, DigestShareStore store, DigestSummaries digests, SystemVariables variables) {
        this.cnId = cnId;
        this.store = store;
        this.digests = digests;
        this.variables = variables;
        variables.declare(INTERVAL_VARIABLE, 10L);
        this.seenEpoch = store.epoch();
        digests.readOthersFrom(() -> store.others(cnId, LatencyBuckets.BUCKETS));
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "digest-publisher");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::tick, 0, 1, TimeUnit.SECONDS);
    }

    private void tick() {
        try {
            long interval = ((Number) variables.global(INTERVAL_VARIABLE)).longValue();
            long now = System.currentTimeMillis();
            boolean first = publishedRecorded < 0;
            if (!first && (interval <= 0 || now - lastPublishMillis < interval * 1000)) {
                return;
            }
            publish(first);
            lastPublishMillis = now;
        } catch (RuntimeException e) {
            log.warn("publishing statement digests to the GMS failed: {}", e.getMessage());
        }
    }

    private synchronized void publish(boolean first) {
        long recorded = digests.recorded();
        if (!first && recorded == publishedRecorded && store.epoch() == seenEpoch) {
            return; // nothing new, nobody truncated
        }
        List<DigestSnapshot> rows = first ? List.of() : digests.localSnapshots();
        long epoch = store.publish(cnId, seenEpoch, rows);
        if (epoch != seenEpoch) {
            digests.reset(); // another CN truncated the table since the last round
            seenEpoch = epoch;
        }
        publishedRecorded = recorded;
    }

    /** TRUNCATE TABLE for the whole cluster. */
    synchronized void truncate() {
        seenEpoch = store.truncate();
        digests.reset();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
