package com.polardbx.tests.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.tests.CnProcess;
import com.polardbx.tests.SqlFiles;
import com.polardbx.testing.TestingDataNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The bank under crashes of a real CN process at each step of two-phase commit (the JVM halts at a fail point, as
 * kill -9 would), then of a DN (kill -9 and restart mid-run). After each restart recovery must leave no prepared
 * branch, every transfer a client saw commit must be there, no transfer may be half-applied, and readers must never
 * have seen the total change.
 */
class BankCrashIT {
    private static final String[] COMMIT_STEPS = {"before_prepare", "after_prepare_one", "after_prepare_all",
        "after_commit_log", "after_commit_one"};

    private TestingDataNodes nodes;
    private CnProcess cn;
    private final List<BankWorkload> runs = new ArrayList<>();

    @Test
    void crashesAtEveryCommitStepAndOfADataNodeKeepTheBankConsistent() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "bank-crash"));
        nodes = TestingDataNodes.start(3, dir.resolve("dns"));
        cn = new CnProcess(dir, nodes);
        for (int i = 0; i < COMMIT_STEPS.length; i++) {
            // Crash at the 20th two-DN commit: by then some transfers have committed and readers are running.
            Process p = cn.start("-Dpolardbx.tx.crashAt=" + COMMIT_STEPS[i], "-Dpolardbx.tx.crashAfterHits=20");
            if (i == 0) {
                try (Connection c = cn.connect(null, null)) {
                    SqlFiles.execute(c, "CREATE DATABASE bank MODE='auto'");
                }
                try (Connection c = cn.connect("bank", null)) {
                    BankWorkload.create(c);
                }
            } else {
                verifyAfterRecovery("restart after a crash at " + COMMIT_STEPS[i - 1]);
            }
            BankWorkload run = workload(i);
            run.start(8, 2);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the CN never reached " + COMMIT_STEPS[i]);
            assertEquals(137, p.exitValue(), "the CN should have halted at " + COMMIT_STEPS[i]);
            run.stop();
            runs.add(run);
        }
        Process p = cn.start();
        try {
            verifyAfterRecovery("restart after a crash at " + COMMIT_STEPS[COMMIT_STEPS.length - 1]);

            BankWorkload run = workload(COMMIT_STEPS.length);
            run.start(8, 2);
            Thread.sleep(3_000);
            nodes.kill9(2);
            Thread.sleep(2_000);
            nodes.restart(2);
            Thread.sleep(5_000);
            run.stop();
            runs.add(run);
            System.out.printf("bank with a DN kill: %d committed, %d in doubt, %d consistent reads, errors %s%n",
                run.acknowledged.size(), run.inDoubt.size(), run.consistentReads.get(), run.errors);
            verifyAfterRecovery("a DN killed and restarted");
        } finally {
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private BankWorkload workload(int round) {
        return new BankWorkload(() -> cn.connect("bank", "sessionVariables=innodb_lock_wait_timeout=5"),
            (round + 1) * 1_000_000L);
    }

    /** Waits until recovery left no prepared branch, then checks the end state against every run so far. */
    private void verifyAfterRecovery(String when) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        List<String> prepared = preparedBranches();
        while (!prepared.isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            prepared = preparedBranches();
        }
        assertEquals(List.of(), prepared, "prepared branches left after " + when);
        for (BankWorkload run : runs) {
            assertEquals(List.of(), run.violations.subList(0, Math.min(10, run.violations.size())),
                "inconsistent reads before " + when);
        }
        try (Connection c = cn.connect("bank", null)) {
            BankCheck.verify(c, runs.toArray(new BankWorkload[0]));
        }
        int committed = runs.stream().mapToInt(r -> r.acknowledged.size()).sum();
        System.out.printf("after %s: %d transfers acknowledged so far, state verified%n", when, committed);
    }

    private List<String> preparedBranches() throws SQLException {
        List<String> all = new ArrayList<>();
        for (int dn = 1; dn <= 2; dn++) {
            try (Connection c = nodes.connect(dn)) {
                all.addAll(SqlFiles.rows(c, "XA RECOVER"));
            }
        }
        return all;
    }
}
