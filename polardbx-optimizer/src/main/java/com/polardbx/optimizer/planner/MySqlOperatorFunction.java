package com.polardbx.optimizer.planner;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * A MySQL operator Calcite's parser lacks ({@code DIV}, {@code XOR}, {@code <=>}, bit operators, {@code REGEXP}), or a
 * function it parses with other syntax or reserves ({@code INSERT}, {@code JSON_OBJECT}, {@code JSON_ARRAY}).
 * {@link CalciteText} hands it to Calcite as a call of its name ({@code MYSQL_DIV}); it is printed back as the
 * operator (parenthesized) in the SQL sent to the DNs. Immutable.
 */
final class MySqlOperatorFunction extends SqlFunction {
    private final String operator;

    private final boolean functionSyntax;

    MySqlOperatorFunction(String operator, String name, int operands, SqlReturnTypeInference type) {
        this(operator, name, SqlOperandCountRanges.of(operands), type, false);
    }

    private MySqlOperatorFunction(String operator, String name, org.apache.calcite.sql.SqlOperandCountRange operands,
                                  SqlReturnTypeInference type, boolean functionSyntax) {
        super(name, SqlKind.OTHER_FUNCTION, type, InferTypes.VARCHAR_1024, OperandTypes.variadic(operands),
            SqlFunctionCategory.SYSTEM);
        this.operator = operator;
        this.functionSyntax = functionSyntax;
    }

    /** A MySQL function Calcite parses with other syntax or reserves: written {@code name(...)}, printed as MySQL's. */
    static MySqlOperatorFunction function(String mysqlName, String name, int minOperands, SqlReturnTypeInference type) {
        return new MySqlOperatorFunction(mysqlName, name, SqlOperandCountRanges.from(minOperands), type, true);
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        if (functionSyntax) {
            SqlWriter.Frame function = writer.startFunCall(operator);
            for (SqlNode operand : call.getOperandList()) {
                writer.sep(",");
                operand.unparse(writer, 0, 0);
            }
            writer.endFunCall(function);
            return;
        }
        SqlWriter.Frame frame = writer.startList("(", ")");
        if (call.operandCount() == 1) {
            writer.print(operator);
            operand(writer, call.operand(0));
        } else {
            operand(writer, call.operand(0));
            writer.sep(operator);
            operand(writer, call.operand(1));
        }
        writer.endList(frame);
    }

    /**
     * An operand of the infix operator, in parentheses when it is an expression: printed without, {@code a = 1 OR a = 6}
     * under XOR or {@code a + b} under DIV would bind differently in MySQL.
     */
    private static void operand(SqlWriter writer, SqlNode operand) {
        if (operand instanceof org.apache.calcite.sql.SqlCall) {
            SqlWriter.Frame group = writer.startList("(", ")");
            operand.unparse(writer, 0, 0);
            writer.endList(group);
        } else {
            operand.unparse(writer, 0, 0);
        }
    }
}
