package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.store.DdlJobRecord;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code RENAME TABLE} and {@code ALTER TABLE ... RENAME TO}: metadata only, physical tables keep their names.
 * Renames are applied in order; recovery re-applies those whose source still exists.
 */
final class RenameTableDdl {
    private final DdlContext ctx;

    RenameTableDdl(DdlContext ctx) {
        this.ctx = ctx;
    }

    /** Renames {@code pairs} (from, to) within {@code schema}, checking the whole chain first like MySQL. */
    StatementResult.Ok rename(String schema, List<QualifiedName[]> pairs, String sql) {
        Set<String> names = new HashSet<>();
        ctx.requireDatabase(schema);
        ctx.meta().tables(schema).forEach(t -> names.add(key(t.name())));
        JobPayload payload = new JobPayload();
        for (QualifiedName[] pair : pairs) {
            if (!pair[0].schema().equals(schema) || !pair[1].schema().equals(schema)) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "RENAME TABLE across databases");
            }
            if (!names.remove(key(pair[0].name()))) {
                throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, schema, pair[0].name());
            }
            if (!names.add(key(pair[1].name()))) {
                throw new SqlError(ErrorCode.ER_TABLE_EXISTS, pair[1].name());
            }
            payload.addRename(pair[0].name(), pair[1].name());
        }
        long job = ctx.jobs().start(schema, pairs.get(0)[0].name(), DdlJobType.RENAME_TABLE, sql, payload);
        int step = 0;
        for (String[] r : payload.renames()) {
            renameOne(schema, r[0], r[1]);
            ctx.failPoints().reached("after_rename:" + ++step);
        }
        ctx.jobs().done(job, payload);
        return StatementResult.Ok.EMPTY;
    }

    void recover(DdlJobRecord job) {
        JobPayload payload = JobPayload.decode(job.payload());
        for (String[] r : payload.renames()) {
            boolean from = ctx.meta().table(job.schema(), r[0]).isPresent();
            boolean to = ctx.meta().table(job.schema(), r[1]).isPresent();
            if (from && !to) {
                renameOne(job.schema(), r[0], r[1]);
            } else if (to) {
                fixCreateSql(job.schema(), r[0], r[1]);
            }
        }
        ctx.jobs().done(job.id(), payload);
    }

    private void renameOne(String schema, String from, String to) {
        ctx.meta().renameTable(schema, from, to);
        fixCreateSql(schema, from, to);
        // foreign keys follow a renamed parent, so their children's SHOW CREATE TABLE names the new one
        for (TableMeta child : ctx.meta().referencing(schema, to)) {
            ctx.meta().saveTable(child.withCreateSql(
                ForeignKeyText.withLogicalKeys(child.createSql(), child.schema(), child.foreignKeys())));
        }
    }

    /** SHOW CREATE TABLE prints the stored text, so the name in it must follow the rename. */
    private void fixCreateSql(String schema, String from, String to) {
        TableMeta t = ctx.meta().table(schema, to).orElse(null);
        if (t == null) {
            return;
        }
        Matcher m = Pattern.compile("^CREATE TABLE " + Pattern.quote(PhysicalLocation.quote(from)))
            .matcher(t.createSql());
        if (m.find()) {
            String sql = m.replaceFirst(Matcher.quoteReplacement("CREATE TABLE " + PhysicalLocation.quote(to)));
            ctx.meta().saveTable(new TableMeta(t.schema(), to, t.kind(), t.columns(), t.indexes(), t.partitionInfo(),
                t.tableGroupId(), sql, t.version() + 1, t.foreignKeys(), t.globalIndexes()));
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
