package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import java.util.OptionalLong;

/** Table options of an ALTER TABLE that the CN itself acts on, not only the DNs. */
public final class AlterTableOptions {
    private AlterTableOptions() {
    }

    /**
     * {@code AUTO_INCREMENT = n}: the GMS sequence, not the DNs' counters, hands out ids, so the CN moves it (never
     * below ids already handed out, as InnoDB keeps it above the largest id).
     */
    public static OptionalLong autoIncrement(SQLAlterTableStatement alter) {
        for (var option : alter.getTableOptions()) {
            if (option.getTarget().toString().equalsIgnoreCase("AUTO_INCREMENT")
                && option.getValue() instanceof SQLIntegerExpr n) {
                return OptionalLong.of(n.getNumber().longValue());
            }
        }
        return OptionalLong.empty();
    }
}
