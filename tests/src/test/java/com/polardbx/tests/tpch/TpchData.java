package com.polardbx.tests.tpch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A deterministic TPC-H data set at a scale factor, written from the value rules of the TPC-H specification (clause
 * 4.2.3): cardinalities, key formulas (sparse order keys, the four suppliers of a part), value ranges, the fixed
 * nation/region lists, word lists of part names, types, containers, segments, priorities, ship modes and
 * instructions, phone numbers by nation, and the lineitem-derived order status and total price.
 *
 * <p>Rows are {@code Object[]} in column order: {@link Long} keys and integers, {@link BigDecimal} with scale 2 for
 * money, quantities and rates, {@link LocalDate} dates, {@link String} text. Each row depends only on its key (see
 * {@link TpchRandom}), so the CN and the reference database can be loaded independently with identical rows.
 * Thread-safe.
 */
public final class TpchData {
    static final LocalDate START_DATE = LocalDate.of(1992, 1, 1);
    static final LocalDate CURRENT_DATE = LocalDate.of(1995, 6, 17);
    static final LocalDate END_DATE = LocalDate.of(1998, 12, 31);

    static final String[] REGIONS = {"AFRICA", "AMERICA", "ASIA", "EUROPE", "MIDDLE EAST"};
    /** Nation name and region key, by nation key. */
    static final Object[][] NATIONS = {
        {"ALGERIA", 0}, {"ARGENTINA", 1}, {"BRAZIL", 1}, {"CANADA", 1}, {"EGYPT", 4}, {"ETHIOPIA", 0},
        {"FRANCE", 3}, {"GERMANY", 3}, {"INDIA", 2}, {"INDONESIA", 2}, {"IRAN", 4}, {"IRAQ", 4}, {"JAPAN", 2},
        {"JORDAN", 4}, {"KENYA", 0}, {"MOROCCO", 0}, {"MOZAMBIQUE", 0}, {"PERU", 1}, {"CHINA", 2}, {"ROMANIA", 3},
        {"SAUDI ARABIA", 4}, {"VIETNAM", 2}, {"RUSSIA", 3}, {"UNITED KINGDOM", 3}, {"UNITED STATES", 1}};
    static final String[] COLORS = {"almond", "antique", "aquamarine", "azure", "beige", "bisque", "black",
        "blanched", "blue", "blush", "brown", "burlywood", "burnished", "chartreuse", "chiffon", "chocolate", "coral",
        "cornflower", "cornsilk", "cream", "cyan", "dark", "deep", "dim", "dodger", "drab", "firebrick", "floral",
        "forest", "frosted", "gainsboro", "ghost", "goldenrod", "green", "grey", "honeydew", "hot", "indian", "ivory",
        "khaki", "lace", "lavender", "lawn", "lemon", "light", "lime", "linen", "magenta", "maroon", "medium",
        "metallic", "midnight", "mint", "misty", "moccasin", "navajo", "navy", "olive", "orange", "orchid", "pale",
        "papaya", "peach", "peru", "pink", "plum", "powder", "puff", "purple", "red", "rose", "rosy", "royal",
        "saddle", "salmon", "sandy", "seashell", "sienna", "sky", "slate", "smoke", "snow", "spring", "steel", "tan",
        "thistle", "tomato", "turquoise", "violet", "wheat", "white", "yellow"};
    static final String[] TYPE_SIZES = {"STANDARD", "SMALL", "MEDIUM", "LARGE", "ECONOMY", "PROMO"};
    static final String[] TYPE_FINISHES = {"ANODIZED", "BURNISHED", "PLATED", "POLISHED", "BRUSHED"};
    static final String[] TYPE_MATERIALS = {"TIN", "NICKEL", "BRASS", "STEEL", "COPPER"};
    static final String[] CONTAINER_SIZES = {"SM", "LG", "MED", "JUMBO", "WRAP"};
    static final String[] CONTAINER_KINDS = {"CASE", "BOX", "BAG", "JAR", "PKG", "PACK", "CAN", "DRUM"};
    static final String[] SEGMENTS = {"AUTOMOBILE", "BUILDING", "FURNITURE", "MACHINERY", "HOUSEHOLD"};
    static final String[] PRIORITIES = {"1-URGENT", "2-HIGH", "3-MEDIUM", "4-NOT SPECIFIED", "5-LOW"};
    static final String[] INSTRUCTIONS = {"DELIVER IN PERSON", "COLLECT COD", "NONE", "TAKE BACK RETURN"};
    static final String[] SHIP_MODES = {"REG AIR", "AIR", "RAIL", "SHIP", "TRUCK", "MAIL", "FOB"};
    private static final String ADDRESS_CHARS =
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ,. ";

    private static final long REGION_SEED = 1;
    private static final long NATION_SEED = 2;
    private static final long SUPPLIER_SEED = 3;
    private static final long PART_SEED = 4;
    private static final long PARTSUPP_SEED = 5;
    private static final long CUSTOMER_SEED = 6;
    private static final long ORDER_SEED = 7;

    private final double scaleFactor;
    private final long suppliers;
    private final long parts;
    private final long customers;
    private final long orders;
    private final long clerks;
    private final TpchText text = new TpchText();

    public TpchData(double scaleFactor) {
        if (!(scaleFactor > 0)) {
            throw new IllegalArgumentException("scale factor must be positive: " + scaleFactor);
        }
        this.scaleFactor = scaleFactor;
        this.suppliers = Math.max(4, Math.round(scaleFactor * 10_000));
        this.parts = Math.max(1, Math.round(scaleFactor * 200_000));
        this.customers = Math.max(3, Math.round(scaleFactor * 150_000));
        this.orders = Math.max(1, Math.round(scaleFactor * 1_500_000));
        this.clerks = Math.max(1, Math.round(scaleFactor * 1_000));
    }

    public double scaleFactor() {
        return scaleFactor;
    }

    public long supplierCount() {
        return suppliers;
    }

    public long partCount() {
        return parts;
    }

    public long customerCount() {
        return customers;
    }

    public long orderCount() {
        return orders;
    }

    // ------------------------------------------------------------------ fixed tables

    public Object[] region(int key) {
        TpchRandom r = new TpchRandom(REGION_SEED, key);
        return new Object[] {(long) key, REGIONS[key], text.comment(r, 31, 115)};
    }

    public Object[] nation(int key) {
        TpchRandom r = new TpchRandom(NATION_SEED, key);
        return new Object[] {(long) key, NATIONS[key][0], (long) (int) NATIONS[key][1], text.comment(r, 31, 114)};
    }

    // ------------------------------------------------------------------ supplier, part, partsupp, customer

    public Object[] supplier(long key) {
        TpchRandom r = new TpchRandom(SUPPLIER_SEED, key);
        int nation = r.between(0, 24);
        String comment = text.comment(r, 25, 100);
        int notes = (int) Math.max(1, Math.round(scaleFactor * 5));
        for (long j = 0; j < notes; j++) {
            // SF*5 suppliers complain, another SF*5 recommend (clause 4.2.3, S_COMMENT); spread over the key range
            if (key == 1 + Math.floorMod(j * 1999 + 17, suppliers)) {
                comment = withCustomerNote(r, comment, "Complaints");
            } else if (key == 1 + Math.floorMod(j * 1999 + 983, suppliers)) {
                comment = withCustomerNote(r, comment, "Recommends");
            }
        }
        return new Object[] {key, String.format(Locale.ROOT, "Supplier#%09d", key), address(r), (long) nation,
            phone(r, nation), money(r.between(-99_999, 999_999)), comment};
    }

    /** "Customer" then, further on, the note word, inside the original comment's length. */
    private String withCustomerNote(TpchRandom r, String comment, String note) {
        String customer = "Customer ";
        int free = Math.max(0, comment.length() - customer.length() - note.length());
        int before = r.between(0, free);
        int between = r.between(0, free - before);
        String filler = text.comment(r, Math.max(free, 1), Math.max(free, 1));
        return filler.substring(0, before) + customer + filler.substring(before, before + between) + note
            + filler.substring(before + between, free);
    }

    public Object[] part(long key) {
        TpchRandom r = new TpchRandom(PART_SEED, key);
        Set<String> words = new LinkedHashSet<>();
        while (words.size() < 5) {
            words.add(r.pick(COLORS));
        }
        int manufacturer = r.between(1, 5);
        int brand = r.between(1, 5);
        String type = r.pick(TYPE_SIZES) + " " + r.pick(TYPE_FINISHES) + " " + r.pick(TYPE_MATERIALS);
        long size = r.between(1, 50);
        String container = r.pick(CONTAINER_SIZES) + " " + r.pick(CONTAINER_KINDS);
        return new Object[] {key, String.join(" ", words), "Manufacturer#" + manufacturer,
            "Brand#" + manufacturer + brand, type, size, container, money(retailPriceCents(key)),
            text.comment(r, 5, 22)};
    }

    /** P_RETAILPRICE in cents: 90000 + ((key / 10) mod 20001) + 100 * (key mod 1000). */
    static long retailPriceCents(long partKey) {
        return 90_000 + (partKey / 10) % 20_001 + 100 * (partKey % 1_000);
    }

    /** The i-th (0..3) supplier of a part: (key + i * (S/4 + (key-1)/S)) mod S + 1. */
    long partSupplier(long partKey, int i) {
        return (partKey + i * (suppliers / 4 + (partKey - 1) / suppliers)) % suppliers + 1;
    }

    /** The four PARTSUPP rows of a part. */
    public List<Object[]> partsupps(long partKey) {
        List<Object[]> rows = new ArrayList<>(4);
        for (int i = 0; i < 4; i++) {
            TpchRandom r = new TpchRandom(PARTSUPP_SEED, partKey * 4 + i);
            rows.add(new Object[] {partKey, partSupplier(partKey, i), (long) r.between(1, 9_999),
                money(r.between(100, 100_000)), text.comment(r, 49, 198)});
        }
        return rows;
    }

    public Object[] customer(long key) {
        TpchRandom r = new TpchRandom(CUSTOMER_SEED, key);
        int nation = r.between(0, 24);
        return new Object[] {key, String.format(Locale.ROOT, "Customer#%09d", key), address(r), (long) nation,
            phone(r, nation), money(r.between(-99_999, 999_999)), r.pick(SEGMENTS), text.comment(r, 29, 116)};
    }

    // ------------------------------------------------------------------ orders and lineitems

    /** An order row and its 1..7 lineitem rows. */
    public record Order(Object[] order, List<Object[]> lines) {
    }

    /** Sparse keys: of every 32 consecutive keys only the first 8 are used. */
    static long orderKey(long index) {
        long i = index - 1;
        return (i / 8) * 32 + i % 8 + 1;
    }

    /** The order with 1-based index {@code index} (1..{@link #orderCount()}). */
    public Order order(long index) {
        long key = orderKey(index);
        TpchRandom r = new TpchRandom(ORDER_SEED, key);
        long customer;
        do {
            customer = r.between(1, customers); // a third of the customers (keys divisible by 3) never order
        } while (customer % 3 == 0);
        long lastOrderDay = END_DATE.toEpochDay() - 151 - START_DATE.toEpochDay();
        LocalDate orderDate = START_DATE.plusDays(r.between(0, lastOrderDay));
        String priority = r.pick(PRIORITIES);
        String clerk = String.format(Locale.ROOT, "Clerk#%09d", r.between(1, clerks));
        String comment = text.comment(r, 19, 78);
        int lineCount = r.between(1, 7);
        List<Object[]> lines = new ArrayList<>(lineCount);
        long totalTenThousandths = 0; // cents * 1/10000, summed exactly
        int open = 0;
        for (int line = 1; line <= lineCount; line++) {
            long part = r.between(1, parts);
            long supplier = partSupplier(part, r.between(0, 3));
            long quantity = r.between(1, 50);
            long discount = r.between(0, 10);
            long tax = r.between(0, 8);
            long extended = quantity * retailPriceCents(part);
            LocalDate ship = orderDate.plusDays(r.between(1, 121));
            LocalDate commit = orderDate.plusDays(r.between(30, 90));
            LocalDate receipt = ship.plusDays(r.between(1, 30));
            String returnFlag = receipt.isAfter(CURRENT_DATE) ? "N" : r.between(0, 1) == 0 ? "R" : "A";
            String lineStatus = ship.isAfter(CURRENT_DATE) ? "O" : "F";
            open += lineStatus.equals("O") ? 1 : 0;
            totalTenThousandths += extended * (100 + tax) * (100 - discount);
            lines.add(new Object[] {key, part, supplier, (long) line, money(quantity * 100), money(extended),
                money(discount), money(tax), returnFlag, lineStatus, ship, commit, receipt, r.pick(INSTRUCTIONS),
                r.pick(SHIP_MODES), text.comment(r, 10, 43)});
        }
        String status = open == lineCount ? "O" : open == 0 ? "F" : "P";
        long totalCents = (totalTenThousandths + 5_000) / 10_000;
        Object[] order = {key, customer, status, money(totalCents), orderDate, priority, clerk, 0L, comment};
        return new Order(order, lines);
    }

    // ------------------------------------------------------------------ value helpers

    private static BigDecimal money(long cents) {
        return BigDecimal.valueOf(cents, 2);
    }

    /** Country code (nation key + 10), then three random groups: "CC-LLL-LLL-LLLL". */
    private static String phone(TpchRandom r, int nation) {
        return String.format(Locale.ROOT, "%02d-%03d-%03d-%04d", nation + 10, r.between(100, 999),
            r.between(100, 999), r.between(1000, 9999));
    }

    /** A variable-length random string of 10..40 address characters. */
    private static String address(TpchRandom r) {
        int length = r.between(10, 40);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(ADDRESS_CHARS.charAt(r.between(0, ADDRESS_CHARS.length() - 1)));
        }
        return sb.toString();
    }
}
