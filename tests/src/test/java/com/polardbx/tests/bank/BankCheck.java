package com.polardbx.tests.bank;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The end state of a bank run: the total is unchanged, every account's balance is its initial balance plus the
 * transfers logged for it (so no transfer is half-applied), every transfer a client saw commit is logged, and nothing
 * is logged that no client tried (only in-doubt transfers may go either way).
 */
public final class BankCheck {
    private BankCheck() {
    }

    public static void verify(Connection cn, BankWorkload... runs) throws SQLException {
        Map<Integer, Long> balances = new HashMap<>();
        Map<Integer, Long> expected = new HashMap<>();
        Set<Long> logged = new HashSet<>();
        try (Statement st = cn.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT id, balance FROM accounts")) {
                while (rs.next()) {
                    balances.put(rs.getInt(1), rs.getLong(2));
                    expected.put(rs.getInt(1), BankWorkload.INITIAL);
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT id, src, dst, amount FROM transfers")) {
                while (rs.next()) {
                    logged.add(rs.getLong(1));
                    expected.merge(rs.getInt(2), -rs.getLong(4), Long::sum);
                    expected.merge(rs.getInt(3), rs.getLong(4), Long::sum);
                }
            }
        }
        assertEquals(BankWorkload.ACCOUNTS, balances.size(), "accounts");
        assertEquals(BankWorkload.TOTAL, balances.values().stream().mapToLong(Long::longValue).sum(), "total");
        assertEquals(expected, balances, "balances = initial + logged transfers");
        Set<Long> tried = new HashSet<>();
        for (BankWorkload run : runs) {
            for (long id : run.acknowledged) {
                assertTrue(logged.contains(id), "acknowledged transfer " + id + " is missing");
            }
            tried.addAll(run.acknowledged);
            tried.addAll(run.inDoubt);
        }
        Set<Long> unexplained = new HashSet<>(logged);
        unexplained.removeAll(tried);
        assertTrue(unexplained.isEmpty(), "transfers logged that no client saw commit nor left in doubt: "
            + unexplained);
    }
}
