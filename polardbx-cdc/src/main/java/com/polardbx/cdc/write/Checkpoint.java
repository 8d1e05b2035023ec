package com.polardbx.cdc.write;

import com.polardbx.cdc.api.LogPosition;
import com.polardbx.cdc.merge.CommitKey;
import com.polardbx.cdc.merge.StreamPosition;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * What the CDC resumes from: the committed end of the global binlog, the key of the last transaction in it, and where
 * each DN's binlog is re-read from. Written atomically (temporary file, fsync, rename) after the binlog is fsynced
 * and before readers see the new end, so a restart neither loses nor repeats a transaction.
 */
public record Checkpoint(LogPosition binlog, CommitKey last, Map<String, StreamPosition> dataNodes) {

    public void save(Path file) {
        Properties p = new Properties();
        p.setProperty("binlog.file", binlog.file());
        p.setProperty("binlog.position", Long.toString(binlog.position()));
        p.setProperty("last", last.ts() + "," + last.kind() + "," + last.dn() + "," + last.seq());
        dataNodes.forEach((dn, s) -> p.setProperty("dn." + dn, s.file() + "," + s.position() + "," + s.watermark()
            + "," + s.seq()));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "CDC checkpoint");
            }
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The saved checkpoint, or null when there is none (first start). */
    public static Checkpoint load(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String[] k = p.getProperty("last").split(",");
        CommitKey last = new CommitKey(Long.parseLong(k[0]), Integer.parseInt(k[1]), Integer.parseInt(k[2]),
            Long.parseLong(k[3]));
        Map<String, StreamPosition> dns = new LinkedHashMap<>();
        for (String name : p.stringPropertyNames().stream().sorted().toList()) {
            if (name.startsWith("dn.")) {
                String[] v = p.getProperty(name).split(",");
                dns.put(name.substring(3), new StreamPosition(v[0], Long.parseLong(v[1]), Long.parseLong(v[2]),
                    Long.parseLong(v[3])));
            }
        }
        return new Checkpoint(new LogPosition(p.getProperty("binlog.file"),
            Long.parseLong(p.getProperty("binlog.position"))), last, dns);
    }
}
