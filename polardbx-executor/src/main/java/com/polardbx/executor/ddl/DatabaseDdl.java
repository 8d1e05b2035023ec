package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.statement.SQLCreateDatabaseStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropDatabaseStatement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.DatabaseMeta;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code CREATE DATABASE} and {@code DROP DATABASE}: one physical database {@code <d>_p<i>} per data node.
 *
 * <p>Create: physical databases first, metadata last (the commit point; rolled back at recovery if missing). Drop:
 * metadata first (commit point), then the physical databases (rolled forward at recovery).
 */
final class DatabaseDdl {
    static final String DEFAULT_CHARSET = "utf8mb4";
    static final String DEFAULT_COLLATION = "utf8mb4_general_ci";
    private static final String DEFAULT_MODE = "auto";

    private final DdlContext ctx;

    DatabaseDdl(DdlContext ctx) {
        this.ctx = ctx;
    }

    StatementResult.Ok create(SQLCreateDatabaseStatement stmt, String sql) {
        String name = SQLUtils.normalize(stmt.getDatabaseName()).toLowerCase(Locale.ROOT);
        if (ctx.meta().database(name).isPresent()) {
            if (stmt.isIfNotExists()) {
                return StatementResult.Ok.noted(ErrorCode.ER_DB_CREATE_EXISTS, name);
            }
            throw new SqlError(ErrorCode.ER_DB_CREATE_EXISTS, name);
        }
        String charset = stmt.getCharacterSet() == null ? null : SQLUtils.normalize(stmt.getCharacterSet());
        String collation = stmt.getCollate() == null ? null : SQLUtils.normalize(stmt.getCollate());
        if (charset == null && collation == null) {
            charset = DEFAULT_CHARSET;
            collation = DEFAULT_COLLATION;
        }
        String mode = DdlStatementParser.databaseMode(sql);
        List<String> dnIds = ctx.dataNodeIds();
        List<PhysicalLocation> dbs = new ArrayList<>();
        for (int i = 0; i < dnIds.size(); i++) {
            dbs.add(new PhysicalLocation(dnIds.get(i), PhysicalNames.database(name, i), null));
        }
        JobPayload payload = new JobPayload().addLocations(dbs);
        long job = ctx.jobs().start(name, name, DdlJobType.CREATE_DATABASE, sql, payload);
        String options = (charset == null ? "" : " CHARACTER SET " + charset)
            + (collation == null ? "" : " COLLATE " + collation);
        try {
            AtomicInteger created = new AtomicInteger();
            ctx.physical().forEach(dbs, db -> {
                ctx.physical().execute(db.dnId(),
                    "CREATE DATABASE IF NOT EXISTS " + PhysicalLocation.quote(db.physicalDb()) + options);
                ctx.failPoints().reached("after_create_physical_db:" + created.incrementAndGet());
            });
            String[] actual = readCharset(dbs.get(0));
            Map<String, String> physicalDbs = new LinkedHashMap<>();
            dbs.forEach(db -> physicalDbs.put(db.dnId(), db.physicalDb()));
            ctx.meta().createDatabase(new DatabaseMeta(name, mode == null ? DEFAULT_MODE : mode, actual[0], actual[1],
                physicalDbs));
        } catch (RuntimeException e) {
            try {
                dropPhysical(dbs);
                ctx.jobs().rolledBack(job, payload, e.getMessage());
            } catch (RuntimeException cleanup) {
                // the job stays RUNNING: recovery drops the leftovers later
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        ctx.failPoints().reached("after_save_database");
        ctx.jobs().done(job, payload);
        return StatementResult.Ok.of(1);
    }

    StatementResult.Ok drop(SQLDropDatabaseStatement stmt, String sql) {
        String name = SQLUtils.normalize(stmt.getDatabaseName()).toLowerCase(Locale.ROOT);
        DatabaseMeta db = ctx.meta().database(name).orElse(null);
        if (db == null) {
            if (stmt.isIfExists()) {
                return StatementResult.Ok.noted(ErrorCode.ER_DB_DROP_EXISTS, name);
            }
            throw new SqlError(ErrorCode.ER_DB_DROP_EXISTS, name);
        }
        List<PhysicalLocation> dbs = new ArrayList<>();
        ctx.dataNodeIds(db).forEach(dn -> dbs.add(new PhysicalLocation(dn, db.physicalDbs().get(dn), null)));
        JobPayload payload = new JobPayload().addLocations(dbs);
        long job = ctx.jobs().start(name, name, DdlJobType.DROP_DATABASE, sql, payload);
        int tables = dropMetadata(name);
        ctx.failPoints().reached("after_drop_database_meta");
        AtomicInteger dropped = new AtomicInteger();
        ctx.physical().forEach(dbs, l -> {
            ctx.physical().execute(l.dnId(), "DROP DATABASE IF EXISTS " + PhysicalLocation.quote(l.physicalDb()));
            ctx.failPoints().reached("after_drop_physical_db:" + dropped.incrementAndGet());
        });
        ctx.jobs().done(job, payload);
        return StatementResult.Ok.of(tables);
    }

    /** Recovery: an unfinished create is undone unless its metadata exists; an unfinished drop is finished. */
    void recover(DdlJobRecord job, DdlJobType type) {
        JobPayload payload = JobPayload.decode(job.payload());
        if (type == DdlJobType.CREATE_DATABASE) {
            if (ctx.meta().database(job.objectName()).isPresent()) {
                ctx.jobs().done(job.id(), payload);
            } else {
                dropPhysical(payload.locations());
                ctx.jobs().rolledBack(job.id(), payload, "rolled back by recovery");
            }
        } else {
            dropMetadata(job.objectName());
            dropPhysical(payload.locations());
            ctx.jobs().done(job.id(), payload);
        }
    }

    private int dropMetadata(String name) {
        if (ctx.meta().database(name).isEmpty()) {
            return 0;
        }
        List<TableMeta> tables = ctx.meta().tables(name);
        for (TableMeta t : tables) {
            ctx.meta().dropTable(name, t.name());
        }
        ctx.meta().dropDatabase(name);
        return tables.size();
    }

    private void dropPhysical(List<PhysicalLocation> dbs) {
        ctx.physical().forEach(dbs, l ->
            ctx.physical().execute(l.dnId(), "DROP DATABASE IF EXISTS " + PhysicalLocation.quote(l.physicalDb())));
    }

    private String[] readCharset(PhysicalLocation db) {
        return ctx.physical().query(db.dnId(),
            "SELECT DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA"
                + " WHERE SCHEMA_NAME = '" + PhysicalTableInspector.escape(db.physicalDb()) + "'",
            rs -> rs.next() ? new String[] {rs.getString(1), rs.getString(2)}
                : new String[] {DEFAULT_CHARSET, DEFAULT_COLLATION});
    }
}
