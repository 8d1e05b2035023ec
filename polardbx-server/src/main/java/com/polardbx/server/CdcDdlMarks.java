package com.polardbx.server;

import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.polardbx.executor.ddl.DdlListener;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.MetaStore;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.transaction.Transaction;
import com.polardbx.transaction.TransactionManager;
import com.polardbx.transaction.connection.DataNodePools;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Marks each completed logical DDL for the CDC: one row in {@code polardbx_cdc.ddl_mark} on every DN, written in one
 * distributed transaction, so its commit timestamp puts the DDL after every transaction that committed before it and
 * before every one that starts after the client saw it done. The text is what a MySQL consumer can run: CREATE TABLE
 * as {@code SHOW CREATE TABLE} prints it, CREATE DATABASE without the CN's MODE option, anything else as sent.
 */
final class CdcDdlMarks implements DdlListener {
    private static final Pattern MODE_OPTION = Pattern.compile("(?i)\\s+MODE\\s*=?\\s*'?\\w+'?");

    private final MetaStore meta;
    private final TransactionManager transactions;
    private final DataNodePools dataNodes;

    CdcDdlMarks(MetaStore meta, TransactionManager transactions, DataNodePools dataNodes) {
        this.meta = meta;
        this.transactions = transactions;
        this.dataNodes = dataNodes;
    }

    @Override
    public void afterDdl(String currentSchema, SQLStatement ddl, String sql) {
        String schema = currentSchema == null ? "" : currentSchema;
        String text = sql.trim();
        if (ddl instanceof SQLCreateDatabaseStatement) {
            text = MODE_OPTION.matcher(text).replaceAll("");
            schema = "";
        } else if (ddl instanceof SQLDropDatabaseStatement) {
            schema = "";
        } else if (ddl instanceof MySqlCreateTableStatement create) {
            SQLExprTableSource source = create.getTableSource();
            String db = source.getSchema() != null ? TableNames.unquote(source.getSchema()) : currentSchema;
            Optional<TableMeta> table = db == null ? Optional.empty()
                : meta.table(db, TableNames.unquote(source.getTableName()));
            if (table.isPresent() && table.get().createSql() != null) {
                schema = table.get().schema();
                text = table.get().createSql();
            }
        }
        byte[] body = (schema + "\n" + text).getBytes(StandardCharsets.UTF_8);
        Transaction tx = transactions.begin();
        try {
            for (String dn : dataNodes.dataNodeIds()) {
                try (PreparedStatement ps = tx.connection(dn).prepareStatement(
                    "INSERT INTO polardbx_cdc.ddl_mark (id, body) VALUES (?, ?)")) {
                    ps.setLong(1, tx.id());
                    ps.setBytes(2, body);
                    ps.executeUpdate();
                }
            }
            tx.commit();
        } catch (SQLException | RuntimeException e) {
            tx.rollback();
            throw new IllegalStateException("the DDL mark for the global binlog was not written: " + e.getMessage(), e);
        }
    }
}
