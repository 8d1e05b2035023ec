package com.polardbx.cdc.format;

import com.polardbx.cdc.api.BinlogEventStream;
import com.polardbx.cdc.api.BinlogUnavailableException;
import com.polardbx.cdc.api.LogPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;

/**
 * Reads the committed events of the global binlog from a position on, moving to the next file after a ROTATE.
 * Used by one thread.
 */
public final class FileEventStream implements BinlogEventStream {
    private final BinlogDirectory directory;
    private FileChannel channel;
    private String file;
    private long position;

    public FileEventStream(BinlogDirectory directory, LogPosition start) {
        this.directory = directory;
        LogPosition end = directory.committed();
        if (end == null || !BinlogDirectory.isFileName(start.file()) || !Files.exists(directory.path(start.file()))
            || start.file().compareTo(end.file()) > 0) {
            throw new BinlogUnavailableException("Could not find first log file name in binary log index file");
        }
        long limit = start.file().equals(end.file()) ? end.position() : size(start.file());
        if (start.position() < 4 || start.position() > limit) {
            throw new BinlogUnavailableException("Client requested master to start replication from impossible "
                + "position; the first event '" + start.file() + "' at " + start.position()
                + ", the last event read from '" + start.file() + "' at 4, the last byte read from '"
                + start.file() + "' at 4.");
        }
        open(start.file(), start.position());
    }

    private long size(String name) {
        try {
            return Files.size(directory.path(name));
        } catch (IOException e) {
            throw new BinlogUnavailableException("Could not open log file " + name);
        }
    }

    private void open(String name, long at) {
        closeChannel();
        try {
            channel = directory.openForReading(this, name);
        } catch (IOException e) {
            throw new BinlogUnavailableException("Could not open log file " + name);
        }
        file = name;
        position = at;
    }

    @Override
    public LogPosition position() {
        return new LogPosition(file, position);
    }

    @Override
    public byte[] next(long timeoutMillis) throws InterruptedException {
        LogPosition end = directory.committed();
        if (!end.file().equals(file) || end.position() > position) {
            return read(end);
        }
        directory.awaitCommitAfter(end, timeoutMillis);
        end = directory.committed();
        if (!end.file().equals(file) || end.position() > position) {
            return read(end);
        }
        return null;
    }

    private byte[] read(LogPosition end) {
        long limit = end.file().equals(file) ? end.position() : size(file);
        if (position >= limit) {
            // a file before the committed one ends with a ROTATE we already passed: go on in the next one
            String next = BinlogDirectory.fileName(BinlogDirectory.number(file) + 1);
            open(next, 4);
            return read(end);
        }
        try {
            ByteBuffer header = ByteBuffer.allocate(EventType.HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(header, position);
            int size = header.getInt(9);
            if (size < EventType.HEADER_LENGTH || position + size > limit) {
                throw new BinlogUnavailableException("bogus data in log event at " + file + ":" + position);
            }
            ByteBuffer event = ByteBuffer.allocate(size);
            readFully(event, position);
            position += size;
            byte[] bytes = event.array();
            if (EventEncoder.type(bytes) == EventType.ROTATE) {
                String next = new String(bytes, EventType.HEADER_LENGTH + 8,
                    size - EventType.HEADER_LENGTH - 8 - EventType.CHECKSUM_LENGTH,
                    java.nio.charset.StandardCharsets.US_ASCII);
                open(next, 4);
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readFully(ByteBuffer b, long at) throws IOException {
        long p = at;
        while (b.hasRemaining()) {
            int n = channel.read(b, p);
            if (n < 0) {
                throw new BinlogUnavailableException("unexpected end of " + file + " at " + p);
            }
            p += n;
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // read-only channel: nothing to lose
            }
        }
    }

    @Override
    public void close() {
        closeChannel();
        directory.doneReading(this);
    }
}
