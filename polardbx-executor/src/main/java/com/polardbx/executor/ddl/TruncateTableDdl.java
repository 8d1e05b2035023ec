package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLTruncateStatement;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code TRUNCATE TABLE}: truncates every physical table; an interrupted job is rolled forward (truncated again). */
final class TruncateTableDdl {
    private static final int ER_NO_SUCH_TABLE = 1146;

    private final DdlContext ctx;

    TruncateTableDdl(DdlContext ctx) {
        this.ctx = ctx;
    }

    /** Truncates; a referenced parent is refused by its DN (1701) unless {@code foreignKeyChecks} is off. */
    StatementResult.Ok truncate(String currentSchema, SQLTruncateStatement stmt, String sql,
                                boolean foreignKeyChecks) {
        for (SQLExprTableSource source : stmt.getTableSources()) {
            TableMeta table = ctx.requireTable(QualifiedName.of(currentSchema, source));
            if (foreignKeyChecks) {
                // judged here, not by each DN: a BROADCAST parent's copy on a DN without children would be emptied
                new ForeignKeyDdl(ctx).refuseTruncateOfParent(table);
            }
            List<PhysicalLocation> locations = PhysicalLocation.allOf(table); // global indexes empty with it
            JobPayload payload = new JobPayload().addLocations(locations);
            long job = ctx.jobs().start(table.schema(), table.name(), DdlJobType.TRUNCATE_TABLE, sql, payload);
            truncateAll(locations, foreignKeyChecks);
            ctx.meta().resetAutoIncrement(table.schema(), table.name());
            ctx.jobs().done(job, payload);
        }
        return StatementResult.Ok.EMPTY;
    }

    void recover(DdlJobRecord job) {
        JobPayload payload = JobPayload.decode(job.payload());
        truncateAll(payload.locations(), false);
        ctx.jobs().done(job.id(), payload);
    }

    private void truncateAll(List<PhysicalLocation> locations, boolean foreignKeyChecks) {
        AtomicInteger done = new AtomicInteger();
        ctx.physical().forEach(locations, l -> {
            try {
                String truncate = "TRUNCATE TABLE " + l.qualifiedName();
                ctx.physical().execute(l.dnId(), foreignKeyChecks ? truncate : ForeignKeyDdl.withoutChecks(truncate));
            } catch (SqlError e) {
                if (e.errno() != ER_NO_SUCH_TABLE) {
                    throw e;
                }
            }
            ctx.failPoints().reached("after_physical_truncate:" + done.incrementAndGet());
        });
    }
}
