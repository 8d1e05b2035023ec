package com.polardbx.gms.meta;

import java.util.Map;

/**
 * A logical database and its physical database on each DN.
 *
 * @param physicalDbs DN id to the physical database name on that DN
 */
public record DatabaseMeta(String name, String mode, String charset, String collation, Map<String, String> physicalDbs) {
}
