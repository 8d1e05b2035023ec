package com.polardbx.server.observe;

import com.polardbx.server.variable.SystemVariables;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each finished statement to the digest summary table, the slow log and the audit log. The digest text is
 * computed once per statement (or taken from the cache of recent texts) and shared by the three; with
 * {@code polardbx_statement_digests=OFF} and both logs off a statement costs a few variable reads. Thread-safe.
 */
public final class StatementObservers implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatementObservers.class);

    private final SystemVariables variables;
    private final DigestSummaries digests;
    private final SlowLog slowLog;
    private final AuditLog auditLog;
    private volatile DigestPublisher publisher;
    /** polardbx_statement_digests, kept here: every statement reads it. */
    private volatile boolean summarising = true;
    /** performance_schema_max_digest_sample_age, kept here: every statement reads it. */
    private volatile long sampleAgeSeconds = 60;

    public StatementObservers(Path dataDir, SystemVariables variables) {
        this.variables = variables;
        variables.declareGlobalOnly("polardbx_statement_digests", 1L);
        variables.onGlobalChange("polardbx_statement_digests", v -> summarising = on(v));
        // latency histograms and statement counts (/metrics); OFF is for measuring what they cost
        variables.declareGlobalOnly("polardbx_metrics", 1L);
        variables.onGlobalChange("polardbx_metrics", v -> com.polardbx.common.metrics.Metrics.get().recording(on(v)));
        variables.declare("performance_schema_digests_size", 10_000L);
        variables.declare("max_digest_length", (long) com.polardbx.common.digest.DigestText.MAX_DIGEST_BYTES);
        variables.declare("performance_schema_max_digest_sample_age", 60L);
        variables.onGlobalChange("performance_schema_max_digest_sample_age",
            v -> sampleAgeSeconds = ((Number) v).longValue());
        this.digests = new DigestSummaries(() -> ((Number) variables.global("performance_schema_digests_size"))
            .longValue(), () -> sampleAgeSeconds); // read by every statement: kept in a field
        this.slowLog = new SlowLog(dataDir, variables);
        this.auditLog = new AuditLog(dataDir, variables);
    }

    public DigestSummaries digests() {
        return digests;
    }

    /** Shares the digest rows with the other CNs through the GMS (see {@link DigestPublisher}). */
    public void shareDigests(String cnId, com.polardbx.gms.store.DigestShareStore store) {
        publisher = new DigestPublisher(cnId, store, digests, variables);
    }

    /** TRUNCATE TABLE of the digest table: every CN's rows when they are shared, else this CN's. */
    public void truncateDigests() {
        DigestPublisher p = publisher;
        if (p != null) {
            p.truncate();
        } else {
            digests.reset();
        }
    }

    /** Records a finished statement; never throws (an observer's failure must not fail the statement). */
    public void finished(StatementEvent event, Map<String, Object> sessionVariables) {
        finished(event, event.sql(), sessionVariables);
    }

    /** @param digestSource the text the digest comes from (a prepared statement's template; else the statement) */
    public void finished(StatementEvent event, String digestSource, Map<String, Object> sessionVariables) {
        try {
            boolean slow = slowLog.wants(event, sessionVariables);
            boolean audit = auditLog.wants(event);
            boolean summarise = summarising;
            if (!slow && !audit && !summarise) {
                return;
            }
            String text = digests.digestText(digestSource);
            String digest = summarise ? digests.record(text, event)
                : audit ? com.polardbx.common.digest.StatementDigest.hash(text) : null;
            if (slow) {
                slowLog.write(event);
            }
            if (audit) {
                auditLog.write(event, text, digest);
            }
        } catch (RuntimeException e) {
            log.warn("recording statement of connection {} failed", event.connectionId(), e);
        }
    }

    private static boolean on(Object v) {
        return v instanceof Number n && n.longValue() != 0;
    }

    @Override
    public void close() {
        DigestPublisher p = publisher;
        if (p != null) {
            p.close();
        }
        slowLog.close();
        auditLog.close();
    }
}
