package com.polardbx.server.handler;

import com.polardbx.executor.plan.PlanExecutor.WriteCount;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds up the DNs' OK packets of one client statement and gives the count MySQL reports for it. The DN connections
 * count changed rows (no CLIENT_FOUND_ROWS); a client that set CLIENT_FOUND_ROWS gets, for UPDATE, the rows found
 * (the DN's "Rows matched" info), and for INSERT ... ON DUPLICATE KEY UPDATE one per duplicate left unchanged
 * instead of zero.
 */
final class WriteCounts {
    /** How a physical statement's OK packet is read. */
    enum Kind { UPDATE, INSERT_ON_DUPLICATE_UPDATE, OTHER }

    private static final Pattern ROWS_MATCHED = Pattern.compile("Rows matched: (\\d+)");
    private static final Pattern RECORDS = Pattern.compile("Records: (\\d+)\\s+Duplicates: (\\d+)");

    private final Kind kind;
    private long changed;
    private long matched;
    private long unchangedDuplicates;
    /** The "Duplicates" of MariaDB's INSERT info text, summed over the physical statements. */
    private long insertDuplicates;
    /** The insert id of the last counted DN OK packet. */
    private long dnInsertId;
    /**
     * Whether the OK packet carries the "Rows matched" text: MariaDB leaves it out when it skipped the table (an
     * impossible WHERE, LIMIT 0), so a statement sent on has it when some DN sent it.
     */
    private boolean withInfo;

    WriteCounts(Kind kind) {
        this.kind = kind;
    }

    /**
     * One physical write. {@code duplicateWarnings}: the 1062 warnings it raised (INSERT IGNORE skipped rows, which
     * count in the DN's "Records" but were neither inserted nor found).
     */
    void add(WriteCount w, int duplicateWarnings) {
        changed += w.affected();
        dnInsertId = w.insertId();
        Matcher records = RECORDS.matcher(w.info());
        if (records.find()) {
            insertDuplicates += Long.parseLong(records.group(2));
        } else if (w.affected() == 0 && duplicateWarnings > 0 || w.affected() >= 2) {
            insertDuplicates++; // a one-row statement has no info: an ignored duplicate, or a replaced/updated row
        }
        switch (kind) {
            case UPDATE -> {
                Matcher m = ROWS_MATCHED.matcher(w.info());
                boolean found = m.find();
                withInfo |= found;
                matched += found ? Long.parseLong(m.group(1)) : w.affected();
            }
            case INSERT_ON_DUPLICATE_UPDATE -> unchangedDuplicates += unchanged(w, duplicateWarnings);
            default -> { }
        }
    }

    /**
     * Duplicates the statement found equal to their update: counted 0 without CLIENT_FOUND_ROWS, 1 with it. Each row
     * is an insert (1 affected), a changed duplicate (2) or an unchanged one (0); the DN's info "Records: R
     * Duplicates: D" gives R rows of which D changed duplicates, so unchanged = R - D - inserts, inserts = A - 2D.
     * A one-row statement gets no info: it was an unchanged duplicate exactly when nothing was affected.
     */
    private static long unchanged(WriteCount w, int duplicateWarnings) {
        Matcher m = RECORDS.matcher(w.info());
        if (!m.find()) {
            return w.affected() == 0 && duplicateWarnings == 0 ? 1 : 0;
        }
        long records = Long.parseLong(m.group(1)) - duplicateWarnings;
        long duplicates = Long.parseLong(m.group(2));
        long inserts = w.affected() - 2 * duplicates;
        return Math.max(0, records - duplicates - inserts);
    }

    /** Adds rows counted in the CN (rows it moved between partitions); the OK packet then has its info text. */
    void addCounted(long matchedRows, long changedRows) {
        matched += matchedRows;
        changed += changedRows;
        withInfo = true;
    }

    /** Rows the CN itself deleted for a REPLACE (a UNIQUE global index found them) or skipped for an IGNORE. */
    void addDuplicates(long replaced, long ignored) {
        changed += replaced;
        insertDuplicates += replaced + ignored;
    }

    /**
     * Rows of a REPLACE that a later row of the same statement displaced: MariaDB inserted each, then deleted it
     * (two affected rows, one duplicate).
     */
    void addReplacedInStatement(long rows) {
        changed += 2 * rows;
        insertDuplicates += rows;
    }

    /** The CN read the rows itself: the info text is sent even when no row was found (and so none was written). */
    void withInfo(boolean on) {
        withInfo = on;
    }

    /** Rows the DNs wrote (inserted, replaced or updated), whatever the client's flags. */
    long changed() {
        return changed;
    }

    /** The insert id of the last DN OK packet counted. */
    long dnInsertId() {
        return dnInsertId;
    }

    /** The affected-row count of the OK packet. */
    long reported(boolean foundRows) {
        if (!foundRows) {
            return changed;
        }
        return switch (kind) {
            case UPDATE -> matched;
            case INSERT_ON_DUPLICATE_UPDATE -> changed + unchangedDuplicates;
            default -> changed;
        };
    }

    /**
     * The info text of a multi-row INSERT / REPLACE (or one with a SELECT), as MariaDB sends it: rows given,
     * duplicates (ignored, replaced or updated rows) and warnings.
     */
    String insertInfo(long records, int warnings) {
        return "Records: " + records + "  Duplicates: " + insertDuplicates + "  Warnings: " + warnings;
    }

    /** The OK packet's info text, as MariaDB sends it for UPDATE; null for other statements. */
    String info(int warnings) {
        return kind == Kind.UPDATE && withInfo
            ? "Rows matched: " + matched + "  Changed: " + changed + "  Warnings: " + warnings : null;
    }
}
