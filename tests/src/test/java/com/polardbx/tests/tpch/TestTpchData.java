package com.polardbx.tests.tpch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The generator follows the spec's value rules and is deterministic (no database). */
class TestTpchData {
    private final TpchData data = new TpchData(0.01);

    @Test
    void cardinalitiesFollowTheScaleFactor() {
        assertEquals(100, data.supplierCount());
        assertEquals(2_000, data.partCount());
        assertEquals(1_500, data.customerCount());
        assertEquals(15_000, data.orderCount());
        assertEquals(92, TpchData.COLORS.length);
        assertEquals(25, TpchData.NATIONS.length);
    }

    @Test
    void rowsDependOnlyOnTheirKey() {
        TpchData other = new TpchData(0.01);
        assertArrayEquals(data.customer(77), other.customer(77));
        assertArrayEquals(data.order(1234).order(), other.order(1234).order());
        assertArrayEquals(data.order(1234).lines().get(0), other.order(1234).lines().get(0));
    }

    @Test
    void orderKeysAreSparse() {
        assertEquals(1, TpchData.orderKey(1));
        assertEquals(8, TpchData.orderKey(8));
        assertEquals(33, TpchData.orderKey(9));
    }

    @Test
    void theFourSuppliersOfAPartAreDistinct() {
        for (long part = 1; part <= data.partCount(); part++) {
            Set<Long> suppliers = new HashSet<>();
            for (Object[] ps : data.partsupps(part)) {
                suppliers.add((Long) ps[1]);
                assertTrue((Long) ps[1] >= 1 && (Long) ps[1] <= data.supplierCount());
            }
            assertEquals(4, suppliers.size(), "part " + part);
        }
    }

    @Test
    void ordersFollowTheirLineitems() {
        for (long i = 1; i <= 500; i++) {
            TpchData.Order order = data.order(i);
            List<Object[]> lines = order.lines();
            assertTrue(lines.size() >= 1 && lines.size() <= 7);
            long customer = (Long) order.order()[1];
            assertTrue(customer % 3 != 0);
            LocalDate orderDate = (LocalDate) order.order()[4];
            assertTrue(!orderDate.isBefore(TpchData.START_DATE) && !orderDate.isAfter(LocalDate.of(1998, 8, 2)));
            long open = lines.stream().filter(l -> l[9].equals("O")).count();
            String status = open == lines.size() ? "O" : open == 0 ? "F" : "P";
            assertEquals(status, order.order()[2]);
            for (Object[] l : lines) {
                BigDecimal quantity = (BigDecimal) l[4];
                long part = (Long) l[1];
                assertEquals(0, quantity.multiply(BigDecimal.valueOf(TpchData.retailPriceCents(part), 2)).compareTo((BigDecimal) l[5]));
                LocalDate ship = (LocalDate) l[10];
                LocalDate receipt = (LocalDate) l[12];
                assertEquals(receipt.isAfter(TpchData.CURRENT_DATE), l[8].equals("N"));
                assertTrue(ship.isAfter(orderDate) && receipt.isAfter(ship));
            }
        }
    }

    @Test
    void textColumnsHaveTheSpecShapes() {
        Object[] customer = data.customer(5);
        int nation = ((Long) customer[3]).intValue();
        assertTrue(((String) customer[4]).matches((nation + 10) + "-\\d{3}-\\d{3}-\\d{4}"), (String) customer[4]);
        Object[] part = data.part(9);
        assertEquals(5, ((String) part[1]).split(" ").length);
        assertTrue(((String) part[4]).matches("[A-Z]+ [A-Z]+ [A-Z]+"));
        long complaints = 0;
        for (long s = 1; s <= data.supplierCount(); s++) {
            String comment = (String) data.supplier(s)[6];
            complaints += comment.matches(".*Customer.*Complaints.*") ? 1 : 0;
            assertTrue(comment.length() >= 25 && comment.length() <= 100, comment);
        }
        assertEquals(1, complaints);
    }
}
