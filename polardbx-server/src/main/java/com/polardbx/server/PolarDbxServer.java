package com.polardbx.server;

import com.polardbx.executor.ddl.DdlEngine;
import com.polardbx.common.error.DataNodeMessages;
import com.polardbx.gms.meta.StorageNode;
import com.polardbx.gms.store.InformationSchemaViews;
import com.polardbx.gms.store.MetaDb;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.gms.user.UserStore;
import com.polardbx.server.net.MysqlServer;
import com.polardbx.server.net.MysqlServerConfig;
import com.polardbx.server.session.AccountStore;
import com.polardbx.server.session.SqlSession;
import com.polardbx.server.variable.SystemVariables;
import com.polardbx.server.variable.VariableLimits;
import com.polardbx.transaction.TransactionManager;
import com.polardbx.transaction.tso.TsoService;
import com.polardbx.transaction.tso.TsoServiceConfig;
import com.polardbx.transaction.connection.DataNodePools;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CN process: reads its configuration, connects to GMS and the data nodes, recovers unfinished DDL jobs and
 * prepared XA branches, then serves the MySQL protocol. Composition root: the only place that wires modules.
 */
public final class PolarDbxServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PolarDbxServer.class);

    private final MetaDb metaDb;
    private final DataNodePools dataNodes;
    private final TransactionManager transactions;
    private final DdlEngine ddl;
    private final MetaRefresher metaRefresher;
    private final MysqlServer server;
    private final TsoService tso;
    private final com.polardbx.server.http.MetricsHttpServer metrics;
    private final com.polardbx.server.observe.StatementObservers observers;
    private final CnConfig config;
    private final MetaStore meta;
    private final ServerContext context;
    private com.polardbx.cdc.CdcService cdc;

    public PolarDbxServer(CnConfig config) {
        this.config = config;
        this.metaDb = new MetaDb(config.gms());
        MetaStore meta = new MetaStore(metaDb);
        this.meta = meta;
        DataNodeMessages.registerAccount(config.gms().user());
        DataNodeMessages.registerTableNames(physical -> meta.logicalNameOf(physical).orElse(null));
        for (StorageNode dn : config.dataNodes()) {
            meta.registerStorageNode(dn);
            DataNodeMessages.registerAccount(dn.user());
        }
        if (config.dnMonitor() != null) {
            DataNodeMessages.registerAccount(config.dnMonitor().user());
        }
        UserStore users = new UserStore(metaDb);
        InformationSchemaViews.install(metaDb);
        this.dataNodes = new DataNodePools(meta.dataNodes(), 64, config.dnMonitor());
        this.tso = TsoService.start(metaDb::connection,
            TsoServiceConfig.of(config.cnId(), config.bindHost(), config.tsoPort()));
        this.transactions = new TransactionManager(dataNodes, metaDb::connection, config.cnId(), tso);
        this.ddl = new DdlEngine(meta, dataNodes);
        ddl.recover();
        int resolved = transactions.recover();
        if (resolved > 0) {
            log.info("resolved {} prepared XA branches left by earlier runs", resolved);
        }
        transactions.startBackgroundRecovery(Duration.ofSeconds(30));
        transactions.startDeadlockDetection(Duration.ofMillis(500));
        SystemVariables variables = new SystemVariables(MysqlServerConfig.DEFAULT_SERVER_VERSION, config.port());
        variables.describeDataDir(config.dataDir());
        com.polardbx.server.handler.BinlogPurges.declare(variables);
        this.observers = new com.polardbx.server.observe.StatementObservers(config.dataDir(), variables);
        observers.shareDigests(config.cnId(), new com.polardbx.gms.store.DigestShareStore(metaDb));
        ServerContext context = ServerContext.create(meta, users, dataNodes, transactions, ddl, variables, observers);
        this.context = context;
        com.polardbx.gms.store.MetaAcknowledgements acks = new com.polardbx.gms.store.MetaAcknowledgements(metaDb);
        this.metaRefresher = new MetaRefresher(meta, acks, config.cnId(), context.writeVersions());
        ddl.metadataBarrier(metaRefresher::awaitAllCns);
        long startedMillis = System.currentTimeMillis();
        AccountStore accounts = (user, host) -> users.find(user, host)
            .map(u -> new AccountStore.Account(u.user(), u.host(), u.nativeHash(), u.sha2Hash()));
        MysqlServerConfig serverConfig = MysqlServerConfig.builder()
            .bindHost(config.bindHost())
            .port(config.port())
            .tlsDirectory(config.dataDir().resolve("tls"))
            .build();
        this.server = new MysqlServer(serverConfig, (id, clientHost) -> new SqlSession(context, id, clientHost),
            accounts, new VariableLimits(variables));
        com.polardbx.server.http.ServerGauges.register(server::connectionCount, context.planner(), dataNodes);
        com.polardbx.server.http.ServerGauges.registerDdlJobs(meta::unfinishedDdlJobs);
        com.polardbx.server.http.ServerGauges.registerDigests(() -> observers.digests().localSize(),
            () -> observers.digests().lost());
        this.metrics = config.metricsPort() < 0 ? null : new com.polardbx.server.http.MetricsHttpServer(
            config.bindHost(), config.metricsPort(), () -> String.format(java.util.Locale.ROOT,
                "{\"cn\":\"%s\",\"version\":\"%s\",\"uptime_seconds\":%d,\"connections\":%d,"
                    + "\"data_nodes\":%d}", config.cnId(), MysqlServerConfig.DEFAULT_SERVER_VERSION,
                (System.currentTimeMillis() - startedMillis) / 1000, server.connectionCount(),
                dataNodes.dataNodeIds().size()), new com.polardbx.server.http.StatusPage(
                    new com.polardbx.server.http.StatusPage.Sources(config.cnId(),
                        MysqlServerConfig.DEFAULT_SERVER_VERSION, startedMillis, server::connectionCount,
                        acks::liveCns, config.gms(), config.dataNodes(), dataNodes, meta::unfinishedDdlJobs,
                        () -> observers.digests().top(10)))::html);
    }

    public void start() {
        if (config.cdcEnabled()) {
            try {
                startCdc();
            } catch (RuntimeException e) {
                // the CN serves SQL without its CDC: replicas get 1236 until a restart fixes the cause
                log.error("CDC not started; this CN serves no global binlog", e);
            }
        }
        metaRefresher.start();
        server.start();
        log.info("CN listening on port {}", server.port());
    }

    /**
     * Starts the CDC in this process (idempotent): it writes the global binlog under {@code <data dir>/cdc} and this
     * CN serves it to replicas. Only one CN of a cluster may run it.
     */
    public synchronized com.polardbx.cdc.CdcService startCdc() {
        if (cdc == null) {
            long maxFileBytes = config.cdcMaxFileBytes() > 0 ? config.cdcMaxFileBytes()
                : com.polardbx.cdc.CdcConfig.DEFAULT_MAX_FILE_BYTES;
            Object serverId = context.variables().global("server_id");
            com.polardbx.cdc.CdcService service = new com.polardbx.cdc.CdcService(new com.polardbx.cdc.CdcConfig(
                config.dataDir().resolve("cdc"), config.gms(), meta.dataNodes(), maxFileBytes,
                Duration.ofMillis(200), ((Number) serverId).longValue(), com.polardbx.cdc.CdcConfig.SERVER_VERSION,
                () -> com.polardbx.server.handler.BinlogPurges.expireSeconds(context.variables())), meta, tso::next);
            service.start();
            cdc = service;
            context.binlog().set(service);
            ddl.listener(new CdcDdlMarks(meta, transactions, dataNodes));
        }
        return cdc;
    }

    /** Stops the CDC of this process, if it runs; its checkpoint stays for the next {@link #startCdc()}. */
    public synchronized void stopCdc() {
        if (cdc != null) {
            ddl.listener(com.polardbx.executor.ddl.DdlListener.NONE);
            context.binlog().set(null);
            cdc.close();
            cdc = null;
        }
    }

    /** The port of {@code /metrics} and {@code /status}; -1 when there is none. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        metaRefresher.close();
        if (metrics != null) {
            metrics.close();
        }
        server.close();
        observers.close();
        if (cdc != null) {
            context.binlog().set(null);
            cdc.close();
        }
        transactions.close();
        tso.close();
        ddl.close();
        dataNodes.close();
        metaDb.close();
    }

    public static void main(String[] args) throws Exception {
        Path configFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") && i + 1 < args.length) {
                configFile = Path.of(args[++i]);
            }
        }
        if (configFile == null) {
            System.err.println("usage: PolarDbxServer --config cn.properties");
            System.exit(2);
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(configFile)) {
            props.load(in);
        }
        CnConfig config = CnConfig.from(props);
        PolarDbxServer cn = new PolarDbxServer(config);
        // the binlog retention, as in a my.cnf (SET GLOBAL changes it until the next start)
        for (String name : java.util.List.of(com.polardbx.server.handler.BinlogPurges.EXPIRE_SECONDS,
            com.polardbx.server.handler.BinlogPurges.EXPIRE_DAYS)) {
            if (props.getProperty(name) != null) {
                cn.context.variables().setGlobal(name, Long.parseLong(props.getProperty(name).trim()));
            }
        }
        cn.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cn.close();
            stopped.countDown();
        }, "cn-shutdown"));
        System.out.println("PolarDB-X CN ready on port " + cn.port());
        stopped.await();
    }
}
