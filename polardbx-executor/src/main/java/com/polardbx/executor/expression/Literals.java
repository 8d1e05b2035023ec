package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import java.math.BigDecimal;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/** Converts Calcite literals into executor values of their {@link ColumnType}. */
final class Literals {
    private Literals() {
    }

    static Constant compile(RexLiteral literal) {
        ColumnType type = TypeMapping.of(literal.getType());
        if (literal.isNull()) {
            return new Constant(null, type);
        }
        Object value = switch (literal.getType().getSqlTypeName()) {
            case BOOLEAN -> Truth.of(Boolean.TRUE.equals(literal.getValueAs(Boolean.class)));
            case TINYINT, SMALLINT, INTEGER, BIGINT, UTINYINT, USMALLINT, UINTEGER ->
                literal.getValueAs(BigDecimal.class).longValueExact();
            case UBIGINT -> literal.getValueAs(BigDecimal.class).toBigIntegerExact();
            case DECIMAL -> literal.getValueAs(BigDecimal.class);
            case FLOAT, REAL, DOUBLE -> literal.getValueAs(Double.class);
            case CHAR, VARCHAR -> literal.getValueAs(String.class);
            case BINARY, VARBINARY -> literal.getValueAs(ByteString.class).getBytes();
            case DATE -> literal.getValueAs(DateString.class).toString();
            case TIME -> literal.getValueAs(TimeString.class).toString();
            case TIMESTAMP -> literal.getValueAs(TimestampString.class).toString();
            default -> literal.getValue2() == null ? null : literal.getValue2().toString();
        };
        return new Constant(value, type);
    }
}
