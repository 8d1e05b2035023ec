package com.polardbx.server.handler;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.type.MysqlType;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.store.MetaStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The last touch on a SELECT's column definitions, so they read as MariaDB's: a table column's length, type and
 * BLOB/ENUM/SET flags from its declaration (the driver the CN reads DNs through reports precision, not display
 * width: {@code INT(11)} came back 10, {@code TINYINT(1)} 3, {@code TEXT} in characters; ENUM as VARCHAR), the
 * results' collation for text, and an expression's type, flags and decimals as MariaDB sets them (BINARY for
 * numbers and temporal values and for strings in a binary collation; decimals 39, "not fixed", for short character
 * strings). A planned query's expressions then get the length and decimals MariaDB derives from their arguments
 * ({@link SourcedColumns#widths}).
 */
final class ResultMetadata {
    /** utf8mb4_bin, utf8mb3_bin, latin1_bin, ascii_bin: MariaDB flags an expression in a _bin collation BINARY. */
    private static final java.util.Set<Integer> BIN_COLLATIONS = java.util.Set.of(46, 83, 47, 65);
    private static final int NOT_FIXED_DECIMALS = 39;
    private static final int BLOB_FLAG = 16;
    private static final int ENUM_FLAG = 256;
    private static final int SET_FLAG = 2048;
    private static final java.util.Set<MysqlType> NUMBERS = java.util.EnumSet.of(MysqlType.DECIMAL,
        MysqlType.NEWDECIMAL, MysqlType.FLOAT, MysqlType.DOUBLE);

    private ResultMetadata() {
    }

    static RowCursor asMariaDbSends(RowCursor cursor, MetaStore meta) {
        List<ColumnMeta> columns = new ArrayList<>(cursor.columns().size());
        boolean changed = false;
        for (ColumnMeta c : cursor.columns()) {
            ColumnMeta fixed = c.orgName().isEmpty() ? expression(c) : tableColumn(c, meta);
            changed |= !fixed.equals(c);
            columns.add(fixed);
        }
        if (!changed) {
            return cursor;
        }
        return cursor.withColumns(columns);
    }

    private static ColumnMeta tableColumn(ColumnMeta c, MetaStore meta) {
        if (c.schema().isEmpty() || c.orgTable().isEmpty()) {
            return c;
        }
        Optional<com.polardbx.gms.meta.TableMeta> table = meta.table(c.schema(), c.orgTable());
        Optional<ColumnDef> column = table.flatMap(t -> t.column(c.orgName()));
        if (column.isEmpty()) {
            return c;
        }
        String declared = column.get().sqlType().toLowerCase(Locale.ROOT);
        String base = declared.replaceAll("[ (].*", "");
        long length = DeclaredLength.of(declared, column.get().collation());
        MysqlType type = base.equals("enum") || base.equals("set") ? MysqlType.STRING : c.type();
        int flags = c.flags() & ~(BLOB_FLAG | ENUM_FLAG | SET_FLAG);
        if (base.endsWith("blob") || base.endsWith("text")) {
            flags |= BLOB_FLAG;
        }
        flags |= base.equals("enum") ? ENUM_FLAG : base.equals("set") ? SET_FLAG : 0;
        flags |= SourcedColumns.globalIndexFlags(table.get(), column.get().name());
        if (c.type().isInteger() || NUMBERS.contains(c.type())) {
            flags &= ~ColumnMeta.BINARY_FLAG; // MariaDB flags a numeric column BINARY only as an expression
        }
        return new ColumnMeta(c.schema(), c.table(), c.orgTable(), c.name(), c.orgName(), resultCollation(c),
            length >= 0 ? length : c.length(), type, flags, c.decimals());
    }

    private static ColumnMeta expression(ColumnMeta c) {
        boolean binary = c.charset() == ColumnMeta.CHARSET_BINARY;
        if (c.type() == MysqlType.NULL) {
            return c;
        }
        MysqlType type = c.type() == MysqlType.STRING ? MysqlType.VAR_STRING : c.type();
        int flags = binary || BIN_COLLATIONS.contains(c.charset()) ? c.flags() | ColumnMeta.BINARY_FLAG : c.flags();
        flags &= ~BLOB_FLAG; // MariaDB flags only a table column BLOB, not MAX(varbinary), UPPER(text), ...
        int decimals = isString(type) ? NOT_FIXED_DECIMALS : c.decimals();
        return new ColumnMeta(c.schema(), c.table(), c.orgTable(), c.name(), c.orgName(), resultCollation(c),
            c.length(), type, flags, decimals);
    }

    /** Text goes to clients as UTF-8 whatever the column's collation: MariaDB names the results' own collation. */
    private static int resultCollation(ColumnMeta c) {
        return c.charset() == ColumnMeta.CHARSET_BINARY ? c.charset() : ColumnMeta.CHARSET_UTF8MB4;
    }

    private static boolean isString(MysqlType type) {
        return type == MysqlType.VAR_STRING || type == MysqlType.STRING || type == MysqlType.VARCHAR;
    }
}
