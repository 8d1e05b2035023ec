package com.polardbx.server.session;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.user.Privilege;
import com.polardbx.server.ServerContext;
import com.polardbx.server.handler.LoadDataReceiver;
import com.polardbx.server.handler.LoadDataStatement;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * Starts LOAD DATA LOCAL INFILE: checks the table and the account's privileges, opens a transaction when none is
 * open (the load is then one atomic statement, as on InnoDB), and answers with the request for the file. One per
 * session.
 */
final class LocalLoads {
    private final ServerContext context;
    private final SessionState state;
    private final Transactions transactions;
    private final AccessCheck access;

    LocalLoads(ServerContext context, SessionState state, Transactions transactions, AccessCheck access) {
        this.context = context;
        this.state = state;
        this.transactions = transactions;
        this.access = access;
    }

    /** The request for the client's file; {@code execute} runs each INSERT the file turns into. */
    StatementResult start(String sql, Function<String, StatementResult> execute) {
        LoadDataStatement load = LoadDataStatement.parse(sql);
        if (!load.local()) {
            return null; // a server-side file: refused by the DN-reach check like any file access
        }
        String schema = load.schema() != null ? load.schema() : state.database();
        if (schema == null) {
            throw new SqlError(ErrorCode.ER_NO_DB);
        }
        access.requireTable(Privilege.INSERT, schema, load.table());
        if (load.duplicates() == LoadDataStatement.Duplicates.REPLACE) {
            access.requireTable(Privilege.DELETE, schema, load.table());
        }
        TableMeta table = context.meta().table(schema, load.table())
            .orElseThrow(() -> new SqlError(ErrorCode.ER_NO_SUCH_TABLE, schema, load.table()));
        List<String> targets = load.columns().isEmpty()
            ? table.columns().stream().map(ColumnDef::name).toList() : load.columns();
        boolean own = !transactions.active();
        if (own) {
            transactions.begin();
        }
        Charset charset = load.charset() == null ? StandardCharsets.UTF_8
            : ClientCharsets.forMysqlName(load.charset());
        java.util.Map<String, String> numeric = new java.util.HashMap<>();
        for (ColumnDef c : table.columns()) {
            String type = c.sqlType().toLowerCase(java.util.Locale.ROOT);
            String kind = type.startsWith("decimal") || type.startsWith("numeric") ? "decimal"
                : type.matches("(tiny|small|medium|big)?int(eger)?\\b.*") ? "integer"
                : type.startsWith("float") || type.startsWith("double") || type.startsWith("real") ? "double" : null;
            if (kind != null) {
                numeric.put(c.name().toLowerCase(java.util.Locale.ROOT), kind);
            }
        }
        LoadDataReceiver receiver = new LoadDataReceiver(load, targets, numeric, charset, state, execute,
            own ? transactions::commit : () -> { }, own ? transactions::rollback : () -> { });
        state.stage(() -> "Loading rows: " + receiver.recordsRead() + " read");
        return new StatementResult.LocalFile(load.fileName(), receiver);
    }
}
