package com.polardbx.bench;

import com.polardbx.gms.store.MetaDb;
import com.polardbx.transaction.tso.Tso;
import com.polardbx.transaction.tso.TsoService;
import com.polardbx.transaction.tso.TsoServiceConfig;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * TSO timestamps per second: in-process ({@link Tso#next()} of the leader) and from a follower CN through the remote
 * client, whose concurrent calls are batched into one request per round trip. Leader and follower are two
 * {@link TsoService}s in this JVM over one GMS, talking over loopback TCP. {@code metaDbSelect1} is the control: one
 * JDBC round trip to the same MariaDB over loopback, to judge the remote figures on a busy machine.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TsoBenchmark {

    /** A local TSO over the metadb. */
    @State(Scope.Benchmark)
    public static class Local {
        BenchDataNodes nodes;
        MetaDb metaDb;
        Tso tso;
        Connection connection;
        Statement select1;

        @Setup(Level.Trial)
        public void setUp() throws SQLException {
            nodes = BenchDataNodes.start(0);
            metaDb = nodes.metaDb();
            tso = new Tso(metaDb::connection);
            connection = metaDb.connection();
            select1 = connection.createStatement();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws SQLException {
            select1.close();
            connection.close();
            metaDb.close();
        }
    }

    /** A leader and a follower; the benchmark calls the follower. */
    @State(Scope.Benchmark)
    public static class Remote {
        BenchDataNodes nodes;
        MetaDb metaDb;
        TsoService leader;
        TsoService follower;

        @Setup(Level.Trial)
        public void setUp() {
            nodes = BenchDataNodes.start(0);
            metaDb = nodes.metaDb();
            leader = TsoService.start(metaDb::connection, TsoServiceConfig.of("bench-leader", "127.0.0.1", 0));
            follower = TsoService.start(metaDb::connection, TsoServiceConfig.of("bench-follower", "127.0.0.1", 0));
            if (!leader.isLeader() || follower.isLeader()) {
                throw new IllegalStateException("expected bench-leader to lead (is the lease held elsewhere?)");
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            follower.close();
            leader.close();
            metaDb.close();
        }
    }

    @Benchmark
    @Threads(1)
    public long localNext(Local s) {
        return s.tso.next();
    }

    @Benchmark
    @Threads(4)
    public long localNext4Threads(Local s) {
        return s.tso.next();
    }

    @Benchmark
    @Threads(1)
    public long metaDbSelect1(Local s) throws SQLException {
        try (ResultSet rs = s.select1.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Benchmark
    @Threads(1)
    public long remoteNext(Remote s) {
        return s.follower.next();
    }

    @Benchmark
    @Threads(4)
    public long remoteNext4Threads(Remote s) {
        return s.follower.next();
    }

    @Benchmark
    @Threads(16)
    public long remoteNext16Threads(Remote s) {
        return s.follower.next();
    }
}
