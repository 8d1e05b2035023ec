package com.polardbx.cdc.write;

import com.polardbx.cdc.format.BinlogWriter;
import com.polardbx.cdc.format.EventType;
import com.polardbx.cdc.merge.DdlEvent;
import com.polardbx.cdc.merge.LogicalTransaction;
import com.polardbx.cdc.merge.TransactionEvent;
import com.polardbx.cdc.merge.RowsEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes one logical transaction as MySQL does: {@code BEGIN}, a TABLE_MAP before the first rows event of each table
 * in each statement, the rows events (v2) with logical names and this binlog's table ids, and an XID event. The
 * last rows event carries the statement-end flag. Used by the writer thread.
 */
public final class TransactionWriter {
    private final BinlogWriter out;
    /** Table ids of this binlog, one per logical table and column layout. */
    private final Map<String, Long> tableIds = new HashMap<>();
    private long nextTableId = 1;
    private long nextXid = 1;

    public TransactionWriter(BinlogWriter out) {
        this.out = out;
    }

    public void write(LogicalTransaction t) {
        long seconds = timestampSeconds(t.key().ts());
        List<RowsEvent> rows = new java.util.ArrayList<>();
        Set<DdlEvent> ddls = new java.util.LinkedHashSet<>();
        for (TransactionEvent e : t.events()) {
            if (e instanceof RowsEvent r) {
                rows.add(r);
            } else if (e instanceof DdlEvent d) {
                ddls.add(d); // every DN carries the mark: one QUERY each
            }
        }
        for (DdlEvent d : ddls) {
            out.appendQuery(seconds, d.schema(), d.sql());
        }
        if (rows.isEmpty()) {
            return;
        }
        out.appendQuery(seconds, "", "BEGIN");
        Set<Long> mapped = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            RowsEvent r = rows.get(i);
            String layout = r.table().schema() + "\u0000" + r.table().table() + "\u0000"
                + java.util.HexFormat.of().formatHex(r.tableMap());
            long id = tableIds.computeIfAbsent(layout, k -> nextTableId++);
            if (mapped.add(id)) {
                out.append(EventType.TABLE_MAP, seconds, 0, tableMap(id, r));
            }
            boolean last = i == rows.size() - 1;
            byte[] body = rowsBody(id, r, last);
            out.append(r.type(), seconds, 0, body);
            if ((flags(body) & EventType.ROWS_STMT_END) != 0) {
                mapped.clear(); // consumers forget their table maps at a statement end
            }
        }
        out.appendXid(seconds, nextXid++);
    }

    /** The physical time of a TSO timestamp (ms in its high bits), in seconds; now for a missing one. */
    private static long timestampSeconds(long tso) {
        long millis = tso >>> 22;
        return millis > 0 ? millis / 1000 : System.currentTimeMillis() / 1000;
    }

    private static byte[] tableMap(long id, RowsEvent r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        writeId(b, id);
        b.write(1); // flags: 0x0001 as MySQL sets them
        b.write(0);
        byte[] db = r.table().schema().getBytes(StandardCharsets.UTF_8);
        byte[] table = r.table().table().getBytes(StandardCharsets.UTF_8);
        b.write(db.length);
        b.writeBytes(db);
        b.write(0);
        b.write(table.length);
        b.writeBytes(table);
        b.write(0);
        b.writeBytes(r.tableMap());
        return b.toByteArray();
    }

    private static byte[] rowsBody(long id, RowsEvent r, boolean last) {
        byte[] in = r.body();
        ByteArrayOutputStream b = new ByteArrayOutputStream(in.length + 2);
        writeId(b, id);
        int flags = (in[6] & 0xFF) | ((in[7] & 0xFF) << 8);
        if (last) {
            flags |= EventType.ROWS_STMT_END;
        }
        b.write(flags & 0xFF);
        b.write(flags >>> 8);
        if (r.v1()) {
            b.write(2); // extra-data length, counting itself: no extra data
            b.write(0);
        }
        b.write(in, 8, in.length - 8);
        return b.toByteArray();
    }

    private static int flags(byte[] rowsBody) {
        return (rowsBody[6] & 0xFF) | ((rowsBody[7] & 0xFF) << 8);
    }

    private static void writeId(ByteArrayOutputStream b, long id) {
        for (int i = 0; i < 6; i++) {
            b.write((int) (id >>> (8 * i)) & 0xFF);
        }
    }
}
