package com.polardbx.server.session;

import com.polardbx.gms.store.MetaStore;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The metadata version each running write of this CN started with, so the CN acknowledges a new version only when
 * no write still works with an older one (a write that read the table before a global index existed must finish
 * before the index may receive rows).
 */
public final class WriteVersions {
    private final MetaStore meta;
    private final ConcurrentHashMap<Long, Long> running = new ConcurrentHashMap<>();

    public WriteVersions(MetaStore meta) {
        this.meta = meta;
    }

    /** A write of this session starts (with the metadata of now). */
    public void begin(long sessionId) {
        running.put(sessionId, meta.version());
    }

    public void end(long sessionId) {
        running.remove(sessionId);
    }

    /** The oldest version a running write uses, or the loaded version when none runs. */
    public long oldestInUse() {
        long oldest = meta.version();
        for (long v : running.values()) {
            oldest = Math.min(oldest, v);
        }
        return oldest;
    }
}
