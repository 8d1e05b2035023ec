package com.polardbx.transaction.xa;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The XA id of one branch: {@code gtrid = 'pdx-<cnId>-<txid>'}, {@code bqual = <dnId>}, {@link #FORMAT_ID}.
 *
 * <p>The prefix and format id mark branches created by this cluster, so recovery never touches foreign XA
 * transactions on a shared server. A gtrid is at most 64 bytes, which limits a CN id to 40 characters.
 */
public record Xid(String cnId, long txid, String dnId) {
    /** "PDX" in ASCII: the format id of every branch this cluster creates. */
    public static final int FORMAT_ID = 0x504458;
    /** The start of every gtrid this cluster creates. */
    public static final String GTRID_PREFIX = "pdx-";
    /** Longest CN id that still fits a 64-byte gtrid with a 19-digit txid. */
    public static final int MAX_CN_ID_LENGTH = 64 - GTRID_PREFIX.length() - 1 - 19;

    public String gtrid() {
        return GTRID_PREFIX + cnId + "-" + txid;
    }

    /** The xid as SQL for {@code XA START/END/PREPARE/COMMIT/ROLLBACK}; hex literals need no escaping. */
    public String toSql() {
        HexFormat hex = HexFormat.of();
        return "X'" + hex.formatHex(gtrid().getBytes(StandardCharsets.UTF_8)) + "',X'"
            + hex.formatHex(dnId.getBytes(StandardCharsets.UTF_8)) + "'," + FORMAT_ID;
    }

    /** Parses a branch listed by {@code XA RECOVER}; empty when it was not created by this cluster. */
    public static Optional<Xid> parse(int formatId, String gtrid, String bqual) {
        if (formatId != FORMAT_ID || !gtrid.startsWith(GTRID_PREFIX)) {
            return Optional.empty();
        }
        int dash = gtrid.lastIndexOf('-');
        if (dash <= GTRID_PREFIX.length()) {
            return Optional.empty();
        }
        try {
            long txid = Long.parseLong(gtrid.substring(dash + 1));
            return Optional.of(new Xid(gtrid.substring(GTRID_PREFIX.length(), dash), txid, bqual));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return gtrid() + "/" + dnId;
    }
}
