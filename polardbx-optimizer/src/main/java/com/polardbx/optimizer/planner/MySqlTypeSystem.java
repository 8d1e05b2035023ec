package com.polardbx.optimizer.planner;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type rules bent towards MySQL's: CASE/IF branches of different string lengths give VARCHAR (MySQL never
 * pads {@code 'low'} to {@code 'low '}), DECIMAL goes up to 65 digits with 30 after the point, SUM widens as MySQL's.
 */
public final class MySqlTypeSystem extends RelDataTypeSystemImpl {
    public static final MySqlTypeSystem INSTANCE = new MySqlTypeSystem();

    private MySqlTypeSystem() {
    }

    @Override
    public boolean shouldConvertRaggedUnionTypesToVarying() {
        return true;
    }

    @Override
    public int getMaxPrecision(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? 65 : super.getMaxPrecision(typeName);
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
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? 30 : super.getMaxScale(typeName);
    }
}
