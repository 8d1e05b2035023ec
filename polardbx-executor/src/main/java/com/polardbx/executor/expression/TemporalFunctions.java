package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;
import java.util.Locale;

/** EXTRACT(unit FROM date/datetime) (also YEAR(), MONTH(), ... which Calcite turns into EXTRACT). */
final class TemporalFunctions {
    private TemporalFunctions() {
    }

    /** {@code unit} is Calcite's time unit name (YEAR, QUARTER, MONTH, DAY, HOUR, MINUTE, SECOND, MICROSECOND). */
    static RowExpression extract(String unit, RowExpression arg, ColumnType type) {
        int field = switch (unit.toUpperCase(Locale.ROOT)) {
            case "YEAR" -> 0;
            case "MONTH" -> 1;
            case "DAY" -> 2;
            case "HOUR" -> 3;
            case "MINUTE" -> 4;
            case "SECOND" -> 5;
            case "MICROSECOND" -> 6;
            case "QUARTER" -> -1;
            default -> throw ExpressionCompiler.unsupported("EXTRACT(" + unit + ")");
        };
        // an invalid date gives NULL, as MySQL does (with a warning)
        return new StrictCall(type, new RowExpression[] {arg}, v -> {
            int[] parts = TemporalText.parse(v[0]);
            if (parts == null && field >= 3) {
                parts = timeParts(Values.toText(v[0]));
            }
            if (parts == null) {
                return null;
            }
            return (long) (field < 0 ? (parts[1] + 2) / 3 : parts[field]);
        });
    }

    private static final java.util.regex.Pattern TIME = java.util.regex.Pattern.compile(
        "\\s*-?(\\d+):(\\d{1,2}):(\\d{1,2})(?:\\.(\\d{1,6}))?\\s*");

    /** The hour, minute, second, microsecond of a TIME value ('838:59:59' included) in a parts array, or null. */
    private static int[] timeParts(String text) {
        java.util.regex.Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            return null;
        }
        int micro = m.group(4) == null ? 0 : Integer.parseInt((m.group(4) + "00000").substring(0, 6));
        return new int[] {0, 0, 0, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
            Integer.parseInt(m.group(3)), micro};
    }
}
