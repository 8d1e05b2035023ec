package com.polardbx.optimizer.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit casts bent to MySQL's rules where they differ: a string used as a number (in arithmetic, in a
 * comparison with a number, as the argument of a numeric function such as SUM) converts to DOUBLE, never to the
 * other operand's INTEGER or DECIMAL type (MySQL: {@code '1e3' + 0 = 1000}, {@code '-3.5' = -3} is false).
 * The casts become part of the plan, so the DNs and the CN executor evaluate the same {@code CAST(s AS DOUBLE)}.
 */
final class MySqlTypeCoercion extends TypeCoercionImpl {
    MySqlTypeCoercion(RelDataTypeFactory factory, SqlValidator validator) {
        super(factory, validator);
    }

    @Override
    public boolean binaryArithmeticCoercion(SqlCallBinding binding) {
        SqlCall call = binding.getCall();
        if (binding.getOperandCount() == 2 && call.getKind().belongsTo(SqlKind.BINARY_ARITHMETIC)) {
            RelDataType left = binding.getOperandType(0);
            RelDataType right = binding.getOperandType(1);
            if ((isTemporal(left) || isTemporal(right)) && !SqlTypeUtil.isInterval(left)
                && !SqlTypeUtil.isInterval(right)) {
                // MySQL: a date, datetime or time in arithmetic is its number 20240131, 20240131123456, 123456
                boolean changed = false;
                for (int i = 0; i < 2; i++) {
                    RelDataType t = binding.getOperandType(i);
                    if (isTemporal(t)) {
                        changed |= coerceOperandType(binding.getScope(), call, i, temporalNumberType(t));
                    } else if (isString(t)) {
                        changed |= coerceOperandType(binding.getScope(), call, i, doubleType(t));
                    }
                }
                return changed;
            }
            if (isString(left) || isString(right)) {
                boolean changed = false;
                for (int i = 0; i < 2; i++) {
                    if (isString(binding.getOperandType(i))) {
                        changed |= coerceOperandType(binding.getScope(), call, i, doubleType(binding.getOperandType(i)));
                    }
                }
                return changed;
            }
        }
        return super.binaryArithmeticCoercion(binding);
    }

    /**
     * {@code -dt}, {@code +dt}, {@code dt MOD 7}: a date, datetime or time where a number is expected is its number,
     * as in {@link #binaryArithmeticCoercion}; Calcite has no implicit cast from a temporal type to a number.
     */
    @Override
    public boolean builtinFunctionCoercion(SqlCallBinding binding, java.util.List<RelDataType> operandTypes,
                                           java.util.List<SqlTypeFamily> expectedFamilies) {
        SqlKind kind = binding.getCall().getKind();
        if (kind == SqlKind.MINUS_PREFIX || kind == SqlKind.PLUS_PREFIX || kind == SqlKind.MOD) {
            boolean changed = false;
            for (int i = 0; i < operandTypes.size() && i < expectedFamilies.size(); i++) {
                SqlTypeFamily expected = expectedFamilies.get(i);
                if (isTemporal(operandTypes.get(i)) && (expected == SqlTypeFamily.NUMERIC
                    || expected == SqlTypeFamily.EXACT_NUMERIC || expected == SqlTypeFamily.INTEGER)) {
                    changed |= coerceOperandType(binding.getScope(), binding.getCall(), i,
                        temporalNumberType(operandTypes.get(i)));
                }
            }
            if (changed) {
                return true;
            }
        }
        return super.builtinFunctionCoercion(binding, operandTypes, expectedFamilies);
    }

    /**
     * A date, datetime or time cast to a number (its digits, {@link #binaryArithmeticCoercion}) is a cast Calcite's
     * mapping rules don't list, so its own check would assert; MySQL, the DNs and the executor all define it.
     */
    @Override
    protected boolean needToCast(org.apache.calcite.sql.validate.SqlValidatorScope scope,
                                 org.apache.calcite.sql.SqlNode node, RelDataType toType,
                                 org.apache.calcite.sql.type.SqlTypeMappingRule mappingRule) {
        if (!(node instanceof org.apache.calcite.sql.SqlDynamicParam) && SqlTypeUtil.isNumeric(toType)) {
            RelDataType from = validator.deriveType(scope, node);
            if (from != null && isTemporal(from)) {
                return true;
            }
        }
        return super.needToCast(scope, node, toType, mappingRule);
    }

    /**
     * Two strings compare as they are, under the stronger collation (MySQL): no cast to a common type, which would
     * drop an explicit COLLATE or BINARY (and on MySQL, CAST AS CHAR(n) truncates).
     */
    @Override
    public boolean binaryComparisonCoercion(SqlCallBinding binding) {
        if (binding.getOperandCount() == 2 && isString(binding.getOperandType(0))
            && isString(binding.getOperandType(1))) {
            return false;
        }
        if (binding.getOperandCount() == 2 && dateWithNumber(binding)
            || binding.getOperandCount() == 3 && dateBetweenNumbers(binding)) {
            return true;
        }
        return super.binaryComparisonCoercion(binding);
    }

    /** {@code d BETWEEN 20240101 AND 20240630}: both bounds read as dates, as in a comparison. */
    private boolean dateBetweenNumbers(SqlCallBinding binding) {
        SqlTypeName name = binding.getOperandType(0).getSqlTypeName();
        if (name != SqlTypeName.DATE && name != SqlTypeName.TIMESTAMP) {
            return false;
        }
        SqlCall call = binding.getCall();
        org.apache.calcite.sql.SqlLiteral[] bounds = new org.apache.calcite.sql.SqlLiteral[3];
        for (int i = 1; i < 3; i++) {
            if (SqlTypeUtil.isNumeric(binding.getOperandType(i))) {
                bounds[i] = NumberAsTemporal.literal(call.operand(i), name);
                if (bounds[i] == null) {
                    return false;
                }
            }
        }
        boolean changed = false;
        for (int i = 1; i < 3; i++) {
            if (bounds[i] != null) {
                call.setOperand(i, bounds[i]);
                updateInferredType(bounds[i], factory.createSqlType(name));
                changed = true;
            }
        }
        return changed;
    }

    /** {@code d IN (20240101, 20240102)}: each integer literal read as the date it stands for. */
    @Override
    public boolean inOperationCoercion(SqlCallBinding binding) {
        SqlTypeName name = binding.getOperandType(0).getSqlTypeName();
        if ((name == SqlTypeName.DATE || name == SqlTypeName.TIMESTAMP)
            && binding.operand(1) instanceof org.apache.calcite.sql.SqlNodeList list && !list.isEmpty()) {
            java.util.List<org.apache.calcite.sql.SqlLiteral> dates = new java.util.ArrayList<>();
            for (org.apache.calcite.sql.SqlNode value : list) {
                org.apache.calcite.sql.SqlLiteral date = NumberAsTemporal.literal(value, name);
                if (date == null) {
                    return super.inOperationCoercion(binding);
                }
                dates.add(date);
            }
            for (int i = 0; i < dates.size(); i++) {
                list.set(i, dates.get(i));
                updateInferredType(dates.get(i), factory.createSqlType(name));
            }
            updateInferredType(list, factory.createSqlType(name)); // the list's type was derived from the numbers
            return true;
        }
        return super.inOperationCoercion(binding);
    }

    /**
     * A DATE or DATETIME compared with a number: MySQL reads the number as a date. An integer literal becomes the
     * temporal literal it stands for ({@link NumberAsTemporal}); another number compared with a DATE compares with
     * the date's number (20240131), which orders alike for the numbers that are dates. Anything else stays refused.
     */
    private boolean dateWithNumber(SqlCallBinding binding) {
        SqlCall call = binding.getCall();
        for (int i = 0; i < 2; i++) {
            RelDataType temporal = binding.getOperandType(i);
            SqlTypeName name = temporal.getSqlTypeName();
            if (name != SqlTypeName.DATE && name != SqlTypeName.TIMESTAMP
                || !SqlTypeUtil.isNumeric(binding.getOperandType(1 - i))) {
                continue;
            }
            org.apache.calcite.sql.SqlNode number = call.operand(1 - i);
            org.apache.calcite.sql.SqlLiteral literal = NumberAsTemporal.literal(number, name);
            if (literal != null) {
                call.setOperand(1 - i, literal);
                updateInferredType(literal, factory.createSqlType(name));
                return true;
            }
            if (name == SqlTypeName.DATE && !(number instanceof org.apache.calcite.sql.SqlLiteral)) {
                return coerceOperandType(binding.getScope(), call, i, temporalNumberType(temporal));
            }
        }
        return false;
    }

    @Override
    public RelDataType commonTypeForBinaryComparison(RelDataType type1, RelDataType type2) {
        if (type1 != null && type2 != null && (isString(type1) && SqlTypeUtil.isNumeric(type2)
            || isString(type2) && SqlTypeUtil.isNumeric(type1))) {
            return doubleType(type1.isNullable() ? type1 : type2);
        }
        if (type1 != null && type2 != null && (isString(type1) && SqlTypeUtil.isBoolean(type2)
            || isString(type2) && SqlTypeUtil.isBoolean(type1))) {
            return null; // MySQL compares a string with TRUE as numbers: left to booleanEquality
        }
        return super.commonTypeForBinaryComparison(type1, type2);
    }

    /**
     * MySQL's TRUE and FALSE are the integers 1 and 0: {@code x = TRUE} compares x with 1 (Calcite would cast x to
     * BOOLEAN, making {@code 10 = TRUE} true).
     */
    @Override
    protected boolean booleanEquality(SqlCallBinding binding, RelDataType left, RelDataType right) {
        boolean leftBoolean = SqlTypeUtil.isBoolean(left);
        boolean rightBoolean = SqlTypeUtil.isBoolean(right);
        if (leftBoolean == rightBoolean) {
            return false;
        }
        RelDataType other = leftBoolean ? right : left;
        if (!SqlTypeUtil.isNumeric(other) && !isString(other)) {
            return false;
        }
        RelDataType target = isString(other) ? doubleType(other)
            : factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.INTEGER), other.isNullable());
        boolean changed = coerceOperandType(binding.getScope(), binding.getCall(), leftBoolean ? 0 : 1,
            factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.INTEGER),
                (leftBoolean ? left : right).isNullable()));
        if (isString(other)) {
            changed |= coerceOperandType(binding.getScope(), binding.getCall(), leftBoolean ? 1 : 0, target);
        }
        return changed;
    }

    @Override
    public RelDataType implicitCast(RelDataType in, SqlTypeFamily expected) {
        if (isString(in) && (expected == SqlTypeFamily.DATETIME || expected == SqlTypeFamily.TIMESTAMP)) {
            // MySQL reads a string where a DATETIME is expected (TIMESTAMPDIFF(DAY, d, '2024-06-01')) as one
            return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.TIMESTAMP), in.isNullable());
        }
        if (expected == SqlTypeFamily.BOOLEAN && (SqlTypeUtil.isNumeric(in) || isString(in))) {
            return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.BOOLEAN), in.isNullable());
        }
        if (isString(in) && (expected == SqlTypeFamily.NUMERIC || expected == SqlTypeFamily.APPROXIMATE_NUMERIC
            || expected == SqlTypeFamily.EXACT_NUMERIC || expected == SqlTypeFamily.DECIMAL)) {
            return doubleType(in);
        }
        if (SqlTypeUtil.isBoolean(in) && (expected == SqlTypeFamily.NUMERIC || expected == SqlTypeFamily.INTEGER
            || expected == SqlTypeFamily.EXACT_NUMERIC || expected == SqlTypeFamily.APPROXIMATE_NUMERIC)) {
            // MySQL's truth values are the integers 1 and 0: SUM(x IS NULL) counts
            return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.INTEGER), in.isNullable());
        }
        return super.implicitCast(in, expected);
    }

    /**
     * MySQL reads a number or string used as a condition ({@code a AND b}, {@code NOT x}, {@code IF(x, ...)}) as
     * {@code x <> 0}; a string compares as a DOUBLE. That comparison, not a cast to BOOLEAN (which MySQL lacks and
     * which would round 0.4 to false), replaces the operand.
     */
    @Override
    protected boolean coerceOperandType(org.apache.calcite.sql.validate.SqlValidatorScope scope, SqlCall call,
                                        int index, RelDataType targetType) {
        org.apache.calcite.sql.SqlNode operand = call.getOperandList().get(index);
        RelDataType from = operand instanceof org.apache.calcite.sql.SqlDynamicParam ? null
            : validator.deriveType(scope, operand);
        if (from != null && SqlTypeUtil.isBoolean(from) && SqlTypeUtil.isNumeric(targetType)) {
            return truthAsNumber(call, index, targetType, from.isNullable());
        }
        if (from == null || !SqlTypeUtil.isBoolean(targetType) || !(SqlTypeUtil.isNumeric(from) || isString(from))) {
            return super.coerceOperandType(scope, call, index, targetType);
        }
        org.apache.calcite.sql.parser.SqlParserPos pos = operand.getParserPosition();
        org.apache.calcite.sql.SqlNode number = isString(from)
            ? org.apache.calcite.sql.fun.SqlStdOperatorTable.CAST.createCall(pos, operand,
                org.apache.calcite.sql.type.SqlTypeUtil.convertTypeToSpec(doubleType(from)))
            : operand;
        if (isString(from)) {
            updateInferredType(number, doubleType(from));
        }
        org.apache.calcite.sql.SqlNode test = org.apache.calcite.sql.fun.SqlStdOperatorTable.NOT_EQUALS.createCall(
            pos, number, org.apache.calcite.sql.SqlLiteral.createExactNumeric("0", pos));
        call.setOperand(index, test);
        updateInferredType(test, targetType);
        return true;
    }

    /**
     * A truth value used as a number: {@code CASE WHEN x THEN 1 WHEN NOT x THEN 0 END} (NULL stays NULL), or
     * {@code CASE WHEN x THEN 1 ELSE 0 END} when x is never NULL, so that the number is typed NOT NULL as validated.
     */
    private boolean truthAsNumber(SqlCall call, int index, RelDataType targetType, boolean nullable) {
        org.apache.calcite.sql.SqlNode operand = call.getOperandList().get(index);
        org.apache.calcite.sql.parser.SqlParserPos pos = operand.getParserPosition();
        org.apache.calcite.sql.SqlLiteral one = org.apache.calcite.sql.SqlLiteral.createExactNumeric("1", pos);
        org.apache.calcite.sql.SqlLiteral zero = org.apache.calcite.sql.SqlLiteral.createExactNumeric("0", pos);
        org.apache.calcite.sql.SqlNodeList whens = new org.apache.calcite.sql.SqlNodeList(nullable
            ? java.util.List.of(operand, org.apache.calcite.sql.fun.SqlStdOperatorTable.NOT.createCall(pos, operand))
            : java.util.List.of(operand), pos);
        org.apache.calcite.sql.SqlNodeList thens = new org.apache.calcite.sql.SqlNodeList(nullable
            ? java.util.List.of(one, zero) : java.util.List.of(one), pos);
        org.apache.calcite.sql.SqlNode number = org.apache.calcite.sql.fun.SqlCaseOperator.INSTANCE.createCall(null,
            pos, null, whens, thens, nullable ? org.apache.calcite.sql.SqlLiteral.createNull(pos) : zero);
        call.setOperand(index, number);
        updateInferredType(number, targetType);
        return true;
    }

    private static boolean isTemporal(RelDataType type) {
        SqlTypeName name = type.getSqlTypeName();
        return name == SqlTypeName.DATE || name == SqlTypeName.TIME || name == SqlTypeName.TIMESTAMP;
    }

    /** BIGINT for whole seconds, DECIMAL with the fractional digits otherwise (MySQL's type of {@code dt + 0}). */
    private RelDataType temporalNumberType(RelDataType temporal) {
        int fraction = temporal.getSqlTypeName() == SqlTypeName.DATE ? 0 : Math.max(0, temporal.getPrecision());
        RelDataType number = fraction == 0 ? factory.createSqlType(SqlTypeName.BIGINT)
            : factory.createSqlType(SqlTypeName.DECIMAL, 20 + fraction, fraction);
        return factory.createTypeWithNullability(number, temporal.isNullable());
    }

    private static boolean isString(RelDataType type) {
        return SqlTypeUtil.isCharacter(type);
    }

    private RelDataType doubleType(RelDataType nullabilityOf) {
        return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE),
            nullabilityOf.isNullable());
    }
}
