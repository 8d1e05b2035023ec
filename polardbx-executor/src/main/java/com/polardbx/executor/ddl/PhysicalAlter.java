package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropIndexStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.function.Function;

/**
 * Builds the physical form of an ALTER-like statement ({@code ALTER TABLE}, {@code CREATE INDEX},
 * {@code DROP INDEX}) for one physical table. Recovery rebuilds it from the job's SQL text, so it depends on the
 * statement alone.
 */
final class PhysicalAlter {
    private PhysicalAlter() {
    }

    static Function<PhysicalLocation, String> of(SQLStatement logical) {
        if (logical instanceof SQLAlterTableStatement alter) {
            return l -> {
                SQLAlterTableStatement copy = (SQLAlterTableStatement) alter.clone();
                copy.getItems().removeIf(i -> i instanceof SQLAlterTableRename);
                copy.setTableSource(table(l));
                return SQLUtils.toMySqlString(copy);
            };
        } else if (logical instanceof SQLCreateIndexStatement create) {
            return l -> {
                SQLCreateIndexStatement copy = create.clone();
                copy.setTable(table(l));
                return SQLUtils.toMySqlString(copy);
            };
        } else if (logical instanceof SQLDropIndexStatement drop) {
            return l -> {
                SQLDropIndexStatement copy = (SQLDropIndexStatement) drop.clone();
                copy.setTableName(table(l));
                return SQLUtils.toMySqlString(copy);
            };
        }
        throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, logical.getClass().getSimpleName());
    }

    /** Whether an ALTER TABLE changes the physical tables at all (a bare RENAME TO does not). */
    static boolean hasPhysicalWork(SQLAlterTableStatement alter) {
        return !alter.getTableOptions().isEmpty()
            || alter.getItems().stream().anyMatch(i -> !(i instanceof SQLAlterTableRename));
    }

    private static SQLExprTableSource table(PhysicalLocation l) {
        return new SQLExprTableSource(new SQLPropertyExpr(PhysicalLocation.quote(l.physicalDb()),
            PhysicalLocation.quote(l.physicalTable())));
    }
}
