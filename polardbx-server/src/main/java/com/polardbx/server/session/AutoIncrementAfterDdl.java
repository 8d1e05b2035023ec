package com.polardbx.server.session;

import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableRename;
import com.alibaba.druid.sql.ast.statement.SQLAlterTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlRenameTableStatement;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.executor.ddl.AlterTableOptions;
import com.polardbx.optimizer.route.AutoIncrementAllocator;
import com.polardbx.optimizer.route.TableNames;
import java.util.List;

/**
 * What a finished DDL means for this CN's cached AUTO_INCREMENT blocks: DROP, TRUNCATE, CREATE and RENAME forget the
 * tables' blocks (their GMS sequence restarted or is gone); ALTER TABLE ... AUTO_INCREMENT = n moves the sequence
 * as an explicit id n - 1 would.
 */
final class AutoIncrementAfterDdl {
    private AutoIncrementAfterDdl() {
    }

    /** Cached AUTO_INCREMENT blocks of the tables a DDL touched are stale: their sequence restarts or moves. */
    static void apply(AutoIncrementAllocator ids, SQLStatement ddl, String currentDatabase) {
        if (ddl instanceof SQLDropDatabaseStatement drop) {
            ids.forgetDatabase(TableNames.unquote(drop.getName().getSimpleName()));
            return;
        }
        if (ddl instanceof SQLAlterTableStatement alter) {
            String schema = alter.getSchema() != null ? TableNames.unquote(alter.getSchema()) : currentDatabase;
            // AUTO_INCREMENT = n moves the sequence as an explicit id n - 1 would: never below ids handed out
            AlterTableOptions.autoIncrement(alter).ifPresent(n -> {
                if (schema != null) {
                    ids.observe(schema, TableNames.unquote(alter.getTableName()), n - 1);
                }
            });
            if (alter.getItems().stream().noneMatch(i -> i instanceof SQLAlterTableRename)) {
                return;
            }
        }
        ddl.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLExprTableSource source) {
                if (source.getExpr() instanceof SQLName) {
                    String schema = source.getSchema() != null ? TableNames.unquote(source.getSchema())
                        : currentDatabase;
                    if (schema != null) {
                        ids.forget(schema, TableNames.unquote(source.getTableName()));
                    }
                }
                return false;
            }

            @Override
            public boolean visit(MySqlRenameTableStatement.Item item) {
                for (SQLName name : List.of(item.getName(), item.getTo())) {
                    String schema = name instanceof SQLPropertyExpr p
                        ? TableNames.unquote(p.getOwnerName()) : currentDatabase;
                    if (schema != null) {
                        ids.forget(schema, TableNames.unquote(name.getSimpleName()));
                    }
                }
                return false;
            }
        });
    }
}
