package com.polardbx.optimizer.planner;

import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCallBinding;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * The fractional digits of seconds MariaDB gives a DATETIME plus an interval: 6 when the interval counts
 * microseconds ({@code INTERVAL 250 MICROSECOND}, {@code '1:1:1.5' HOUR_MICROSECOND}); for seconds, those of the
 * amount (an integer none, a DECIMAL its scale, a string or DOUBLE 6); otherwise none. The result has the base's
 * digits or these, whichever are more. Stateless.
 */
final class IntervalDigits {
    /** MariaDB's most fractional digits of a temporal value. */
    static final int MAX = 6;

    private IntervalDigits() {
    }

    /** The digits of a count of seconds of type {@code amount}. */
    static int ofSeconds(RelDataType amount) {
        SqlTypeName name = amount.getSqlTypeName();
        if (SqlTypeName.INT_TYPES.contains(name) || SqlTypeName.UNSIGNED_TYPES.contains(name)
            || name == SqlTypeName.BOOLEAN || name == SqlTypeName.NULL) {
            return 0;
        }
        return name == SqlTypeName.DECIMAL ? Math.min(Math.max(amount.getScale(), 0), MAX) : MAX;
    }

    /** The digits of an amount of a MySQL unit ({@code TIMESTAMPADD(unit, amount, d)}, {@code MYSQL_INTERVAL}). */
    static int ofUnit(String unit, RelDataType amount) {
        return unit.endsWith("MICROSECOND") ? MAX : unit.equals("SECOND") ? ofSeconds(amount) : 0;
    }

    /**
     * The digits of the interval operand {@code i} of a DATE_ADD-like call: a count times one SECOND takes the count's
     * digits; other intervals ending in seconds their type's fractional precision ({@code INTERVAL '1.5' SECOND}: 6,
     * {@code MYSQL_INTERVAL} sets it from its unit); intervals of larger units and plain day counts none.
     */
    static int ofOperand(SqlOperatorBinding binding, int i) {
        RelDataType type = binding.getOperandType(i);
        if (!SqlTypeUtil.isInterval(type) || type.getIntervalQualifier() == null
            || type.getIntervalQualifier().getEndUnit() != TimeUnit.SECOND) {
            return 0;
        }
        if (type.getSqlTypeName() == SqlTypeName.INTERVAL_SECOND) {
            RelDataType count = countOfTimes(binding, i);
            if (count != null) {
                return ofSeconds(count);
            }
        }
        return Math.min(MAX, type.getIntervalQualifier().getFractionalSecondPrecision(
            binding.getTypeFactory().getTypeSystem()));
    }

    /** The type of the count in {@code count * INTERVAL '1' SECOND} (Calcite's form of INTERVAL count SECOND). */
    private static RelDataType countOfTimes(SqlOperatorBinding binding, int i) {
        if (binding instanceof SqlCallBinding call && call.operand(i) instanceof SqlBasicCall times
            && isTimes(times.getKind()) && times.operandCount() == 2) {
            for (SqlNode factor : times.getOperandList()) {
                RelDataType t = call.getValidator().deriveType(call.getScope(), factor);
                if (!SqlTypeUtil.isInterval(t)) {
                    return t;
                }
            }
        }
        if (binding instanceof RexCallBinding rex && rex.operands().get(i) instanceof RexCall times
            && isTimes(times.getKind()) && times.getOperands().size() == 2) {
            for (RexNode factor : times.getOperands()) {
                if (!SqlTypeUtil.isInterval(factor.getType())) {
                    return factor.getType();
                }
            }
        }
        return null;
    }

    private static boolean isTimes(SqlKind kind) {
        return kind == SqlKind.TIMES || kind == SqlKind.CHECKED_TIMES;
    }

    /** DATETIME with the base's fractional digits or {@code digits}, whichever are more; nullable. */
    static RelDataType datetime(SqlOperatorBinding binding, RelDataType base, int digits) {
        int own = base.getSqlTypeName() == SqlTypeName.TIMESTAMP ? Math.max(base.getPrecision(), 0) : 0;
        var f = binding.getTypeFactory();
        return f.createTypeWithNullability(f.createSqlType(SqlTypeName.TIMESTAMP, Math.min(MAX, Math.max(own,
            digits))), true);
    }
}
