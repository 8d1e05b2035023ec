package com.polardbx.server;

import com.polardbx.gms.meta.StorageNode;
import com.polardbx.transaction.connection.MonitorAccount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * CN settings from {@code cn.properties}: listen address, data directory, GMS and data node addresses.
 *
 * <p>{@code dn.list} is {@code id@host:port,...}; the DNs are registered in GMS on start (idempotent).
 * {@code tso.port} is where this CN serves timestamps and the commit gate while it holds the TSO lease (0: any free
 * port; the lease row tells the other CNs which). {@code metrics.port} is the HTTP port of {@code /metrics} and
 * {@code /status} (0: any free port; -1: none). {@code dn.monitor.user}/{@code dn.monitor.password} name the DN
 * account with PROCESS only that the deadlock detector reads lock waits with ({@code dn.user} has no global
 * privilege). {@code cdc.enabled} (default true) runs the CDC in this CN, writing the global binlog under
 * {@code <data.dir>/cdc}; only one CN of a cluster may run it (docs/cdc.md). {@code cdc.binlog.max_file_bytes} is the
 * size at which a global binlog file is rotated.
 */
public record CnConfig(String cnId, String bindHost, int port, Path dataDir, StorageNode gms,
                       List<StorageNode> dataNodes, MonitorAccount dnMonitor, int tsoPort, int metricsPort,
                       boolean cdcEnabled, long cdcMaxFileBytes) {

    public CnConfig(String cnId, String bindHost, int port, Path dataDir, StorageNode gms,
                    List<StorageNode> dataNodes, MonitorAccount dnMonitor) {
        this(cnId, bindHost, port, dataDir, gms, dataNodes, dnMonitor, 0, 0, false, 0);
    }

    /** The same settings with the CDC switched on or off ({@code maxFileBytes} 0: the default size). */
    public CnConfig withCdc(boolean enabled, long maxFileBytes) {
        return new CnConfig(cnId, bindHost, port, dataDir, gms, dataNodes, dnMonitor, tsoPort, metricsPort, enabled,
            maxFileBytes);
    }

    public static CnConfig from(Properties p) {
        String gmsUser = p.getProperty("gms.user", "polardbx");
        String gmsPassword = p.getProperty("gms.password", "polardbx");
        String[] gmsAddress = p.getProperty("gms.url", "127.0.0.1:13300").split(":");
        StorageNode gms = new StorageNode("gms", StorageNode.Kind.GMS, gmsAddress[0], Integer.parseInt(gmsAddress[1]),
            gmsUser, gmsPassword);
        String dnUser = p.getProperty("dn.user", "polardbx");
        String dnPassword = p.getProperty("dn.password", "polardbx");
        List<StorageNode> dns = new ArrayList<>();
        for (String entry : p.getProperty("dn.list", "").split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] idAndAddress = entry.trim().split("@");
            String[] hostPort = idAndAddress[1].split(":");
            dns.add(new StorageNode(idAndAddress[0], StorageNode.Kind.DN, hostPort[0], Integer.parseInt(hostPort[1]),
                dnUser, dnPassword));
        }
        MonitorAccount monitor = new MonitorAccount(p.getProperty("dn.monitor.user", "polardbx_monitor"),
            p.getProperty("dn.monitor.password", "polardbx_monitor"));
        int port = Integer.parseInt(p.getProperty("server.port", "8527"));
        return new CnConfig(p.getProperty("cn.id", "cn" + port), p.getProperty("server.bind", "127.0.0.1"), port,
            Path.of(p.getProperty("data.dir", "data/cn")), gms, dns, monitor,
            Integer.parseInt(p.getProperty("tso.port", "0")),
            Integer.parseInt(p.getProperty("metrics.port", "0")),
            Boolean.parseBoolean(p.getProperty("cdc.enabled", "true")),
            Long.parseLong(p.getProperty("cdc.binlog.max_file_bytes", "0")));
    }
}
