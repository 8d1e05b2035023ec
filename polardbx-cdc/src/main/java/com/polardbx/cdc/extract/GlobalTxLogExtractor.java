package com.polardbx.cdc.extract;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.polardbx.gms.meta.StorageNode;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the GMS binlog from its current end and records every {@code polardbx_meta.global_tx_log} row inserted: the
 * commit timestamps that order two-phase transactions. Nothing here needs a checkpoint: a timestamp it has not seen
 * is read from the table itself (see {@link CommitTimestamps}).
 */
public final class GlobalTxLogExtractor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger("polardbx.cdc");

    private final BinaryLogClient client;
    private final CommitTimestamps commits;
    private volatile long txLogTableId = -1;

    public GlobalTxLogExtractor(StorageNode gms, long replicaServerId, String file, long position,
                                CommitTimestamps commits) {
        this.commits = commits;
        this.client = new BinaryLogClient(gms.host(), gms.port(), gms.user(), gms.password());
        client.setServerId(replicaServerId);
        client.setBinlogFilename(file);
        client.setBinlogPosition(position);
        client.setKeepAlive(true);
        client.setHeartbeatInterval(1000);
        client.setKeepAliveInterval(3000); // as DataNodeExtractor: reconnect soon after a GMS restart
        client.setSSLMode(com.github.shyiko.mysql.binlog.network.SSLMode.DISABLED);
        client.registerEventListener(this::onEvent);
    }

    public void start() throws IOException {
        try {
            client.connect(10_000);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("GMS binlog did not answer", e);
        }
    }

    private void onEvent(Event event) {
        if (event.getData() instanceof TableMapEventData map) {
            if (map.getDatabase().equals("polardbx_meta") && map.getTable().equals("global_tx_log")) {
                txLogTableId = map.getTableId();
            }
        } else if (event.getData() instanceof WriteRowsEventData rows && rows.getTableId() == txLogTableId) {
            for (Serializable[] row : rows.getRows()) {
                try {
                    commits.record(((Number) row[0]).longValue(), text(row[1]), ((Number) row[2]).longValue());
                } catch (RuntimeException e) {
                    log.warn("unreadable global_tx_log row in the GMS binlog: {}", e.getMessage());
                }
            }
        }
    }

    private static String text(Serializable value) {
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : String.valueOf(value);
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (IOException e) {
            log.debug("disconnecting the GMS binlog reader: {}", e.getMessage());
        }
    }
}
