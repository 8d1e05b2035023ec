package com.polardbx.cdc.format;

import com.polardbx.cdc.api.LogPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Appends events to the newest global binlog file and rotates to a new file once it passes the size limit, always
 * between transactions. What it writes becomes visible to readers at {@link #commit()}, after an fsync, so a
 * position a consumer has seen is never rewritten. Used by one thread.
 */
public final class BinlogWriter implements AutoCloseable {
    private final BinlogDirectory directory;
    private final EventEncoder encoder;
    private final long maxFileBytes;
    private FileChannel channel;
    private String file;
    private long position;

    /**
     * Opens the binlog at its last committed end, cutting off anything written after it (a crash between a write
     * and its commit), or starts {@code binlog.000001}.
     */
    private long events;

    public BinlogWriter(BinlogDirectory directory, EventEncoder encoder, long maxFileBytes, LogPosition resumeAt) {
        this.directory = directory;
        this.encoder = encoder;
        this.maxFileBytes = maxFileBytes;
        try {
            if (resumeAt == null) {
                startFile(BinlogDirectory.fileName(1));
            } else {
                file = resumeAt.file();
                channel = FileChannel.open(directory.path(file), StandardOpenOption.WRITE);
                channel.truncate(resumeAt.position());
                position = resumeAt.position();
                channel.position(position);
                deleteFilesAfter(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        directory.commit(new LogPosition(file, position));
    }

    private void deleteFilesAfter(String last) throws IOException {
        for (String name : directory.names()) {
            if (name.compareTo(last) > 0) {
                java.nio.file.Files.deleteIfExists(directory.path(name));
            }
        }
    }

    private void startFile(String name) throws IOException {
        file = name;
        channel = FileChannel.open(directory.path(name), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
        channel.write(ByteBuffer.wrap(BinlogDirectory.MAGIC));
        position = BinlogDirectory.MAGIC.length;
        long now = System.currentTimeMillis() / 1000;
        writeRaw(encoder.formatDescription(now, position + EventEncoder.formatDescriptionSize(), 0));
    }

    public String file() {
        return file;
    }

    /** Events appended since this writer was made (FORMAT_DESCRIPTION and ROTATE included). */
    public long events() {
        return events;
    }

    /** Where the next event starts. */
    public long position() {
        return position;
    }

    /** Appends one event built by {@code body}: its end position is filled in here. */
    public void append(int type, long timestampSeconds, int flags, byte[] body) {
        long end = position + EventType.HEADER_LENGTH + body.length + EventType.CHECKSUM_LENGTH;
        writeRaw(encoder.event(type, timestampSeconds, end, flags, body));
    }

    public void appendQuery(long timestampSeconds, String database, String sql) {
        byte[] probe = encoder.query(timestampSeconds, 0, database, sql);
        writeRaw(encoder.query(timestampSeconds, position + probe.length, database, sql));
    }

    public void appendXid(long timestampSeconds, long xid) {
        writeRaw(encoder.xid(timestampSeconds, position + EventType.HEADER_LENGTH + 8 + EventType.CHECKSUM_LENGTH,
            xid));
    }

    private void writeRaw(byte[] event) {
        try {
            ByteBuffer b = ByteBuffer.wrap(event);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        position += event.length;
        events++;
    }

    /**
     * Makes everything appended so far durable; then, if the file is full, ends it with a ROTATE and starts the next
     * one. Readers see none of it until {@link #publish}, which the caller calls once its checkpoint names the
     * returned end: a restart then never rewrites bytes a consumer has read.
     */
    public LogPosition flush() {
        try {
            channel.force(false);
            if (position >= maxFileBytes) {
                String next = BinlogDirectory.fileName(BinlogDirectory.number(file) + 1);
                byte[] probe = encoder.rotate(0, 0, 0, next, 4);
                writeRaw(encoder.rotate(System.currentTimeMillis() / 1000, position + probe.length, 0, next, 4));
                channel.force(false);
                channel.close();
                startFile(next);
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new LogPosition(file, position);
    }

    /** Lets readers see the binlog up to {@code end} (a position {@link #flush} returned). */
    public void publish(LogPosition end) {
        directory.commit(end);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
