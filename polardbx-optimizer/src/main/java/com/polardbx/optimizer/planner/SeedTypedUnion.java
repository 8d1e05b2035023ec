package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlSetOperator;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * The UNION [ALL] of a recursive WITH, typed as MariaDB types it: every column takes the seed's type, and the
 * recursive part's columns are cast to it. Calcite's own union takes the least restrictive type of both parts, which
 * grows each time the recursive part widens a value (a DECIMAL sum, a CONCAT): the working table it converts with
 * then differs from the validated one and Calcite fails ("failed to preserve datatypes").
 */
final class SeedTypedUnion extends SqlSetOperator {
    private static final SeedTypedUnion ALL = new SeedTypedUnion("UNION ALL", true);
    private static final SeedTypedUnion DISTINCT = new SeedTypedUnion("UNION", false);

    private SeedTypedUnion(String name, boolean all) {
        super(name, SqlKind.UNION, 14, all, SeedTypedUnion::seedType, null, null);
    }

    /** Gives the unions of the recursive WITH items of {@code parsed} this operator, for validation. */
    static SqlNode apply(SqlNode parsed) {
        return replaceUnions(parsed, all -> all ? ALL : DISTINCT);
    }

    /**
     * Gives the validated unions Calcite's operators back: the converter to relational algebra knows only those
     * (the types the validator recorded stay).
     */
    static SqlNode restore(SqlNode validated) {
        return replaceUnions(validated, all -> all ? SqlStdOperatorTable.UNION_ALL : SqlStdOperatorTable.UNION);
    }

    private static SqlNode replaceUnions(SqlNode parsed, java.util.function.Function<Boolean, SqlSetOperator> op) {
        parsed.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call instanceof SqlWith with) {
                    for (SqlNode item : with.withList) {
                        SqlWithItem withItem = (SqlWithItem) item;
                        if (withItem.recursive.booleanValue() && withItem.query instanceof SqlBasicCall union
                            && union.getKind() == SqlKind.UNION && union.operandCount() == 2) {
                            union.setOperator(op.apply(((SqlSetOperator) union.getOperator()).isAll()));
                        }
                    }
                }
                return super.visit(call);
            }
        });
        return parsed;
    }

    /** The seed's column types, nullable where either part is. */
    private static RelDataType seedType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType seed = binding.getOperandType(0);
        RelDataType step = binding.getOperandType(1);
        List<RelDataType> types = new ArrayList<>();
        for (int i = 0; i < seed.getFieldCount(); i++) {
            RelDataType t = seed.getFieldList().get(i).getType();
            boolean nullable = t.isNullable() || i < step.getFieldCount()
                && step.getFieldList().get(i).getType().isNullable();
            types.add(factory.createTypeWithNullability(t, nullable));
        }
        return factory.createStructType(types, seed.getFieldNames());
    }

    @Override
    public org.apache.calcite.sql.SqlOperandCountRange getOperandCountRange() {
        return org.apache.calcite.sql.type.SqlOperandCountRanges.of(2);
    }

    /** Typed here: the inherited derivation would look the operator up by name and get Calcite's union back. */
    @Override
    public RelDataType deriveType(org.apache.calcite.sql.validate.SqlValidator validator,
                                  org.apache.calcite.sql.validate.SqlValidatorScope scope, SqlCall call) {
        for (SqlNode operand : call.getOperandList()) {
            validator.deriveType(scope, operand);
        }
        return validateOperands(validator, scope, call);
    }

    /** Casts each column of the recursive part whose type is not the seed's (nullability aside) to the seed's. */
    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
        RelDataType seed = binding.getOperandType(0);
        RelDataType step = binding.getOperandType(1);
        if (seed.getFieldCount() != step.getFieldCount()) {
            if (throwOnFailure) {
                throw binding.newValidationError(org.apache.calcite.util.Static.RESOURCE
                    .columnCountMismatchInSetop(getName()));
            }
            return false;
        }
        RelDataTypeFactory factory = binding.getTypeFactory();
        for (int i = 0; i < seed.getFieldCount(); i++) {
            RelDataType target = seed.getFieldList().get(i).getType();
            RelDataType actual = step.getFieldList().get(i).getType();
            if (!SqlTypeUtil.equalSansNullability(factory, target, actual)) {
                binding.getValidator().getTypeCoercion().rowTypeCoercion(binding.getScope(), binding.operand(1), i,
                    factory.createTypeWithNullability(target, actual.isNullable()));
            }
        }
        return true;
    }
}
