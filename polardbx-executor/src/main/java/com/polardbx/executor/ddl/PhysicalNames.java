package com.polardbx.executor.ddl;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Names of physical objects: database {@code <d>_p<dnIndex>}, table {@code <table>_<4 hex>_<5-digit position>}.
 *
 * <p>The random part means a re-created table never reuses the name of an orphan left by an older one.
 */
final class PhysicalNames {
    private static final int MAX_IDENTIFIER = 64;
    private static final int TABLE_SUFFIX = "_0000_00000".length();

    private PhysicalNames() {
    }

    static String database(String logicalDb, int dnIndex) {
        String suffix = "_p" + dnIndex;
        return clip(sanitize(logicalDb), MAX_IDENTIFIER - suffix.length()) + suffix;
    }

    /** The common prefix {@code <table>_<4 hex>_} of all physical tables of one logical table. */
    static String tablePrefix(String logicalTable) {
        String random = String.format("%04x", ThreadLocalRandom.current().nextInt(0x10000));
        return clip(sanitize(logicalTable), MAX_IDENTIFIER - TABLE_SUFFIX) + "_" + random + "_";
    }

    /**
     * The name a foreign key points at while its parent does not exist: shaped like a physical table of the parent
     * (so a DN's 1452 message names the parent) but never one: position 99999 is beyond any partition count.
     */
    static String missing(String logicalTable) {
        return clip(sanitize(logicalTable), MAX_IDENTIFIER - TABLE_SUFFIX) + "_0000_99999";
    }

    static String table(String prefix, int position) {
        return prefix + String.format("%05d", position);
    }

    private static String sanitize(String name) {
        return name.replaceAll("[^A-Za-z0-9_$]", "_");
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }
}
