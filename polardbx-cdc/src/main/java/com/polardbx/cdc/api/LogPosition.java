package com.polardbx.cdc.api;

/** A position in the global binlog: a file name ({@code binlog.000001}) and a byte offset in it. */
public record LogPosition(String file, long position) implements Comparable<LogPosition> {
    @Override
    public int compareTo(LogPosition o) {
        int c = file.compareTo(o.file);
        return c != 0 ? c : Long.compare(position, o.position);
    }

    @Override
    public String toString() {
        return file + ":" + position;
    }
}
