package com.polardbx.optimizer.planner;

import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type rules bent towards MySQL's: CASE/IF branches of different string lengths give VARCHAR (MySQL never
 * pads {@code 'low'} to {@code 'low '}), and DECIMAL goes up to 65 digits with 30 after the point.
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

    @Override
    public int getMaxScale(SqlTypeName typeName) {
        return typeName == SqlTypeName.DECIMAL ? 30 : super.getMaxScale(typeName);
    }
}
