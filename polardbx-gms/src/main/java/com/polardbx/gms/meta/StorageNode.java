package com.polardbx.gms.meta;

/**
 * A MySQL-compatible server process the cluster uses: the GMS metadb or a data node (DN).
 *
 * @param id stable name such as {@code dn0}; physical objects are placed by this id, never by address
 */
public record StorageNode(String id, Kind kind, String host, int port, String user, String password) {
    public enum Kind { GMS, DN }

    public String jdbcUrl(String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + (database == null ? "" : database)
            + "?useSSL=false&allowPublicKeyRetrieval=true&useUnicode=true&characterEncoding=utf8"
            + "&useServerPrepStmts=false&tinyInt1isBit=false&useCursorFetch=true&rewriteBatchedStatements=true&zeroDateTimeBehavior=CONVERT_TO_NULL&useAffectedRows=true&allowMultiQueries=false&cacheServerConfiguration=true&netTimeoutForStreamingResults=0&useLocalSessionState=true&elideSetAutoCommits=true";
    }
}
