package com.polardbx.common.digest;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The digest texts of recently seen statement texts, so a statement sent again verbatim (a client that does not
 * bind parameters but repeats the same text) is not lexed again. At most {@value #SIZE} texts of at most
 * {@value #MAX_SQL_CHARS} characters; when full it is emptied (a workload of repeated texts fills it again at once).
 *
 * <p>When texts do not repeat (the text protocol with literals in every statement) a lookup always misses and the
 * insert only adds to the lexing. So each thread watches its hits: after a window of {@value #WINDOW} lookups with
 * fewer than one hit in {@value #MIN_HIT_SHARE}, the thread lexes without the cache for the next
 * {@value #BYPASS_WINDOWS} windows, then looks again. Thread-safe.
 */
public final class DigestTextCache {
    static final int SIZE = 4096;
    /** Statements longer than this are not cached (a bulk INSERT would pin megabytes for nothing). */
    static final int MAX_SQL_CHARS = 1024;
    static final int WINDOW = 256;
    static final int MIN_HIT_SHARE = 8;
    static final int BYPASS_WINDOWS = 16;

    /** One thread's view of how useful the cache is. */
    private static final class Usage {
        int lookups;
        int hits;
        /** Statements left to lex without the cache. */
        int bypass;
    }

    private final Map<String, String> textBySql = new ConcurrentHashMap<>();
    private final ThreadLocal<Usage> usage = ThreadLocal.withInitial(Usage::new);

    /** The digest text of {@code sql}, from the cache when the same text was seen recently. */
    public String digestText(String sql) {
        if (sql.length() > MAX_SQL_CHARS) {
            return DigestText.of(sql);
        }
        Usage u = usage.get();
        if (u.bypass > 0) {
            u.bypass--;
            return DigestText.of(sql);
        }
        String text = textBySql.get(sql);
        boolean hit = text != null;
        if (!hit) {
            text = DigestText.of(sql);
            if (textBySql.size() >= SIZE) {
                textBySql.clear();
            }
            textBySql.put(sql, text);
        }
        count(u, hit);
        return text;
    }

    /** Texts cached now. */
    int size() {
        return textBySql.size();
    }

    private static void count(Usage u, boolean hit) {
        u.lookups++;
        if (hit) {
            u.hits++;
        }
        if (u.lookups == WINDOW) {
            if (u.hits * MIN_HIT_SHARE < WINDOW) {
                u.bypass = BYPASS_WINDOWS * WINDOW;
            }
            u.lookups = 0;
            u.hits = 0;
        }
    }
}
