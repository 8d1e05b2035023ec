package com.polardbx.executor.gsi;

import com.polardbx.gms.meta.ColumnDef;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One row as a DN stored it: raw text-protocol bytes per column, by name. */
public record StoredRow(List<ColumnDef> columns, byte[][] values) {

    public byte[] value(String column) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equalsIgnoreCase(column)) {
                return values[i];
            }
        }
        throw new IllegalArgumentException("column " + column + " was not read");
    }

    public ColumnDef column(String column) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("column " + column + " was not read"));
    }

    /** The values of these columns, comparable by content (a map key). */
    public List<ByteBuffer> identity(List<String> names) {
        List<ByteBuffer> out = new ArrayList<>(names.size());
        for (String n : names) {
            byte[] v = value(n);
            out.add(v == null ? null : ByteBuffer.wrap(v));
        }
        return out;
    }

    /** Whether these columns hold the same bytes in both rows. */
    public boolean sameValues(StoredRow other, List<String> names) {
        for (String n : names) {
            if (!Arrays.equals(value(n), other.value(n))) {
                return false;
            }
        }
        return true;
    }
}
