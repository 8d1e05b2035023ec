package com.polardbx.optimizer.planner;

import java.nio.charset.Charset;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * {@code x COLLATE name} ({@code MYSQL_COLLATE(x, 'name')}) and {@code BINARY x} ({@code MYSQL_BINARY(x)}): the value
 * unchanged, typed with an explicit MySQL collation that the CN's comparisons, sorts and groupings then use (the
 * executor reads {@code _bin} and {@code binary} from the name), printed back in MySQL syntax for the DNs. Immutable.
 */
final class MySqlCollate extends SqlFunction {
    static final MySqlCollate COLLATE = new MySqlCollate("MYSQL_COLLATE", 2);
    static final MySqlCollate BINARY = new MySqlCollate("MYSQL_BINARY", 1);

    private MySqlCollate(String name, int operands) {
        super(name, SqlKind.OTHER_FUNCTION, MySqlCollate::collatedType, InferTypes.VARCHAR_1024,
            operands == 1 ? OperandTypes.ANY : OperandTypes.family(org.apache.calcite.sql.type.SqlTypeFamily.ANY,
                org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER), SqlFunctionCategory.STRING);
    }

    private static RelDataType collatedType(SqlOperatorBinding binding) {
        RelDataTypeFactory factory = binding.getTypeFactory();
        RelDataType value = binding.getOperandType(0);
        String collation = binding.getOperandCount() == 1 ? "binary"
            : binding.getOperandLiteralValue(1, String.class).toLowerCase(Locale.ROOT);
        // VARCHAR even for a CHAR literal: a CHAR(n) operand would make Calcite cast the other side to CHAR(n),
        // which on MySQL converts it to the connection's collation and loses this one
        RelDataType text = factory.createTypeWithNullability(SqlTypeUtil.inCharFamily(value)
            ? factory.createSqlType(SqlTypeName.VARCHAR, value.getPrecision())
            : factory.createSqlType(SqlTypeName.VARCHAR), value.isNullable());
        Charset charset = value.getCharset() != null ? value.getCharset() : factory.getDefaultCharset();
        return factory.createTypeWithCharsetAndCollation(text, charset,
            new Named(collation, charset));
    }

    @Override
    public boolean isDeterministic() {
        return true;
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
        SqlWriter.Frame frame = writer.startList("(", ")");
        if (call.operandCount() == 1) {
            writer.keyword("BINARY");
            call.operand(0).unparse(writer, 0, 0);
        } else {
            call.operand(0).unparse(writer, 0, 0);
            writer.keyword("COLLATE");
            writer.print(((org.apache.calcite.sql.SqlLiteral) call.operand(1)).getValueAs(String.class));
        }
        writer.endList(frame);
    }

    /** A collation carrying MySQL's name ({@code utf8mb4_bin}); Calcite would derive one from the charset. */
    private static final class Named extends SqlCollation {
        Named(String name, Charset charset) {
            super(Coercibility.EXPLICIT, Locale.ROOT, charset, name); // the name rides in strength: see below
        }

        @Override
        protected String generateCollationName(Charset charset) {
            return strength; // set before this is called, by the super constructor
        }
    }
}
