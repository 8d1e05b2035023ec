package com.polardbx.executor.ddl;

import com.polardbx.gms.meta.ForeignKeyDef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The text of foreign keys: physical clauses sent to a DN and the logical lines of {@code SHOW CREATE TABLE}.
 *
 * <p>InnoDB wants constraint names unique per database, and the physical tables of one partitioned table share a
 * physical database, so a physical constraint is named {@code <name>_<4 hex>_<5 digits>} with the suffix of its
 * physical table. That is the shape of a physical table name, so a DN's 1451/1452 message names the logical
 * constraint once {@link com.polardbx.common.error.DataNodeMessages} has cleaned it.
 */
final class ForeignKeyText {
    private static final int MAX_IDENTIFIER = 64;
    private static final int SUFFIX = "_0000_00000".length();
    private static final Pattern FOREIGN_KEY_LINE = Pattern.compile("^\\s*CONSTRAINT `(?:[^`]|``)*` FOREIGN KEY .*");
    private static final Pattern CHECK_LINE = Pattern.compile("^\\s*CONSTRAINT `(?:[^`]|``)*` CHECK .*");

    private ForeignKeyText() {
    }

    /** The constraint's name on the physical table {@code child}. */
    static String physicalName(String logicalName, PhysicalLocation child) {
        String table = child.physicalTable();
        String base = logicalName.replaceAll("[^A-Za-z0-9_$]", "_");
        if (base.length() > MAX_IDENTIFIER - SUFFIX) {
            base = base.substring(0, MAX_IDENTIFIER - SUFFIX);
        }
        return base + table.substring(table.length() - SUFFIX);
    }

    /** {@code CONSTRAINT `phys` FOREIGN KEY (..) REFERENCES `db`.`t` (..) [ON DELETE ..] [ON UPDATE ..]}. */
    static String physicalClause(ForeignKeyDef key, PhysicalLocation child, PhysicalLocation parent) {
        return "CONSTRAINT " + PhysicalLocation.quote(physicalName(key.name(), child)) + " FOREIGN KEY "
            + columns(key.columns()) + " REFERENCES " + parent.qualifiedName() + " " + columns(key.refColumns())
            + key.actions();
    }

    /** {@code KEY `name` (..)}: the index MariaDB would have made for a key no index covers. */
    static String indexClause(String name, List<String> columns) {
        return "KEY " + PhysicalLocation.quote(name) + " " + columns(columns);
    }

    /**
     * A {@code SHOW CREATE TABLE} text with its foreign key lines replaced by the logical ones of {@code keys}, sorted
     * by name as InnoDB lists them; the parent is qualified when it is in another database, as MariaDB prints it.
     */
    static String withLogicalKeys(String createSql, String childSchema, List<ForeignKeyDef> keys) {
        String[] lines = createSql.split("\n", -1);
        int close = -1;
        for (int i = lines.length - 1; i > 0; i--) {
            if (lines[i].startsWith(")")) {
                close = i;
                break;
            }
        }
        if (close < 0) {
            return createSql;
        }
        List<String> body = new ArrayList<>();
        int insertAt = -1;
        for (int i = 1; i < close; i++) {
            String line = lines[i].endsWith(",") ? lines[i].substring(0, lines[i].length() - 1) : lines[i];
            if (FOREIGN_KEY_LINE.matcher(line).matches()) {
                insertAt = insertAt < 0 ? body.size() : insertAt;
            } else {
                if (insertAt < 0 && CHECK_LINE.matcher(line).matches()) {
                    insertAt = body.size();
                }
                body.add(line);
            }
        }
        List<String> logical = keys.stream().sorted(Comparator.comparing(ForeignKeyDef::name))
            .map(k -> "  " + logicalLine(k, childSchema)).toList();
        body.addAll(insertAt < 0 ? body.size() : insertAt, logical);
        StringBuilder out = new StringBuilder(lines[0]).append('\n');
        out.append(String.join(",\n", body));
        for (int i = close; i < lines.length; i++) {
            out.append('\n').append(lines[i]);
        }
        return out.toString();
    }

    private static String logicalLine(ForeignKeyDef k, String childSchema) {
        return k.clause(childSchema);
    }

    private static String columns(List<String> names) {
        return names.stream().map(PhysicalLocation::quote).collect(Collectors.joining(", ", "(", ")"));
    }
}
