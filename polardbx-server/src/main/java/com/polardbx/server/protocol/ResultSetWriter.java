package com.polardbx.server.protocol;

import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.RowCursor;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.function.IntSupplier;

/** Writes result sets: column count, column definitions, text or binary rows, and the terminator. */
public final class ResultSetWriter {
    private final PacketWriter writer;

    public ResultSetWriter(PacketWriter writer) {
        this.writer = writer;
    }

    /**
     * Streams all rows of {@code cursor} (the caller closes it).
     *
     * @param status supplies the status flags for the terminator, read after the last row
     * @param warnings supplies the warning count for the terminator, read after the last row
     * @return the number of rows sent
     */
    public long write(RowCursor cursor, boolean binary, IntSupplier status, IntSupplier warnings) {
        List<ColumnMeta> columns = cursor.columns();
        ByteBuf count = writer.newPayload();
        WireFormat.writeLenencInt(count, columns.size());
        writer.write(count);
        writeColumnDefinitions(columns, false);
        if (!writer.deprecateEof()) {
            writer.writeEof(status.getAsInt(), 0);
        }
        Object[] row;
        long rows = 0;
        while ((row = cursor.next()) != null) {
            writer.write(binary ? binaryRow(columns, row) : textRow(columns, row));
            rows++;
        }
        writer.writeResultEnd(status.getAsInt(), warnings.getAsInt());
        return rows;
    }

    /** One column definition packet per column; {@code withDefault} adds COM_FIELD_LIST's default-value field. */
    public void writeColumnDefinitions(List<ColumnMeta> columns, boolean withDefault) {
        for (ColumnMeta c : columns) {
            ByteBuf p = writer.newPayload();
            WireFormat.writeLenencString(p, "def");
            WireFormat.writeLenencString(p, c.schema());
            WireFormat.writeLenencString(p, c.table());
            WireFormat.writeLenencString(p, c.orgTable());
            WireFormat.writeLenencString(p, com.polardbx.common.sql.ByteStrings.printable(c.name()));
            WireFormat.writeLenencString(p, c.orgName());
            p.writeByte(0x0C);
            p.writeShortLE(c.charset());
            p.writeIntLE((int) Math.min(c.length(), 0xFFFFFFFFL));
            p.writeByte(c.type().code());
            p.writeShortLE(c.flags());
            p.writeByte(c.decimals());
            p.writeShortLE(0);
            if (withDefault) {
                p.writeByte(WireFormat.NULL_VALUE);
            }
            writer.write(p);
        }
    }

    private ByteBuf textRow(List<ColumnMeta> columns, Object[] row) {
        ByteBuf p = writer.newPayload();
        try {
            writeTextValues(p, columns, row);
            return p;
        } catch (RuntimeException e) {
            writer.discard(p);
            throw e;
        }
    }

    private static void writeTextValues(ByteBuf p, List<ColumnMeta> columns, Object[] row) {
        for (int i = 0; i < columns.size(); i++) {
            Object v = i < row.length ? row[i] : null;
            if (v == null) {
                p.writeByte(WireFormat.NULL_VALUE);
            } else {
                ColumnMeta c = columns.get(i);
                WireFormat.writeLenencBytes(p, c.type().isTemporal() && v instanceof String text
                    ? TextValues.toBytes(TemporalFraction.padded(text, c.decimals()))
                    : TextValues.toBytes(v, c.decimals()));
            }
        }
    }

    private ByteBuf binaryRow(List<ColumnMeta> columns, Object[] row) {
        ByteBuf p = writer.newPayload();
        try {
            writeBinaryValues(p, columns, row);
            return p;
        } catch (RuntimeException e) {
            writer.discard(p);
            throw e;
        }
    }

    private static void writeBinaryValues(ByteBuf p, List<ColumnMeta> columns, Object[] row) {
        p.writeByte(0x00);
        int n = columns.size();
        // NULL bitmap with the binary protocol's offset of 2 bits
        byte[] nulls = new byte[(n + 7 + 2) / 8];
        for (int i = 0; i < n; i++) {
            if (i >= row.length || row[i] == null) {
                int bit = i + 2;
                nulls[bit / 8] |= (byte) (1 << (bit % 8));
            }
        }
        p.writeBytes(nulls);
        for (int i = 0; i < n; i++) {
            if (i < row.length && row[i] != null) {
                BinaryValues.write(p, columns.get(i).type(), row[i]);
            }
        }
    }
}
