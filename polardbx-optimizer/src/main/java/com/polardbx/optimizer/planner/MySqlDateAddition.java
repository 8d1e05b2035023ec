package com.polardbx.optimizer.planner;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * DATE_ADD, DATE_SUB, ADDDATE, SUBDATE as MySQL functions. Calcite turns {@code INTERVAL n DAY} into
 * {@code n * INTERVAL '1' DAY}, which MySQL can't parse; this prints it back as {@code INTERVAL (n) DAY} in the SQL
 * sent to the DNs. Immutable.
 */
final class MySqlDateAddition extends SqlFunction {
    MySqlDateAddition(String name, SqlReturnTypeInference type) {
        super(name, SqlKind.OTHER_FUNCTION, type, InferTypes.VARCHAR_1024, OperandTypes.ANY_ANY,
            SqlFunctionCategory.TIMEDATE);
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        SqlWriter.Frame frame = writer.startFunCall(getName());
        call.operand(0).unparse(writer, 0, 0);
        writer.sep(",");
        SqlNode amount = call.operand(1);
        if (amount instanceof SqlBasicCall times
            && (times.getKind() == SqlKind.TIMES || times.getKind() == SqlKind.CHECKED_TIMES)) {
            int unitAt = times.operand(0) instanceof SqlIntervalLiteral ? 0 : 1;
            if (times.operand(unitAt) instanceof SqlIntervalLiteral unit) {
                SqlIntervalLiteral.IntervalValue value = unit.getValueAs(SqlIntervalLiteral.IntervalValue.class);
                if (com.polardbx.optimizer.rel.IntervalUnits.isOne(value)) {
                    writer.keyword("INTERVAL");
                    SqlWriter.Frame count = writer.startList("(", ")");
                    times.operand(1 - unitAt).unparse(writer, 0, 0);
                    writer.endList(count);
                    writer.keyword(value.getIntervalQualifier().timeUnitRange.name());
                    writer.endFunCall(frame);
                    return;
                }
            }
        }
        amount.unparse(writer, 0, 0);
        writer.endFunCall(frame);
    }
}
