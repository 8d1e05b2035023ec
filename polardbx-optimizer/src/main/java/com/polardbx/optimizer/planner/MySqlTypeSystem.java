package com.polardbx.optimizer.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type rules bent towards MySQL's: CASE/IF branches of different string lengths give VARCHAR (MySQL never
 * pads {@code 'low'} to {@code 'low '}), DECIMAL goes up to 65 digits with 30 after the point, DATETIME and TIME to 6 fractional digits, SUM widens as MySQL's,
 * and AVG of an exact number is a DECIMAL with 4 more digits after the point (MySQL's div_precision_increment), as
 * the executor computes it, so that expressions over an AVG keep its digits.
 */
public final class MySqlTypeSystem extends RelDataTypeSystemImpl {
    public static final MySqlTypeSystem INSTANCE = new MySqlTypeSystem();

    private MySqlTypeSystem() {
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }

    /** DECIMAL up to 65 digits; TIME and DATETIME up to 6 fractional digits of seconds (Calcite's stop at 3). */
    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return switch (typeName) {
            case DECIMAL -> 65;
            case TIME, TIMESTAMP -> 6;
            default -> super.getMaxPrecision(typeName);
        };
    }

    /** MySQL's SUM of DECIMAL(p, s) is DECIMAL(p + 22, s), at most 65 digits (Calcite's is the widest DECIMAL). */
    @Override
    public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
        if (argumentType.getSqlTypeName() == SqlTypeName.DECIMAL) {
            RelDataType sum = typeFactory.createSqlType(SqlTypeName.DECIMAL,
                Math.min(argumentType.getPrecision() + 22, 65), argumentType.getScale());
            return typeFactory.createTypeWithNullability(sum, argumentType.isNullable());
        }
        return super.deriveSumType(typeFactory, argumentType);
    }

    @Override
    public RelDataType deriveAvgAggType(RelDataTypeFactory factory, RelDataType argument) {
        SqlTypeName name = argument.getSqlTypeName();
        int scale;
        int precision;
        if (name == SqlTypeName.DECIMAL) {
            scale = argument.getScale();
            precision = argument.getPrecision();
        } else if (SqlTypeName.INT_TYPES.contains(name)) {
            scale = 0;
            precision = name == SqlTypeName.BIGINT ? 19 : 11;
        } else {
            return super.deriveAvgAggType(factory, argument);
        }
        RelDataType avg = factory.createSqlType(SqlTypeName.DECIMAL, Math.min(precision + 4, 65), Math.min(scale + 4,
            30));
        return factory.createTypeWithNullability(avg, argument.isNullable());
    }

    /**
     * MySQL's quotient of exact numbers: the dividend's scale plus 4 (div_precision_increment), not Calcite's at least
     * 6 ({@code 1.25 / 7} is {@code 0.178571}) nor an integer for integers.
     */
    @Override
    public RelDataType deriveDecimalDivideType(RelDataTypeFactory factory, RelDataType dividend, RelDataType divisor) {
        RelDataType calcite = super.deriveDecimalDivideType(factory, dividend, divisor);
        if (calcite == null && SqlTypeName.INT_TYPES.contains(dividend.getSqlTypeName())
            && SqlTypeName.INT_TYPES.contains(divisor.getSqlTypeName())) {
            // integers divide into a DECIMAL with 4 digits after the point (1 / 3 is 0.3333), not an integer
            RelDataType quotient = factory.createSqlType(SqlTypeName.DECIMAL, Math.min(dividend.getPrecision() + 4,
                65), 4);
            return factory.createTypeWithNullability(quotient, dividend.isNullable() || divisor.isNullable());
        }
        if (calcite == null || calcite.getSqlTypeName() != SqlTypeName.DECIMAL) {
            return calcite;
        }
        int scale = Math.min(dividend.getScale() + 4, 30);
        int precision = Math.min(dividend.getPrecision() - dividend.getScale() + divisor.getScale() + scale, 65);
        RelDataType quotient = factory.createSqlType(SqlTypeName.DECIMAL, Math.max(precision, scale), scale);
        return factory.createTypeWithNullability(quotient, calcite.isNullable());
    }

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? 30 : super.getMaxScale(typeName);
    }
}
