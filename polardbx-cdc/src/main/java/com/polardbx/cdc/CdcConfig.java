package com.polardbx.cdc;

import com.polardbx.gms.meta.StorageNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * CDC settings.
 *
 * @param dataDir the CDC's directory: {@code binlog/} holds the global binlog files, {@code checkpoint.properties}
 *     the resume point
 * @param maxFileBytes a binlog file is rotated once it has grown past this size
 * @param serverId the server id written in every event of the global binlog
 * @param serverVersion the server version written in each FORMAT_DESCRIPTION
 */
public record CdcConfig(Path dataDir, StorageNode gms, List<StorageNode> dataNodes, long maxFileBytes,
                        Duration heartbeatInterval, long serverId, String serverVersion) {
    public static final long DEFAULT_MAX_FILE_BYTES = 512L * 1024 * 1024;
}
