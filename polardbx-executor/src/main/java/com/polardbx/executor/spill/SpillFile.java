package com.polardbx.executor.spill;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.Chunk;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One spill file of a {@link SpillSpace}: chunks are appended ({@link #write}), then read back in the same order,
 * possibly several times ({@link #reader}). The file is {@code "PXS1"} followed by pages, each a 4-byte big-endian
 * length and a {@link ChunkSerde} page. Not thread-safe: one owner (an operator) writes, reads and deletes it; only
 * the query's {@link SpillSpace} may unlink it from a cancelling thread.
 */
public final class SpillFile {
    private static final byte[] MAGIC = {'P', 'X', 'S', '1'};

    private final SpillSpace space;
    private final Path path;
    private final List<Reader> readers = new ArrayList<>();
    private FileChannel out;
    private long bytes;
    private long rows;
    private boolean deleted;

    SpillFile(SpillSpace space, Path path) {
        this.space = space;
        this.path = path;
        try {
            out = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            writeFully(ByteBuffer.wrap(MAGIC));
        } catch (IOException e) {
            throw writeError(e);
        }
    }

    public Path path() {
        return path;
    }

    /** Bytes written so far (page headers included). */
    public long bytes() {
        return bytes;
    }

    /** Rows written so far. */
    public long rows() {
        return rows;
    }

    /** Appends a chunk as one page. */
    public void write(Chunk chunk) {
        if (out == null) {
            throw new IllegalStateException("spill file " + path + " is no longer open for writing");
        }
        PageBuffer page = new PageBuffer((int) Math.min(1 << 20, chunk.sizeInBytes() / 2 + 16));
        page.setSize(4);
        ChunkSerde.write(chunk, page);
        page.writeInt(0, page.size() - 4);
        try {
            writeFully(ByteBuffer.wrap(page.array(), 0, page.size()));
        } catch (IOException e) {
            throw writeError(e);
        }
        bytes += page.size();
        rows += chunk.positionCount();
        space.recordWrite(page.size());
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }

    /** Ends writing (closing the file handle); idempotent. */
    public void finishWriting() {
        if (out != null) {
            FileChannel c = out;
            out = null;
            try {
                c.close();
            } catch (IOException e) {
                throw writeError(e);
            }
        }
    }

    /** A new reader from the first page; writing must have finished. Close it, or {@link #delete} closes it. */
    public Reader reader() {
        finishWriting();
        Reader reader = new Reader();
        readers.add(reader);
        return reader;
    }

    /** Closes everything open on the file and removes it; idempotent. Called by the file's owner. */
    public void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            finishWriting();
        } catch (SqlError ignored) {
            // deleting anyway
        }
        for (Reader r : List.copyOf(readers)) {
            r.close();
        }
        try {
            unlink();
        } finally {
            space.forget(this);
        }
    }

    /**
     * Removes the file from the directory without closing what is open on it (safe from another thread: an unlinked
     * file stays readable and writable through open handles until they close); idempotent.
     */
    void unlink() {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw writeError(e);
        }
    }

    private SqlError writeError(IOException e) {
        return space.isClosed() ? new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED)
            : new SqlError(e, ErrorCode.ER_ERROR_ON_WRITE, path, e.toString());
    }

    /** Reads the pages of the file in order. Not thread-safe. */
    public final class Reader implements AutoCloseable {
        private FileChannel in;
        private final ByteBuffer header = ByteBuffer.allocate(4);

        private Reader() {
            try {
                in = FileChannel.open(path, StandardOpenOption.READ);
                ByteBuffer magic = ByteBuffer.allocate(MAGIC.length);
                if (!readFully(magic) || !java.util.Arrays.equals(magic.array(), MAGIC)) {
                    throw new IOException("not a spill file");
                }
            } catch (IOException e) {
                close();
                throw readError(e);
            }
        }

        /** The next chunk, or {@code null} at the end of the file. */
        public Chunk next() {
            if (in == null) {
                return null;
            }
            try {
                header.clear();
                if (!readFully(header)) {
                    close();
                    return null;
                }
                ByteBuffer page = ByteBuffer.allocate(header.getInt(0));
                if (!readFully(page)) {
                    throw new EOFException("truncated page");
                }
                page.flip();
                return ChunkSerde.read(page);
            } catch (IOException | RuntimeException e) {
                close();
                throw e instanceof SqlError se ? se : readError(e);
            }
        }

        /** Fills the buffer; false at a clean end of file (nothing read). */
        private boolean readFully(ByteBuffer buffer) throws IOException {
            while (buffer.hasRemaining()) {
                if (in.read(buffer) < 0) {
                    if (buffer.position() == 0) {
                        return false;
                    }
                    throw new EOFException("truncated spill file");
                }
            }
            return true;
        }

        private SqlError readError(Exception e) {
            return space.isClosed() ? new SqlError(e, ErrorCode.ER_QUERY_INTERRUPTED)
                : new SqlError(e, ErrorCode.ER_ERROR_ON_READ, path, e.toString());
        }

        @Override
        public void close() {
            readers.remove(this);
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // nothing left to release
                }
                in = null;
            }
        }
    }
}
