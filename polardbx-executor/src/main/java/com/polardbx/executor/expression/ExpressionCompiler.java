package com.polardbx.executor.expression;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.chunk.ColumnType;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlLikeOperator;

/**
 * Compiles Calcite {@link RexNode}s into {@link Expression}s with MySQL semantics. Thread-safe.
 *
 * <p>Supported: input references, literals, arithmetic, comparisons, {@code <=>}, AND/OR/NOT, IS [NOT]
 * NULL/TRUE/FALSE, CASE, IN, BETWEEN, SEARCH (expanded), LIKE, CAST, COALESCE, IFNULL, IF, NULLIF, CONCAT, CONCAT_WS,
 * LOWER, UPPER, LENGTH, CHAR_LENGTH, SUBSTRING, TRIM, ABS, ROUND, FLOOR, CEIL, GREATEST, LEAST, EXTRACT (YEAR, QUARTER,
 * MONTH, DAY, HOUR, MINUTE, SECOND, MICROSECOND of dates and datetimes). Anything else raises
 * ER_NOT_SUPPORTED_YET naming the operator, so the planner can leave that expression to the data nodes.
 */
public final class ExpressionCompiler {
    private final RexBuilder rexBuilder;

    public ExpressionCompiler() {
        this(new RexBuilder(new JavaTypeFactoryImpl()));
    }

    /** Uses the planner's RexBuilder (needed to expand SEARCH into comparisons). */
    public ExpressionCompiler(RexBuilder rexBuilder) {
        this.rexBuilder = rexBuilder;
    }

    /** Compiles {@code node} over input columns of the given types (RexInputRef i reads channel i). */
    public Expression compile(RexNode node, List<ColumnType> inputTypes) {
        RowExpression e = compileNode(node, inputTypes);
        return e.type().execType() == com.polardbx.executor.chunk.ExecType.DECIMAL ? new DeclaredScale(e) : e;
    }

    /**
     * Whether the CN can evaluate {@code node}: false when some operator in it is not implemented here (the
     * planner then computes it on the DNs where it can).
     */
    public boolean canCompile(RexNode node) {
        List<ColumnType> inputs = new java.util.ArrayList<>();
        node.accept(new org.apache.calcite.rex.RexVisitorImpl<Void>(true) {
            @Override
            public Void visitInputRef(RexInputRef ref) {
                while (inputs.size() <= ref.getIndex()) {
                    inputs.add(ColumnType.VARCHAR);
                }
                inputs.set(ref.getIndex(), TypeMapping.of(ref.getType()));
                return null;
            }
        });
        try {
            compile(node, inputs);
            return true;
        } catch (SqlError e) {
            return e.errno() != ErrorCode.ER_NOT_SUPPORTED_YET.errno();
        }
    }

    static SqlError unsupported(String what) {
        return new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "expression " + what + " on the compute node");
    }

    private RowExpression compileNode(RexNode node, List<ColumnType> inputs) {
        if (node instanceof RexInputRef ref) {
            return new InputReference(ref.getIndex(), inputs.get(ref.getIndex()));
        }
        if (node instanceof RexLiteral literal) {
            return Literals.compile(literal);
        }
        if (node instanceof RexCall call) {
            return compileCall(call, inputs);
        }
        throw unsupported(node.getKind().toString());
    }

    private RowExpression[] operands(RexCall call, List<ColumnType> inputs) {
        List<RexNode> operands = call.getOperands();
        RowExpression[] args = new RowExpression[operands.size()];
        // MySQL writes a decimal as text at its declared scale (CAST(d / 3 AS CHAR) is 0.500000): a quotient's extra
        // digits stay inside arithmetic only
        boolean text = org.apache.calcite.sql.type.SqlTypeUtil.inCharFamily(call.getType());
        for (int i = 0; i < args.length; i++) {
            args[i] = compileNode(operands.get(i), inputs);
            if (text && args[i].type().execType() == com.polardbx.executor.chunk.ExecType.DECIMAL) {
                args[i] = new DeclaredScale(args[i]);
            }
        }
        return args;
    }

    private RowExpression compileCall(RexCall call, List<ColumnType> inputs) {
        SqlOperator op = call.getOperator();
        if (call.getKind() == SqlKind.SEARCH) {
            return compileNode(RexUtil.expandSearch(rexBuilder, null, call), inputs);
        }
        if (call.getKind() == SqlKind.POSITION && call.getOperands().size() == 2) {
            return StringSearchFunctions.locate(compileNode(call.getOperands().get(0), inputs),
                compileNode(call.getOperands().get(1), inputs), null);
        }
        if (call.getKind() == SqlKind.TRIM) {
            return compileTrim(call, inputs);
        }
        if (call.getKind() == SqlKind.EXTRACT && call.getOperands().get(0) instanceof RexLiteral unit) {
            return TemporalFunctions.extract(String.valueOf(unit.getValue()), compileNode(call.getOperands().get(1),
                inputs), TypeMapping.of(call.getType()));
        }
        if ((call.getKind() == SqlKind.PLUS || call.getKind() == SqlKind.MINUS) && call.getOperands().stream()
            .anyMatch(o -> org.apache.calcite.sql.type.SqlTypeUtil.isInterval(o.getType())
                || org.apache.calcite.sql.type.SqlTypeUtil.isDatetime(o.getType()))) {
            RowExpression dates = DateArithmetic.compile(call, n -> compileNode(n, inputs));
            if (dates == null) {
                throw unsupported("date arithmetic"); // not numeric addition: refuse rather than add numbers
            }
            return dates;
        }
        String upper = op.getName().toUpperCase(Locale.ROOT);
        if (upper.startsWith("MYSQL_") && op instanceof org.apache.calcite.sql.SqlFunction
            && call.getOperands().size() > 1 && call.getOperands().get(0) instanceof RexLiteral unitLiteral
            && (upper.equals("MYSQL_EXTRACT") || upper.equals("MYSQL_TIMESTAMPDIFF") || upper.equals("MYSQL_TIMESTAMPADD"))) {
            return unitCall(upper, DateUnits.upper(unitLiteral.getValueAs(String.class)), call, inputs);
        }
        if ((upper.equals("DATE_ADD") || upper.equals("DATE_SUB") || upper.equals("ADDDATE") || upper.equals("SUBDATE"))
            && call.getOperands().size() == 2) {
            return dateAddition(call, upper, inputs);
        }
        RowExpression[] a = operands(call, inputs);
        String text = call.toString();
        ColumnType type = TypeMapping.of(call.getType());
        RowExpression named = compileNamed(op.getName().toUpperCase(Locale.ROOT), a, type, text);
        if (named != null) {
            return named;
        }
        return switch (call.getKind()) {
            case PLUS -> ArithmeticFunctions.plusMinusTimes('+', a[0], a[1], text);
            case MINUS -> ArithmeticFunctions.plusMinusTimes('-', a[0], a[1], text);
            case TIMES -> ArithmeticFunctions.plusMinusTimes('*', a[0], a[1], text);
            case DIVIDE -> ArithmeticFunctions.divide(a[0], a[1], text);
            case MOD -> ArithmeticFunctions.modulo(a[0], a[1]);
            case MINUS_PREFIX -> ArithmeticFunctions.negate(a[0], text);
            case PLUS_PREFIX -> a[0];
            case EQUALS -> ComparisonFunctions.compare(a[0], a[1], c -> c == 0);
            case NOT_EQUALS -> ComparisonFunctions.compare(a[0], a[1], c -> c != 0);
            case LESS_THAN -> ComparisonFunctions.compare(a[0], a[1], c -> c < 0);
            case LESS_THAN_OR_EQUAL -> ComparisonFunctions.compare(a[0], a[1], c -> c <= 0);
            case GREATER_THAN -> ComparisonFunctions.compare(a[0], a[1], c -> c > 0);
            case GREATER_THAN_OR_EQUAL -> ComparisonFunctions.compare(a[0], a[1], c -> c >= 0);
            case IS_NOT_DISTINCT_FROM -> ComparisonFunctions.nullSafeEquals(a[0], a[1], false);
            case IS_DISTINCT_FROM -> ComparisonFunctions.nullSafeEquals(a[0], a[1], true);
            case AND -> LogicalFunctions.and(a);
            case OR -> LogicalFunctions.or(a);
            case NOT -> LogicalFunctions.not(a[0]);
            case IS_NULL -> LogicalFunctions.isNull(a[0], false);
            case IS_NOT_NULL -> LogicalFunctions.isNull(a[0], true);
            case IS_TRUE -> LogicalFunctions.isBoolean(a[0], true, false);
            case IS_NOT_TRUE -> LogicalFunctions.isBoolean(a[0], true, true);
            case IS_FALSE -> LogicalFunctions.isBoolean(a[0], false, false);
            case IS_NOT_FALSE -> LogicalFunctions.isBoolean(a[0], false, true);
            case IN -> ComparisonFunctions.in(a, false);
            case NOT_IN -> ComparisonFunctions.in(a, true);
            case BETWEEN -> ComparisonFunctions.between(a[0], a[1], a[2],
                op instanceof SqlBetweenOperator b && b.isNegated());
            case LIKE -> StringFunctions.like(a[0], a[1], a.length > 2 ? a[2] : null,
                op instanceof SqlLikeOperator l && l.isNegated());
            case CAST -> CastFunction.compile(a[0], call.getType());
            case CASE -> ControlFunctions.caseWhen(type, a);
            case COALESCE -> ControlFunctions.coalesce(type, a);
            case NULLIF -> ControlFunctions.nullIf(type, a[0], a[1]);
            case GREATEST -> ControlFunctions.extreme(type, a, true);
            case LEAST -> ControlFunctions.extreme(type, a, false);
            case FLOOR, CEIL -> {
                if (a.length != 1) {
                    throw unsupported(op.getName() + " with a time unit");
                }
                yield MathFunctions.floorOrCeil(a[0], call.getKind() == SqlKind.CEIL, text);
            }
            default -> throw unsupported("operator '" + op.getName() + "'");
        };
    }

    /** {@code x COLLATE c} / {@code BINARY x}: the string unchanged, typed with the collation it compares under. */
    private static RowExpression collated(RowExpression value, ColumnType type, String name) {
        if (value.type().execType() != com.polardbx.executor.chunk.ExecType.STRING
            || value.type().mysqlType().isTemporal()) {
            throw unsupported(name + " of a number or date"); // its text form is left to the DNs
        }
        return new StrictCall(type, new RowExpression[] {value}, v -> v[0]);
    }

    /** Functions recognised by name (MySQL library functions Calcite files under OTHER_FUNCTION). */
    private static RowExpression compileNamed(String name, RowExpression[] a, ColumnType type, String text) {
        return switch (name) {
            case "IF" -> ControlFunctions.ifThenElse(type, a);
            case "GREATEST", "LEAST" -> {
                if (mixesKinds(a)) {
                    throw unsupported(name + " of strings, numbers and dates together"); // left to the DNs
                }
                yield ControlFunctions.extreme(type, a, name.equals("GREATEST"));
            }
            case "IFNULL", "NVL" -> ControlFunctions.coalesce(type, a);
            case "NOW", "SYSDATE", "CURRENT_TIMESTAMP", "LOCALTIMESTAMP", "LOCALTIME", "CURDATE", "CURRENT_DATE",
                "UTC_TIMESTAMP", "UTC_DATE" -> Clock.now(name);
            case "CONCAT", "||" -> StringFunctions.concat(a);
            case "CONCAT_WS" -> StringFunctions.concatWs(a);
            case "LOWER", "LCASE" -> StringFunctions.lower(a[0]);
            case "UPPER", "UCASE" -> StringFunctions.upper(a[0]);
            case "LENGTH", "OCTET_LENGTH" -> StringFunctions.length(a[0]);
            case "CHAR_LENGTH", "CHARACTER_LENGTH" -> StringFunctions.charLength(a[0]);
            case "SUBSTRING", "SUBSTR" -> StringFunctions.substring(a);
            case "ABS" -> MathFunctions.abs(a[0], text);
            case "ROUND" -> MathFunctions.round(a);
            case "MYSQL_DIV", "/INT" -> ArithmeticFunctions.integerDivide(a[0], a[1], text);
            case "MYSQL_NULL_SAFE_EQUAL" -> ComparisonFunctions.nullSafeEquals(a[0], a[1], false);
            case "MYSQL_XOR" -> BitFunctions.xor(a[0], a[1]);
            case "MYSQL_BITAND" -> BitFunctions.binary("&", a[0], a[1]);
            case "MYSQL_BITOR" -> BitFunctions.binary("|", a[0], a[1]);
            case "MYSQL_BITXOR" -> BitFunctions.binary("^", a[0], a[1]);
            case "MYSQL_SHIFT_LEFT" -> BitFunctions.binary("<<", a[0], a[1]);
            case "MYSQL_SHIFT_RIGHT" -> BitFunctions.binary(">>", a[0], a[1]);
            case "MYSQL_BIT_NOT" -> BitFunctions.not(a[0]);
            case "BIT_COUNT" -> BitFunctions.count(a[0]);
            case "BIT_LENGTH" -> BitFunctions.length(a[0]);
            case "MYSQL_COLLATE", "MYSQL_BINARY" -> collated(a[0], type, name);
            case "FORMAT" -> FormatFunction.format(a);
            case "INET_ATON" -> InetFunctions.aton(a[0]);
            case "INET_NTOA" -> InetFunctions.ntoa(a[0]);
            case "PERIOD_ADD" -> PeriodFunctions.add(a[0], a[1]);
            case "PERIOD_DIFF" -> PeriodFunctions.diff(a[0], a[1]);
            case "LEFT" -> StringEditFunctions.leftOrRight(a, true);
            case "RIGHT" -> StringEditFunctions.leftOrRight(a, false);
            case "LPAD" -> StringEditFunctions.pad(a, true);
            case "RPAD" -> StringEditFunctions.pad(a, false);
            case "REPEAT" -> StringEditFunctions.repeat(a);
            case "SPACE" -> StringEditFunctions.space(a);
            case "REPLACE" -> StringEditFunctions.replace(a);
            case "REVERSE" -> StringEditFunctions.reverse(a);
            case "SUBSTRING_INDEX" -> StringEditFunctions.substringIndex(a);
            case "MYSQL_INSERT" -> StringEditFunctions.insert(a);
            case "CONV" -> BaseConversionFunctions.conv(a);
            // empty JSON values only; with arguments MySQL's JSON typing of each value is left to the DNs
            case "MYSQL_JSON_OBJECT" -> a.length == 0 ? new Constant("{}", ColumnType.VARCHAR) : null;
            case "MYSQL_JSON_ARRAY" -> a.length == 0 ? new Constant("[]", ColumnType.VARCHAR) : null;
            case "BIN" -> BaseConversionFunctions.toBase(a[0], 2);
            case "OCT" -> BaseConversionFunctions.toBase(a[0], 8);
            case "HEX" -> BaseConversionFunctions.hex(a[0]);
            case "LOCATE" -> StringSearchFunctions.locate(a[0], a[1], a.length > 2 ? a[2] : null);
            case "INSTR" -> StringSearchFunctions.locate(a[1], a[0], null);
            case "STRCMP" -> StringSearchFunctions.strcmp(a[0], a[1]);
            case "ASCII" -> StringSearchFunctions.ascii(a[0]);
            case "SIGN" -> MathFunctions.sign(a[0]);
            case "TRUNCATE" -> MathFunctions.truncate(a);
            case "POW", "POWER" -> MathFunctions.real(a, text, x -> Math.pow(x[0], x[1]));
            case "SQRT" -> MathFunctions.real(a, text, x -> Math.sqrt(x[0]));
            case "EXP" -> MathFunctions.real(a, text, x -> Math.exp(x[0]));
            case "LN" -> MathFunctions.real(a, text, x -> MathFunctions.log(x[0], Math.E));
            case "LOG" -> MathFunctions.real(a, text, x -> x.length == 1 ? MathFunctions.log(x[0], Math.E)
                : MathFunctions.log(x[1], x[0]));
            case "LOG10" -> MathFunctions.real(a, text, x -> MathFunctions.log(x[0], 10));
            case "LOG2" -> MathFunctions.real(a, text, x -> MathFunctions.log(x[0], 2));
            case "DEGREES" -> MathFunctions.real(a, text, x -> Math.toDegrees(x[0]));
            case "RADIANS" -> MathFunctions.real(a, text, x -> Math.toRadians(x[0]));
            case "DATEDIFF" -> DateFunctions.datediff(a[0], a[1]);
            case "LAST_DAY" -> DateFunctions.lastDay(a[0]);
            case "TO_DAYS" -> DateFunctions.toDays(a[0]);
            case "DAYOFWEEK" -> DateFunctions.dayOfWeek(a[0]);
            case "WEEKDAY" -> DateFunctions.weekday(a[0]);
            case "DAYOFYEAR" -> DateFunctions.dayOfYear(a[0]);
            case "DAYNAME" -> DateFunctions.dayName(a[0]);
            case "MONTHNAME" -> DateFunctions.monthName(a[0]);
            case "WEEK" -> DateFunctions.week(a, false);
            case "YEARWEEK" -> DateFunctions.week(a, true);
            case "DATE_FORMAT" -> DateFunctions.dateFormat(a[0], a[1]);
            case "MOD", "%" -> ArithmeticFunctions.modulo(a[0], a[1]);
            case "LTRIM" -> StringFunctions.trim("LEADING", new Constant(" ", ColumnType.VARCHAR), a[0]);
            case "RTRIM" -> StringFunctions.trim("TRAILING", new Constant(" ", ColumnType.VARCHAR), a[0]);
            default -> null;
        };
    }

    /** DATE_ADD/DATE_SUB/ADDDATE/SUBDATE(d, INTERVAL ...) and ADDDATE/SUBDATE(d, days). */
    private RowExpression dateAddition(RexCall call, String name, List<ColumnType> inputs) {
        boolean subtract = name.startsWith("SUB") || name.equals("DATE_SUB");
        RexNode amount = call.getOperands().get(1);
        RowExpression base = compileNode(call.getOperands().get(0), inputs);
        RowExpression r = org.apache.calcite.sql.type.SqlTypeUtil.isInterval(amount.getType())
            ? DateArithmetic.interval(base, amount, n -> compileNode(n, inputs), subtract)
            : DateArithmetic.days(base, compileNode(amount, inputs), subtract);
        if (r == null) {
            throw unsupported("date arithmetic with " + amount);
        }
        return r;
    }

    /** MYSQL_EXTRACT('unit', x), MYSQL_TIMESTAMPDIFF('unit', a, b), MYSQL_TIMESTAMPADD('unit', n, d). */
    private RowExpression unitCall(String name, String unit, RexCall call, List<ColumnType> inputs) {
        RowExpression first = compileNode(call.getOperands().get(1), inputs);
        return switch (name) {
            case "MYSQL_EXTRACT" -> DateUnits.extract(unit, first);
            case "MYSQL_TIMESTAMPDIFF" -> DateUnits.timestampDiff(unit, first,
                compileNode(call.getOperands().get(2), inputs));
            default -> DateArithmetic.byUnit(compileNode(call.getOperands().get(2), inputs), first, unit, false);
        };
    }

    /** Whether the arguments are of more than one of: numbers, strings, dates (NULLs aside). */
    private static boolean mixesKinds(RowExpression[] args) {
        java.util.Set<String> kinds = new java.util.HashSet<>();
        for (RowExpression e : args) {
            ColumnType t = e.type();
            if (t.mysqlType() == com.polardbx.common.type.MysqlType.NULL) {
                continue;
            }
            kinds.add(t.mysqlType().isTemporal() ? "date" : t.execType() == com.polardbx.executor.chunk.ExecType.STRING
                || t.execType() == com.polardbx.executor.chunk.ExecType.BYTES ? "string" : "number");
        }
        return kinds.size() > 1;
    }

    /** Calcite's TRIM(flag, characters, string). */
    private RowExpression compileTrim(RexCall call, List<ColumnType> inputs) {
        List<RexNode> ops = call.getOperands();
        if (ops.size() != 3 || !(ops.get(0) instanceof RexLiteral flag)) {
            throw unsupported("TRIM with " + ops.size() + " operands");
        }
        String flagName = String.valueOf(flag.getValue()).toUpperCase(Locale.ROOT);
        return StringFunctions.trim(flagName, compileNode(ops.get(1), inputs), compileNode(ops.get(2), inputs));
    }
}
