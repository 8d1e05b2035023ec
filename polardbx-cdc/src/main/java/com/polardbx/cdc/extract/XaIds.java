package com.polardbx.cdc.extract;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the XIDs of {@code XA COMMIT/ROLLBACK} statements in a binlog, and the transaction id in a gtrid this cluster
 * created ({@code pdx-<cn>-<txid>}, see the transaction module's Xid).
 */
public final class XaIds {
    private static final Pattern XA_END = Pattern.compile(
        "(?is)^\\s*XA\\s+(COMMIT|ROLLBACK)\\s+X'([0-9a-f]*)'.*");
    private static final String PREFIX = "pdx-";

    private XaIds() {
    }

    /** {@code [COMMIT|ROLLBACK, gtrid]} of an XA COMMIT/ROLLBACK statement, or null for any other. */
    public static String[] decision(String sql) {
        Matcher m = XA_END.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        String gtrid = new String(HexFormat.of().parseHex(m.group(2)), StandardCharsets.UTF_8);
        return new String[] {m.group(1).toUpperCase(java.util.Locale.ROOT), gtrid};
    }

    /** The transaction id of a gtrid of this cluster, or -1. */
    public static long txid(String gtrid) {
        if (!gtrid.startsWith(PREFIX)) {
            return -1;
        }
        try {
            return Long.parseLong(gtrid.substring(gtrid.lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
