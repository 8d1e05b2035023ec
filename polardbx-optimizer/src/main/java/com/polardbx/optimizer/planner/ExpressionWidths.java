package com.polardbx.optimizer.planner;

import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.optimizer.catalog.CatalogTable;
import com.polardbx.optimizer.planner.ItemWidth.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The width MariaDB gives a query's output column, derived from its arguments the way MariaDB types expressions
 * ({@code Item::fix_length_and_dec}), over the logical plan: the length and decimals the CN sends are then MariaDB's
 * whether the CN or a DN computed the column (the driver the CN reads DNs through reports precision, and a DN sees
 * the CN's rewrite, such as partial sums). Each rule below is one of MariaDB's; a call without a rule has no width
 * (null) and keeps the length the executor gave it.
 */
final class ExpressionWidths {
    private static final int DIV_PRECISION_INCREMENT = 4;
    private static final int DECIMAL_LONGLONG_DIGITS = 22;
    private static final int DECIMAL_MAX_SCALE = 38;
    private static final long GROUP_CONCAT_MAX_LEN = 1048576;
    private static final int BOOLEAN_WIDTH = 1;
    private static final int COUNT_WIDTH = 21;
    private static final int LENGTH_WIDTH = 10;
    private static final int YEAR_WIDTH = 4;

    private ExpressionWidths() {
    }

    /** The width of output {@code i} of {@code rel}, or null when no rule knows it. */
    static ItemWidth of(RelNode rel, int i) {
        try {
            return column(rel, i);
        } catch (RuntimeException e) {
            return null; // a plan shape the rules do not follow
        }
    }

    private static ItemWidth column(RelNode rel, int i) {
        if (rel instanceof TableScan scan) {
            CatalogTable table = scan.getTable().unwrap(CatalogTable.class);
            if (table == null || i >= table.meta().columns().size()) {
                return null;
            }
            ColumnDef c = table.meta().columns().get(i);
            return ItemWidth.declared(c.sqlType(), c.collation());
        }
        if (rel instanceof Project p) {
            return expression(p.getProjects().get(i), p.getInput());
        }
        if (rel instanceof Filter || rel instanceof Sort) {
            return column(rel.getInput(0), i);
        }
        if (rel instanceof Join j) {
            int left = j.getLeft().getRowType().getFieldCount();
            return i < left ? column(j.getLeft(), i) : column(j.getRight(), i - left);
        }
        if (rel instanceof Aggregate a) {
            if (i < a.getGroupCount()) {
                return column(a.getInput(), a.getGroupSet().asList().get(i));
            }
            AggregateCall call = a.getAggCallList().get(i - a.getGroupCount());
            ItemWidth arg = call.getArgList().isEmpty() ? null : column(a.getInput(), call.getArgList().get(0));
            return aggregate(call, arg);
        }
        return null;
    }

    private static ItemWidth expression(RexNode e, RelNode input) {
        if (e instanceof RexInputRef ref) {
            return column(input, ref.getIndex());
        }
        if (e instanceof RexLiteral literal) {
            return literal(literal);
        }
        if (!(e instanceof RexCall call)) {
            return null;
        }
        List<ItemWidth> args = new ArrayList<>();
        for (RexNode operand : call.getOperands()) {
            args.add(expression(operand, input));
        }
        return call(call, args);
    }

    private static ItemWidth call(RexCall call, List<ItemWidth> args) {
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        SqlKind kind = call.getKind();
        if (call.getType().getSqlTypeName() == SqlTypeName.BOOLEAN) {
            return ItemWidth.integer(BOOLEAN_WIDTH, false); // comparisons, AND/OR/NOT, IS NULL, LIKE, IN
        }
        if (kind == SqlKind.CAST) {
            return cast(call.getType(), args.get(0));
        }
        if (kind == SqlKind.EXTRACT && call.getOperands().get(0) instanceof RexLiteral unit) {
            return datePart(String.valueOf(unit.getValue()).toUpperCase(Locale.ROOT));
        }
        if (args.contains(null)) {
            return null;
        }
        return switch (name) {
            case "+", "-" -> args.size() == 2 ? additive(args.get(0), args.get(1)) : negation(args.get(0));
            case "*" -> multiplication(args.get(0), args.get(1));
            case "/" -> division(args.get(0), args.get(1));
            case "%", "MOD" -> modulo(args.get(0), args.get(1));
            case "DIV", "MYSQL_DIV" -> integerDivision(args.get(0));
            case "CONCAT", "||" -> concatenation(args);
            case "UPPER", "LOWER", "UCASE", "LCASE" -> args.get(0).string() ? args.get(0).asComputedText()
                : ItemWidth.text(args.get(0).textChars());
            case "LENGTH", "OCTET_LENGTH", "CHAR_LENGTH", "CHARACTER_LENGTH" -> ItemWidth.integer(LENGTH_WIDTH, false);
            case "COALESCE", "IFNULL", "CASE", "IF", "NULLIF", "GREATEST", "LEAST" -> hybrid(kind, name, args);
            case "ROUND", "TRUNCATE" -> rounding(call, args.get(0));
            case "ABS" -> args.get(0);
            case "YEAR", "MONTH", "DAYOFMONTH", "DAY", "HOUR", "MINUTE", "SECOND" -> datePart(name);
            default -> byResultType(call.getType(), args);
        };
    }

    /** YEAR(), MONTH() ... and EXTRACT: a year 4 digits, the other parts 2; null for parts without a rule. */
    static ItemWidth datePart(String unit) {
        return switch (unit) {
            case "YEAR" -> ItemWidth.integer(YEAR_WIDTH, false);
            case "MONTH", "DAY", "DAYOFMONTH", "HOUR", "MINUTE", "SECOND" -> ItemWidth.integer(2, false);
            default -> null;
        };
    }

    /** + and -: the wider integer part plus a carry digit, the larger scale. */
    static ItemWidth additive(ItemWidth a, ItemWidth b) {
        if (a.kind() == Kind.REAL || b.kind() == Kind.REAL || !a.numeric() || !b.numeric()) {
            return ItemWidth.real(Math.max(a.decimals(), b.decimals()));
        }
        int scale = Math.max(a.scale(), b.scale());
        long precision = Math.max(a.integerDigits(), b.integerDigits()) + 1 + scale;
        return ItemWidth.number(precision, scale, a.unsigned() && b.unsigned(), exact(a, b));
    }

    /** Unary minus: one character more than its argument, signed. */
    static ItemWidth negation(ItemWidth a) {
        return a.numeric() && a.kind() != Kind.REAL ? new ItemWidth(a.kind(), a.chars() + 1, a.decimals(), false) : a;
    }

    /** *: the digits and the scales add up. */
    static ItemWidth multiplication(ItemWidth a, ItemWidth b) {
        if (a.kind() == Kind.REAL || b.kind() == Kind.REAL || !a.numeric() || !b.numeric()) {
            return ItemWidth.real(Math.min(a.decimals() + b.decimals(), ItemWidth.FLOATING_DECIMALS));
        }
        int scale = Math.min(a.scale() + b.scale(), DECIMAL_MAX_SCALE);
        return ItemWidth.number(a.precision() + b.precision(), scale, a.unsigned() && b.unsigned(), exact(a, b));
    }

    /** /: a DECIMAL with div_precision_increment (4) more digits than the dividend, and the divisor's scale. */
    static ItemWidth division(ItemWidth a, ItemWidth b) {
        if (a.kind() == Kind.REAL || b.kind() == Kind.REAL || !a.numeric() || !b.numeric()) {
            return ItemWidth.real(Math.min(a.decimals() + DIV_PRECISION_INCREMENT, ItemWidth.FLOATING_DECIMALS));
        }
        long precision = a.precision() + b.scale() + DIV_PRECISION_INCREMENT;
        int scale = Math.min(a.scale() + DIV_PRECISION_INCREMENT, DECIMAL_MAX_SCALE);
        return ItemWidth.number(precision, scale, a.unsigned() && b.unsigned(), Kind.DECIMAL);
    }

    /** %: the wider of both, signed as the dividend. */
    static ItemWidth modulo(ItemWidth a, ItemWidth b) {
        if (a.kind() == Kind.REAL || b.kind() == Kind.REAL || !a.numeric() || !b.numeric()) {
            return ItemWidth.real(Math.max(a.decimals(), b.decimals()));
        }
        int scale = Math.max(a.scale(), b.scale());
        return ItemWidth.number(Math.max(a.precision(), b.precision()), scale, a.unsigned(), exact(a, b));
    }

    /** DIV: the dividend's integer digits, no sign. */
    static ItemWidth integerDivision(ItemWidth a) {
        return ItemWidth.integer(Math.min(a.numeric() ? a.integerDigits() : a.chars(), 20), a.unsigned());
    }

    /** CONCAT: the characters of all arguments (numbers and dates as text), binary when one is. */
    static ItemWidth concatenation(List<ItemWidth> args) {
        boolean binary = args.stream().anyMatch(a -> a.kind() == Kind.BINARY);
        long chars = 0;
        for (ItemWidth a : args) {
            chars += a.textChars();
        }
        chars = Math.min(chars, ItemWidth.MAX_LENGTH);
        return binary ? new ItemWidth(Kind.BINARY, chars, ItemWidth.NOT_FIXED_DECIMALS, false) : ItemWidth.text(chars);
    }

    /** COALESCE, IFNULL, CASE, IF: the widest of the results (for numbers: integer part and scale apart). */
    static ItemWidth hybrid(SqlKind kind, String name, List<ItemWidth> args) {
        List<ItemWidth> results = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            // CASE WHEN c1 THEN r1 ... ELSE e: the results are the odd operands and the last one; IF(c, a, b)
            boolean result = kind == SqlKind.CASE ? i % 2 == 1 || i == args.size() - 1
                : !name.equals("IF") || i > 0;
            if (result && (!name.equals("NULLIF") || i == 0)) {
                results.add(args.get(i));
            }
        }
        results.removeIf(r -> r.kind() == Kind.NULL);
        if (results.isEmpty()) {
            return null;
        }
        if (results.stream().allMatch(ItemWidth::numeric)) {
            if (results.stream().anyMatch(r -> r.kind() == Kind.REAL)) {
                int decimals = results.stream().mapToInt(ItemWidth::decimals).max().orElse(0);
                return ItemWidth.real(decimals);
            }
            int scale = results.stream().mapToInt(ItemWidth::scale).max().orElse(0);
            long digits = results.stream().mapToLong(ItemWidth::integerDigits).max().orElse(0);
            boolean unsigned = results.stream().allMatch(ItemWidth::unsigned);
            return ItemWidth.number(digits + scale, scale, unsigned,
                scale > 0 || results.stream().anyMatch(r -> r.kind() == Kind.DECIMAL) ? Kind.DECIMAL : Kind.INT);
        }
        if (results.stream().allMatch(r -> r.kind() == Kind.TEMPORAL)) {
            return results.stream().max(java.util.Comparator.comparingLong(ItemWidth::chars)).get();
        }
        long chars = results.stream().mapToLong(ItemWidth::textChars).max().orElse(0);
        return results.stream().anyMatch(r -> r.kind() == Kind.BINARY)
            ? new ItemWidth(Kind.BINARY, chars, ItemWidth.NOT_FIXED_DECIMALS, false) : ItemWidth.text(chars);
    }

    /** ROUND(x, d) and TRUNCATE(x, d) of a DECIMAL: d decimals, one more integer digit for a carry when rounding. */
    static ItemWidth rounding(RexCall call, ItemWidth a) {
        if (a.kind() != Kind.DECIMAL) {
            return a.kind() == Kind.INT ? a : null;
        }
        int places = 0;
        if (call.getOperands().size() > 1) {
            if (!(call.getOperands().get(1) instanceof RexLiteral literal)) {
                return null;
            }
            places = literal.getValueAs(Integer.class);
        }
        int scale = Math.max(0, Math.min(places, a.scale()));
        int dropped = a.scale() - scale;
        boolean carry = dropped > 0 && call.getOperator().getName().equalsIgnoreCase("ROUND");
        long precision = a.precision() - dropped + (carry ? 1 : 0);
        return ItemWidth.number(precision, scale, a.unsigned(), Kind.DECIMAL);
    }

    /** A cast: to text, the argument's characters (CAST(n AS CHAR), and CONCAT's implicit ones); else as it was. */
    static ItemWidth cast(RelDataType to, ItemWidth a) {
        if (a == null) {
            return null;
        }
        SqlTypeName t = to.getSqlTypeName();
        if (t == SqlTypeName.CHAR || t == SqlTypeName.VARCHAR) {
            return a.string() ? a.asComputedText() : new ItemWidth(Kind.TEXT, a.textChars(), 0, false);
        }
        if (t == SqlTypeName.DATE || t == SqlTypeName.TIMESTAMP || t == SqlTypeName.TIME) {
            return byResultType(to, List.of());
        }
        return a; // numeric and temporal casts are the planner's coercions, not MariaDB's
    }

    /** Aggregates: COUNT a BIGINT, SUM/AVG a DECIMAL or DOUBLE widened, MIN/MAX the argument's own type. */
    static ItemWidth aggregate(AggregateCall call, ItemWidth arg) {
        SqlKind kind = call.getAggregation().getKind();
        String name = call.getAggregation().getName().toUpperCase(Locale.ROOT);
        if (kind == SqlKind.COUNT) {
            return ItemWidth.integer(COUNT_WIDTH, false);
        }
        if (name.equals("GROUP_CONCAT") || kind == SqlKind.LISTAGG) {
            // a BLOB of group_concat_max_len
            return new ItemWidth(Kind.BLOB_TEXT, GROUP_CONCAT_MAX_LEN, 0, false);
        }
        if (arg == null) {
            return null;
        }
        return switch (kind) {
            case SUM, SUM0 -> sum(arg);
            case AVG -> average(arg);
            case MIN, MAX -> minMax(arg);
            default -> null;
        };
    }

    /** SUM: 22 more digits (DECIMAL_LONGLONG_DIGITS), signed; of floating point a DOUBLE. */
    static ItemWidth sum(ItemWidth a) {
        if (!a.numeric() || a.kind() == Kind.REAL) {
            return ItemWidth.real(a.numeric() ? a.decimals() : ItemWidth.FLOATING_DECIMALS);
        }
        return ItemWidth.number(a.precision() + DECIMAL_LONGLONG_DIGITS, a.scale(), false, Kind.DECIMAL);
    }

    /** AVG: 4 more digits and 4 more decimals; of floating point a DOUBLE 4 characters wider than its argument. */
    static ItemWidth average(ItemWidth a) {
        if (!a.numeric() || a.kind() == Kind.REAL) {
            int decimals = Math.min(a.decimals() + DIV_PRECISION_INCREMENT, ItemWidth.FLOATING_DECIMALS);
            long chars = Math.min(a.chars() + DIV_PRECISION_INCREMENT, ItemWidth.real(decimals).chars());
            return new ItemWidth(Kind.REAL, chars, decimals, false);
        }
        int scale = Math.min(a.scale() + DIV_PRECISION_INCREMENT, DECIMAL_MAX_SCALE);
        return ItemWidth.number(a.precision() + DIV_PRECISION_INCREMENT, scale, false, Kind.DECIMAL);
    }

    /** MIN/MAX: an integer as wide as its type's widest value; floating point 23; others as the argument. */
    static ItemWidth minMax(ItemWidth a) {
        if (a.kind() == Kind.INT) {
            return ItemWidth.integer(integerTypeWidth(a), a.unsigned());
        }
        if (a.kind() == Kind.REAL) {
            return ItemWidth.real(a.decimals());
        }
        return a;
    }

    /** The display width of the integer type a column of this width is: TINYINT 4, ... BIGINT 20. */
    private static long integerTypeWidth(ItemWidth a) {
        long[] widths = a.unsigned() ? new long[] {3, 5, 8, 10, 20} : new long[] {4, 6, 9, 11, 20};
        for (long w : widths) {
            if (a.chars() <= w) {
                return w;
            }
        }
        return 20;
    }

    /** A literal: its digits (with sign and point), characters, or nothing for NULL. */
    static ItemWidth literal(RexLiteral literal) {
        if (literal.isNull()) {
            return new ItemWidth(Kind.NULL, 0, 0, false);
        }
        SqlTypeName t = literal.getType().getSqlTypeName();
        if (literal.getTypeName() == SqlTypeName.SARG) {
            return null; // the value set of a SEARCH (IN, BETWEEN): the call's own rule gives the width
        }
        if (SqlTypeName.INT_TYPES.contains(t) || SqlTypeName.DECIMAL == t) {
            BigDecimal v = literal.getValueAs(BigDecimal.class);
            int scale = Math.max(0, v.scale());
            long digits = Math.max(v.precision(), scale + 1);
            if (scale == 0) {
                return ItemWidth.integerLiteral(digits, v.signum() < 0);
            }
            return ItemWidth.number(digits, scale, false, Kind.DECIMAL);
        }
        if (t == SqlTypeName.CHAR || t == SqlTypeName.VARCHAR) {
            return ItemWidth.text(literal.getValueAs(String.class).length());
        }
        if (t == SqlTypeName.BOOLEAN) {
            return ItemWidth.integer(BOOLEAN_WIDTH, false);
        }
        return null;
    }

    /** A function without its own rule: the width of its result type, where that type has one. */
    private static ItemWidth byResultType(RelDataType type, List<ItemWidth> args) {
        return switch (type.getSqlTypeName()) {
            case DATE -> new ItemWidth(Kind.TEMPORAL, 10, 0, false);
            case TIMESTAMP -> temporal(19, type.getPrecision(), args);
            case TIME -> temporal(10, type.getPrecision(), args);
            default -> null;
        };
    }

    /** A DATETIME or TIME result: its fraction as its temporal argument's (dt + INTERVAL 1 DAY keeps dt's). */
    private static ItemWidth temporal(int base, int precision, List<ItemWidth> args) {
        int fraction = Math.max(0, precision);
        for (ItemWidth a : args) {
            if (a.kind() == Kind.TEMPORAL) {
                fraction = Math.max(fraction, a.decimals());
            }
        }
        return new ItemWidth(Kind.TEMPORAL, base + (fraction > 0 ? fraction + 1 : 0), fraction, false);
    }

    private static Kind exact(ItemWidth a, ItemWidth b) {
        return a.kind() == Kind.DECIMAL || b.kind() == Kind.DECIMAL ? Kind.DECIMAL : Kind.INT;
    }
}
