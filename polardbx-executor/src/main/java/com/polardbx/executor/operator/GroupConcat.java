package com.polardbx.executor.operator;

import com.polardbx.executor.chunk.Block;
import com.polardbx.executor.chunk.BlockBuilder;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.ExecType;
import com.polardbx.executor.chunk.ValueComparator;
import com.polardbx.executor.chunk.Values;
import com.polardbx.executor.spill.ChunkSerde;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * GROUP_CONCAT(value [ORDER BY ...] [SEPARATOR s]): the group's non-NULL values as text, in the ORDER BY order (input
 * order for ties), joined by the separator (default ','), cut at {@link #MAX_BYTES} like MySQL's
 * group_concat_max_len; NULL for a group without values. Holds the group's values; its state spills as one
 * serialized chunk.
 */
final class GroupConcat extends Accumulator {
    /** group_concat_max_len as the DNs (MariaDB 10.11) have it by default. */
    static final int MAX_BYTES = 1_048_576;

    private final int valueChannel;
    private final int separatorChannel;
    private final List<SortKey> order;
    private final List<Object[]> rows = new ArrayList<>(); // value, separator, then the order keys
    private ExecType[] types;
    private long bytes;

    /** {@code separatorChannel} < 0: the default ','; {@code order} keys name input channels. */
    GroupConcat(int valueChannel, int separatorChannel, List<SortKey> order) {
        this.valueChannel = valueChannel;
        this.separatorChannel = separatorChannel;
        this.order = List.copyOf(order);
    }

    @Override
    void add(Chunk chunk, int position) {
        Object value = chunk.get(valueChannel, position);
        if (value == null) {
            return;
        }
        Object[] row = new Object[2 + order.size()];
        row[0] = value;
        row[1] = separatorChannel < 0 ? "," : chunk.get(separatorChannel, position);
        for (int i = 0; i < order.size(); i++) {
            row[2 + i] = chunk.get(order.get(i).channel(), position);
        }
        if (types == null) {
            types = new ExecType[row.length];
            types[0] = chunk.block(valueChannel).execType();
            types[1] = ExecType.STRING;
            for (int i = 0; i < order.size(); i++) {
                types[2 + i] = chunk.block(order.get(i).channel()).execType();
            }
        }
        remember(row);
    }

    private void remember(Object[] row) {
        rows.add(row);
        bytes += 48 + 16L * row.length + Values.toText(row[0]).length() * 2L;
    }

    @Override
    Object[] result() {
        if (rows.isEmpty()) {
            return new Object[] {null};
        }
        List<Object[]> sorted = new ArrayList<>(rows);
        sorted.sort(comparator()); // List.sort is stable: ties keep input order
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0) {
                sb.append(Values.toText(sorted.get(i)[1] == null ? "" : sorted.get(i)[1]));
            }
            sb.append(Values.toText(sorted.get(i)[0]));
        }
        return new Object[] {cut(sb.toString())};
    }

    private Comparator<Object[]> comparator() {
        Comparator<Object[]> c = (a, b) -> 0;
        for (int i = 0; i < order.size(); i++) {
            int at = 2 + i;
            SortKey key = order.get(i);
            Comparator<Object[]> byKey = (a, b) -> ValueComparator.compare(a[at], b[at], key.collation());
            c = c.thenComparing(key.ascending() ? byKey : byKey.reversed());
        }
        return c;
    }

    /** The longest prefix of whole characters within MAX_BYTES of UTF-8. */
    private static String cut(String s) {
        if (s.length() * 3L <= MAX_BYTES || s.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
            return s;
        }
        int bytes = 0;
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            int width = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + width > MAX_BYTES) {
                break;
            }
            bytes += width;
            i += Character.charCount(cp);
        }
        return s.substring(0, i);
    }

    @Override
    long sizeInBytes() {
        return 32 + bytes;
    }

    @Override
    List<ColumnType> stateTypes() {
        return List.of(ColumnType.VARBINARY);
    }

    @Override
    void writeState(Object[] row, int offset) {
        if (rows.isEmpty()) {
            row[offset] = null;
            return;
        }
        Block[] blocks = new Block[types.length];
        for (int c = 0; c < types.length; c++) {
            BlockBuilder b = BlockBuilder.create(types[c], rows.size());
            for (Object[] r : rows) {
                b.append(r[c]);
            }
            blocks[c] = b.build();
        }
        row[offset] = ChunkSerde.serialize(new Chunk(rows.size(), blocks));
    }

    @Override
    void readState(Chunk chunk, int position, int offset) {
        Object blob = chunk.get(offset, position);
        if (blob == null) {
            return;
        }
        Chunk saved = ChunkSerde.deserialize((byte[]) blob);
        types = new ExecType[saved.channelCount()];
        for (int c = 0; c < types.length; c++) {
            types[c] = saved.block(c).execType();
        }
        for (int p = 0; p < saved.positionCount(); p++) {
            remember(saved.row(p));
        }
    }
}
