package com.polardbx.server.session;

import com.alibaba.druid.sql.ast.expr.SQLHexExpr;
import com.alibaba.druid.sql.visitor.SQLASTOutputVisitor;
import com.alibaba.druid.sql.visitor.SQLASTVisitor;

/**
 * The empty binary string bound to a parameter: a hex literal without digits, which Druid would print as {@code 0x}
 * (a column name to MySQL), so it prints itself as {@code X''}.
 */
final class EmptyBinaryLiteral extends SQLHexExpr {
    EmptyBinaryLiteral() {
        super("");
    }

    @Override
    protected void accept0(SQLASTVisitor visitor) {
        if (visitor instanceof SQLASTOutputVisitor output) {
            output.print("X''");
            return;
        }
        super.accept0(visitor);
    }

    @Override
    public EmptyBinaryLiteral clone() {
        return new EmptyBinaryLiteral();
    }
}
