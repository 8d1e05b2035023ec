package com.polardbx.cdc.merge;

/**
 * Where a DN's binlog is read from on restart, with the merger's state of that DN at that point (its watermark and
 * next sequence number), so the replay gives every transaction the same {@link CommitKey} as before.
 */
public record StreamPosition(String file, long position, long watermark, long seq) {
    /** A binlog position whose merger state is filled in by the merger. */
    public record Builder(String file, long position) {
        StreamPosition build(long watermark, long seq) {
            return new StreamPosition(file, position, watermark, seq);
        }
    }
}
