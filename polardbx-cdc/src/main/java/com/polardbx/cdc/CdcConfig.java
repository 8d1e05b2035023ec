package com.polardbx.cdc;

import com.polardbx.gms.meta.StorageNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * CDC settings.
 *
 * @param dataDir the CDC's directory: {@code binlog/} holds the global binlog files, {@code checkpoint.properties}
 *     the resume point
 * @param maxFileBytes a binlog file is rotated once it has grown past this size
 * @param serverId the server id written in every event of the global binlog
 * @param serverVersion the server version written in each FORMAT_DESCRIPTION
 * @param expireLogsSeconds read often: files last written longer ago than this many seconds are purged (0: never)
 */
public record CdcConfig(Path dataDir, StorageNode gms, List<StorageNode> dataNodes, long maxFileBytes,
                        Duration heartbeatInterval, long serverId, String serverVersion,
                        LongSupplier expireLogsSeconds) {
    public static final long DEFAULT_MAX_FILE_BYTES = 512L * 1024 * 1024;
    /** The server version in the global binlog's FORMAT_DESCRIPTION events: MySQL 5.7's event layout. */
    public static final String SERVER_VERSION = "5.7.99-polardbx-cdc";
}
