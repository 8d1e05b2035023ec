package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLPropertyExpr;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.Locale;

/**
 * A logical table name resolved against the session's current database; lower case, as GMS stores names
 * ({@code lower_case_table_names=1}).
 */
record QualifiedName(String schema, String name) {

    static QualifiedName of(String currentSchema, SQLExprTableSource source) {
        return of(currentSchema, source.getExpr());
    }

    static QualifiedName of(String currentSchema, SQLExpr nameExpr) {
        String schema;
        String name;
        if (nameExpr instanceof SQLPropertyExpr p) {
            schema = SQLUtils.normalize(p.getOwnerName());
            name = SQLUtils.normalize(p.getName());
        } else if (nameExpr instanceof SQLIdentifierExpr id) {
            schema = currentSchema;
            name = SQLUtils.normalize(id.getName());
        } else {
            throw new SqlError(ErrorCode.ER_PARSE, "bad table name " + nameExpr);
        }
        if (schema == null || schema.isEmpty()) {
            throw new SqlError(ErrorCode.ER_NO_DB);
        }
        return new QualifiedName(schema.toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return schema + "." + name;
    }
}
