package com.polardbx.executor.scan;

import com.polardbx.common.type.MysqlType;
import com.polardbx.executor.chunk.Chunk;
import com.polardbx.executor.chunk.ChunkBuilder;
import com.polardbx.executor.chunk.ColumnType;
import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * Reads a JDBC result set into chunks of up to {@link Chunk#DEFAULT_SIZE} rows, converting each column by its
 * MySQL type: integers with getLong, BIGINT UNSIGNED as BigInteger, DECIMAL with getBigDecimal, DOUBLE/FLOAT as
 * doubles (FLOAT through its shortest decimal text, as MySQL prints it), temporal values with getString (MySQL's own
 * text), binary strings with getBytes. Not thread-safe.
 */
final class ResultSetChunkReader {
    private final ResultSet resultSet;
    private final List<ColumnType> types;
    private boolean exhausted;

    ResultSetChunkReader(ResultSet resultSet, List<ColumnType> types) {
        this.resultSet = resultSet;
        this.types = types;
    }

    /** The next chunk, or {@code null} at the end of the result set. */
    Chunk next() throws SQLException {
        if (exhausted) {
            return null;
        }
        ChunkBuilder builder = new ChunkBuilder(types);
        Object[] row = new Object[types.size()];
        while (!builder.isFull()) {
            if (!resultSet.next()) {
                exhausted = true;
                break;
            }
            for (int c = 0; c < row.length; c++) {
                row[c] = read(c + 1, types.get(c));
            }
            builder.appendRow(row);
        }
        return builder.isEmpty() ? null : builder.build();
    }

    boolean isExhausted() {
        return exhausted;
    }

    private Object read(int column, ColumnType type) throws SQLException {
        ResultSet rs = resultSet;
        Object value = switch (type.execType()) {
            case LONG -> {
                if (type.mysqlType() == MysqlType.YEAR) {
                    String s = rs.getString(column);
                    yield s == null ? null : Long.parseLong(s.length() > 4 ? s.substring(0, 4) : s);
                }
                long v = rs.getLong(column);
                yield rs.wasNull() ? null : v;
            }
            case BIG_INTEGER -> {
                String s = rs.getString(column);
                yield s == null ? null : new BigInteger(s);
            }
            case DECIMAL -> rs.getBigDecimal(column);
            case DOUBLE -> {
                if (type.mysqlType() == MysqlType.FLOAT) {
                    float f = rs.getFloat(column);
                    yield rs.wasNull() ? null : Double.parseDouble(Float.toString(f));
                }
                double d = rs.getDouble(column);
                yield rs.wasNull() ? null : d;
            }
            case STRING -> type.mysqlType().isTemporal() && type.scale() > 0
                ? withFraction(rs.getString(column), type.scale()) : rs.getString(column);
            case BYTES -> rs.getBytes(column);
        };
        return value;
    }

    /**
     * A DATETIME/TIMESTAMP/TIME text with exactly {@code digits} fractional digits, as MariaDB prints a column of
     * that precision: the driver drops a fraction of zero ({@code 00:00:00} for {@code 00:00:00.000}).
     */
    static String withFraction(String text, int digits) {
        if (text == null) {
            return null;
        }
        int dot = text.lastIndexOf('.');
        int colon = text.lastIndexOf(':');
        int have = dot > colon ? text.length() - dot - 1 : -1;
        if (have == digits) {
            return text;
        }
        StringBuilder b = new StringBuilder(text);
        if (have < 0) {
            b.append('.');
            have = 0;
        }
        if (have > digits) {
            return b.substring(0, b.length() - (have - digits));
        }
        b.append("0".repeat(digits - have));
        return b.toString();
    }
}
