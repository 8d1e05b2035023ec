package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.ast.statement.SQLDropTableStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * {@code DROP TABLE}: one job per table; dropping the metadata is the commit point, the physical drops after it are
 * rolled forward at recovery. Like MySQL 8, nothing is dropped when a named table is missing (without IF EXISTS).
 */
final class DropTableDdl {
    private final DdlContext ctx;
    private final ForeignKeyDdl foreignKeys;

    DropTableDdl(DdlContext ctx) {
        this.ctx = ctx;
        this.foreignKeys = new ForeignKeyDdl(ctx);
    }

    /**
     * Drops the tables in order; with {@code foreignKeyChecks} a table another table references stays, the others
     * are dropped, and the statement then fails with 1451 (MariaDB's behaviour).
     */
    StatementResult.Ok drop(String currentSchema, SQLDropTableStatement stmt, String sql, boolean foreignKeyChecks) {
        List<TableMeta> found = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (SQLExprTableSource source : stmt.getTableSources()) {
            QualifiedName name = QualifiedName.of(currentSchema, source);
            ctx.meta().table(name.schema(), name.name())
                .ifPresentOrElse(found::add, () -> missing.add(name.toString()));
        }
        if (!missing.isEmpty() && !stmt.isIfExists()) {
            throw new SqlError(ErrorCode.ER_BAD_TABLE, String.join(",", missing));
        }
        boolean refused = false;
        for (TableMeta table : found) {
            if (foreignKeyChecks && foreignKeys.referencedByOthers(table)) {
                refused = true;
            } else {
                dropOne(table, sql);
            }
        }
        if (refused) {
            throw new SqlError(ErrorCode.ER_ROW_IS_REFERENCED, "");
        }
        return missing.isEmpty() ? StatementResult.Ok.EMPTY
            : StatementResult.Ok.noted(ErrorCode.ER_BAD_TABLE, String.join(",", missing));
    }

    private void dropOne(TableMeta table, String sql) {
        List<PhysicalLocation> locations = PhysicalLocation.allOf(table); // global indexes' tables too
        JobPayload payload = new JobPayload().addLocations(locations);
        long job = ctx.jobs().start(table.schema(), table.name(), DdlJobType.DROP_TABLE, sql, payload);
        ctx.meta().dropTable(table.schema(), table.name());
        ctx.failPoints().reached("after_drop_meta");
        dropPhysical(locations);
        ctx.jobs().done(job, payload);
    }

    /** Recovery: if the metadata still lists these tables nothing happened yet (rolled back); else finish. */
    void recover(DdlJobRecord job) {
        JobPayload payload = JobPayload.decode(job.payload());
        Set<PhysicalLocation> planned = Set.copyOf(payload.locations());
        boolean stillThere = ctx.meta().table(job.schema(), job.objectName())
            .map(t -> Set.copyOf(PhysicalLocation.allOf(t)).equals(planned))
            .orElse(false);
        if (stillThere) {
            ctx.jobs().rolledBack(job.id(), payload, "rolled back by recovery");
        } else {
            dropPhysical(payload.locations());
            ctx.jobs().done(job.id(), payload);
        }
    }

    private void dropPhysical(List<PhysicalLocation> locations) {
        AtomicInteger dropped = new AtomicInteger();
        ctx.physical().forEach(locations, l -> {
            // the CN judged the foreign keys; a parent's copy must go even while children reference it
            ctx.physical().execute(l.dnId(), ForeignKeyDdl.withoutChecks("DROP TABLE IF EXISTS " + l.qualifiedName()));
            ctx.failPoints().reached("after_physical_drop:" + dropped.incrementAndGet());
        });
    }
}
