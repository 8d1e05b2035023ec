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

    @Override
    public RelDataType commonTypeForBinaryComparison(RelDataType type1, RelDataType type2) {
        if (type1 != null && type2 != null && (isString(type1) && SqlTypeUtil.isNumeric(type2)
            || isString(type2) && SqlTypeUtil.isNumeric(type1))) {
            return doubleType(type1.isNullable() ? type1 : type2);
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
        if (isString(in) && (expected == SqlTypeFamily.NUMERIC || expected == SqlTypeFamily.APPROXIMATE_NUMERIC
            || expected == SqlTypeFamily.EXACT_NUMERIC || expected == SqlTypeFamily.DECIMAL)) {
            return doubleType(in);
        }
        return super.implicitCast(in, expected);
    }

    private static boolean isString(RelDataType type) {
        return SqlTypeUtil.isCharacter(type);
    }

    private RelDataType doubleType(RelDataType nullabilityOf) {
        return factory.createTypeWithNullability(factory.createSqlType(SqlTypeName.DOUBLE),
            nullabilityOf.isNullable());
    }
}
