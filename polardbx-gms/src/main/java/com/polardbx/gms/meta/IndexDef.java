package com.polardbx.gms.meta;

import java.util.List;

/** A (local, for now) index of a logical table; the primary key is the index named {@code PRIMARY}. */
public record IndexDef(String name, boolean unique, List<String> columns) {
    public boolean isPrimary() {
        return "PRIMARY".equalsIgnoreCase(name);
    }
}
