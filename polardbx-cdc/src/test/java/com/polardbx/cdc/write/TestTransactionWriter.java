package com.polardbx.cdc.write;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.shyiko.mysql.binlog.BinaryLogFileReader;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.polardbx.cdc.api.BinlogEventStream;
import com.polardbx.cdc.api.LogPosition;
import com.polardbx.cdc.format.BinlogDirectory;
import com.polardbx.cdc.format.BinlogWriter;
import com.polardbx.cdc.format.EventEncoder;
import com.polardbx.cdc.format.FileEventStream;
import com.polardbx.cdc.merge.CommitKey;
import com.polardbx.cdc.merge.LogicalTransaction;
import com.polardbx.cdc.merge.RowsEvent;
import com.polardbx.cdc.meta.LogicalTable;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written by the CDC read back by mysql-binlog-connector-java's file reader (an independent parser): the
 * MySQL 5.7 FORMAT_DESCRIPTION, BEGIN, TABLE_MAP with logical names, v2 rows converted from MariaDB's v1, XID,
 * ROTATE into the next file; and by the CDC's own stream across the rotation.
 */
class TestTransactionWriter {
    /** TABLE_MAP column section of a table with one INT NOT NULL column: count, type LONG, no metadata, no nulls. */
    private static final byte[] ONE_INT = {1, 3, 0, 0};

    /** A MariaDB v1 WRITE_ROWS body for table id 77 with one row holding {@code value}. */
    private static byte[] v1Insert(int value) {
        return new byte[] {77, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, (byte) value, (byte) (value >> 8), 0, 0};
    }

    @Test
    void theFilesParseAsAMySqlBinlogAndRotate(@TempDir Path dir) throws Exception {
        BinlogDirectory directory = new BinlogDirectory(dir);
        BinlogWriter out = new BinlogWriter(directory, new EventEncoder(7, "5.7.99-polardbx-cdc"), 300, null);
        TransactionWriter writer = new TransactionWriter(out);
        LogicalTable table = new LogicalTable("shop", "orders", true);
        for (int i = 1; i <= 3; i++) {
            writer.write(new LogicalTransaction(CommitKey.twoPhase((1_700_000_000_000L + i) << 22),
                List.of(new RowsEvent(table, ONE_INT, 30, true, v1Insert(i)),
                    new RowsEvent(table, ONE_INT, 30, true, v1Insert(100 + i)))));
            out.publish(out.flush());
        }
        List<String> files = directory.names();
        assertTrue(files.size() >= 2, "rotated: " + files);

        List<String> seen = new ArrayList<>();
        for (String f : files) {
            try (BinaryLogFileReader reader = new BinaryLogFileReader(new File(dir.toFile(), f))) {
                for (Event e = reader.readEvent(); e != null; e = reader.readEvent()) {
                    seen.add(describe(e));
                }
            }
        }
        assertEquals("FORMAT_DESCRIPTION", seen.get(0));
        assertTrue(seen.contains("BEGIN"), seen.toString());
        assertTrue(seen.contains("TABLE_MAP shop.orders"), seen.toString());
        assertTrue(seen.contains("ROTATE binlog.000002"), seen.toString());
        List<String> rows = seen.stream().filter(s -> s.startsWith("ROWS")).toList();
        assertEquals(List.of("ROWS [1]", "ROWS [101]", "ROWS [2]", "ROWS [102]", "ROWS [3]", "ROWS [103]"), rows);
        assertEquals(3, seen.stream().filter(s -> s.equals("XID")).count());

        // the CDC's stream from the start reads the same events across the rotation
        int events = 0;
        try (BinlogEventStream stream = new FileEventStream(directory, new LogPosition(files.get(0), 4))) {
            while (stream.next(0) != null) {
                events++;
            }
            assertEquals(directory.committed(), stream.position());
        }
        assertEquals(seen.size(), events);
    }

    @Test
    void aRestartCutsWhatWasWrittenAfterTheCheckpoint(@TempDir Path dir) throws Exception {
        BinlogDirectory directory = new BinlogDirectory(dir);
        EventEncoder encoder = new EventEncoder(7, "5.7.99-polardbx-cdc");
        BinlogWriter out = new BinlogWriter(directory, encoder, 1 << 20, null);
        LogPosition checkpoint = out.flush();
        out.appendQuery(0, "", "BEGIN"); // written but never checkpointed: a crash here
        out.flush();
        out.close();
        long written = Files.size(dir.resolve(checkpoint.file()));
        assertTrue(written > checkpoint.position());
        BinlogWriter resumed = new BinlogWriter(directory, encoder, 1 << 20, checkpoint);
        assertEquals(checkpoint.position(), Files.size(dir.resolve(checkpoint.file())));
        assertEquals(checkpoint, directory.committed());
        resumed.close();
    }

    private static String describe(Event e) {
        EventType type = e.getHeader().getEventType();
        if (e.getData() instanceof QueryEventData q) {
            return q.getSql();
        }
        if (e.getData() instanceof TableMapEventData m) {
            return "TABLE_MAP " + m.getDatabase() + "." + m.getTable();
        }
        if (e.getData() instanceof WriteRowsEventData w) {
            return "ROWS " + Arrays.toString(w.getRows().get(0));
        }
        if (e.getData() instanceof RotateEventData r) {
            return "ROTATE " + r.getBinlogFilename();
        }
        return type.name();
    }
}
