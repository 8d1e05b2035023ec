package com.polardbx.executor.ddl;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.IndexDef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the real shape of a physical table back from its data node, so logical metadata matches what MySQL would
 * print for the same DDL ({@code SHOW FULL COLUMNS}, {@code SHOW INDEX}, {@code SHOW CREATE TABLE}).
 */
final class PhysicalTableInspector {
    /** The DN's auto-increment counter is meaningless for a logical table: ids come from the GMS sequence. */
    private static final Pattern AUTO_INCREMENT_OPTION = Pattern.compile(" AUTO_INCREMENT=\\d+");

    /** A physical table or foreign key name {@code <name>_<4 hex>_<5 digits>}, see {@link ForeignKeyText}. */
    private static final Pattern PHYSICAL_NAME = Pattern.compile("`([A-Za-z0-9_$]+?)_[0-9a-f]{4}_[0-9]{5}`");
    private static final Pattern PHYSICAL_DB = Pattern.compile("`([A-Za-z0-9_$]+)_p[0-9]+`\\.");

    private final PhysicalExecutor physical;

    PhysicalTableInspector(PhysicalExecutor physical) {
        this.physical = physical;
    }

    List<ColumnDef> columns(PhysicalLocation table) {
        return physical.query(table.dnId(), "SHOW FULL COLUMNS FROM " + table.qualifiedName(), rs -> {
            List<ColumnDef> columns = new ArrayList<>();
            while (rs.next()) {
                String extra = rs.getString("Extra");
                columns.add(new ColumnDef(rs.getString("Field"), rs.getString("Type"),
                    "YES".equalsIgnoreCase(rs.getString("Null")), rs.getString("Default"),
                    extra != null && extra.toLowerCase(Locale.ROOT).contains("auto_increment"), extra,
                    rs.getString("Comment"), rs.getString("Collation"), columns.size() + 1));
            }
            return columns;
        });
    }

    List<IndexDef> indexes(PhysicalLocation table) {
        return physical.query(table.dnId(), "SHOW INDEX FROM " + table.qualifiedName(), rs -> {
            Map<String, List<String>> columns = new LinkedHashMap<>();
            Map<String, Boolean> unique = new LinkedHashMap<>();
            while (rs.next()) {
                String name = rs.getString("Key_name");
                columns.computeIfAbsent(name, k -> new ArrayList<>()).add(rs.getString("Column_name"));
                unique.put(name, rs.getInt("Non_unique") == 0);
            }
            List<IndexDef> indexes = new ArrayList<>();
            columns.forEach((name, cols) -> indexes.add(new IndexDef(name, unique.get(name), List.copyOf(cols))));
            return indexes;
        });
    }

    /** The DN's {@code SHOW CREATE TABLE}, without the auto-increment counter. */
    String showCreate(PhysicalLocation table) {
        String text = physical.query(table.dnId(), "SHOW CREATE TABLE " + table.qualifiedName(),
            rs -> rs.next() ? rs.getString(2) : null);
        return AUTO_INCREMENT_OPTION.matcher(text).replaceAll("");
    }

    /** {@code SHOW CREATE TABLE} text with the logical name and the placement clause (if any) appended. */
    String logicalCreateSql(PhysicalLocation table, String logicalName, String placementClause) {
        String text = showCreate(table).replaceFirst(Pattern.quote(PhysicalLocation.quote(table.physicalTable())),
            java.util.regex.Matcher.quoteReplacement(PhysicalLocation.quote(logicalName)));
        return placementClause == null ? text : text + "\n" + placementClause;
    }

    /**
     * A digest of the table's shape, independent of its name and of the physical names in its foreign keys (their
     * constraint names and parents differ from one physical table to the next); used to tell altered from
     * not-yet-altered tables.
     */
    String signature(PhysicalLocation table) {
        String text = showCreate(table).replaceFirst(Pattern.quote(PhysicalLocation.quote(table.physicalTable())), "");
        text = PHYSICAL_NAME.matcher(text).replaceAll("`$1`");
        text = PHYSICAL_DB.matcher(text).replaceAll("`$1`.");
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean exists(PhysicalLocation table) {
        return physical.query(table.dnId(),
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + escape(table.physicalDb())
                + "' AND TABLE_NAME = '" + escape(table.physicalTable()) + "'",
            rs -> rs.next() && rs.getInt(1) > 0);
    }

    /** Whether any table whose name starts with {@code prefix} exists in the physical database. */
    boolean anyWithPrefix(String dnId, String physicalDb, String prefix) {
        String like = escape(prefix).replace("_", "\\_").replace("%", "\\%") + "%";
        return physical.query(dnId,
            "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + escape(physicalDb)
                + "' AND TABLE_NAME LIKE '" + like + "'",
            rs -> rs.next() && rs.getInt(1) > 0);
    }

    static String escape(String literal) {
        return literal.replace("\\", "\\\\").replace("'", "''");
    }
}
