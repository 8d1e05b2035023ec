package com.polardbx.tests.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.tests.SqlFiles;
import com.polardbx.tests.TestingCluster;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * 16 writers and 4 readers on the in-process CN over two DNs. Readers never see the total change (the commit gate
 * keeps snapshots off half-done distributed commits), and the end state accounts for every transfer.
 */
class BankIT {
    private static final long RUN_MILLIS = Long.getLong("bank.millis", 15_000);

    @Test
    void concurrentTransfersKeepTheTotalForEveryReader() throws Exception {
        TestingCluster cluster = TestingCluster.shared();
        try (Connection c = cluster.connect(null, null); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS bank MODE='auto'");
        }
        try (Connection c = cluster.connect("bank", null)) {
            BankWorkload.create(c);
        }
        BankWorkload bank = new BankWorkload(() -> cluster.connect("bank", "sessionVariables=innodb_lock_wait_timeout=5"), 1);
        bank.start(16, 4);
        Thread.sleep(RUN_MILLIS);
        bank.stop();
        System.out.printf("bank: %d transfers committed, %d consistent reads, errors %s%n",
            bank.acknowledged.size(), bank.consistentReads.get(), bank.errors);
        assertEquals(List.of(), bank.violations.subList(0, Math.min(10, bank.violations.size())),
            "inconsistent reads (" + bank.violations.size() + ")");
        assertTrue(bank.acknowledged.size() > 100, "transfers committed: " + bank.acknowledged.size());
        assertTrue(bank.consistentReads.get() > 20, "reads: " + bank.consistentReads.get());
        try (Connection c = cluster.connect("bank", null)) {
            BankCheck.verify(c, bank);
        }
        for (int dn = 1; dn <= 2; dn++) {
            try (Connection c = cluster.dataNodes().connect(dn)) {
                assertEquals(List.of(), SqlFiles.rows(c, "XA RECOVER"), "prepared branches left on DN " + dn);
            }
        }
    }
}
