package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.StatementResult;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.stats.TableStatisticsRecord;
import com.polardbx.gms.user.Privilege;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.AccessCheck;
import com.polardbx.server.session.SessionState;
import com.polardbx.common.type.MysqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ANALYZE [NO_WRITE_TO_BINLOG | LOCAL] TABLE t [, t2 ...]}: samples each logical table on the DNs, stores the
 * statistics in GMS (where the planner reads them, on every CN and after restarts) and answers with MySQL's result
 * set: per table {@code status OK}, or {@code Error} plus {@code status Operation failed} (e.g. an unknown table).
 */
public final class AnalyzeHandler {
    private static final Logger log = LoggerFactory.getLogger(AnalyzeHandler.class);
    private static final Pattern ANALYZE = Pattern.compile(
        "(?is)^\\s*ANALYZE\\s+(?:NO_WRITE_TO_BINLOG\\s+|LOCAL\\s+)?TABLES?\\s+(.+?)\\s*;?\\s*$");
    private static final Pattern NAME = Pattern.compile(
        "\\s*((?:`(?:[^`]|``)+`|[\\w$]+)(?:\\s*\\.\\s*(?:`(?:[^`]|``)+`|[\\w$]+))?)\\s*");
    private static final List<ColumnMeta> COLUMNS = List.of(
        ColumnMeta.computed("Table", MysqlType.VAR_STRING), ColumnMeta.computed("Op", MysqlType.VAR_STRING),
        ColumnMeta.computed("Msg_type", MysqlType.VAR_STRING), ColumnMeta.computed("Msg_text", MysqlType.VAR_STRING));

    private final ServerContext context;
    private final SessionState state;
    private final AccessCheck access;

    public AnalyzeHandler(ServerContext context, SessionState state, AccessCheck access) {
        this.context = context;
        this.state = state;
        this.access = access;
    }

    /** The table list of an ANALYZE TABLE statement, or null when {@code sql} is not one. */
    public static List<String[]> tables(String sql) {
        Matcher m = ANALYZE.matcher(sql);
        if (!m.matches()) {
            return null;
        }
        List<String[]> names = new ArrayList<>();
        for (String item : m.group(1).split(",(?=(?:[^`]*`[^`]*`)*[^`]*$)")) {
            Matcher n = NAME.matcher(item);
            if (!n.matches()) {
                throw new SqlError(ErrorCode.ER_PARSE, "near '" + item.strip() + "'");
            }
            String[] parts = n.group(1).split("\\s*\\.\\s*(?=(?:[^`]*`[^`]*`)*[^`]*$)");
            names.add(parts.length == 2 ? new String[] {TableNames.unquote(parts[0]), TableNames.unquote(parts[1])}
                : new String[] {null, TableNames.unquote(parts[0])});
        }
        return names;
    }

    public StatementResult analyze(List<String[]> names) {
        List<Object[]> rows = new ArrayList<>();
        for (String[] name : names) {
            String schema = name[0] != null ? name[0] : state.database();
            if (schema == null) {
                throw new SqlError(ErrorCode.ER_NO_DB);
            }
            String label = schema.toLowerCase(Locale.ROOT) + "." + name[1].toLowerCase(Locale.ROOT);
            Optional<TableMeta> table = context.meta().table(schema, name[1]);
            if (table.isEmpty()) {
                rows.add(new Object[] {label, "analyze", "Error", "Table '" + label + "' doesn't exist"});
                rows.add(new Object[] {label, "analyze", "status", "Operation failed"});
                continue;
            }
            access.requireTable(Privilege.SELECT, table.get().schema(), table.get().name());
            access.requireTable(Privilege.INSERT, table.get().schema(), table.get().name());
            try {
                long start = System.nanoTime();
                TableStatisticsRecord stats = context.statisticsCollector().collect(table.get());
                context.meta().saveStatistics(stats);
                log.info("analyzed {}: {} rows, {} sampled, {} ms", label, stats.rowCount(), stats.sampledRows(),
                    (System.nanoTime() - start) / 1_000_000);
                rows.add(new Object[] {label, "analyze", "status", "OK"});
            } catch (SqlError e) {
                rows.add(new Object[] {label, "analyze", "Error", e.getMessage()});
                rows.add(new Object[] {label, "analyze", "status", "Operation failed"});
            }
        }
        return StatementResult.ofRows(COLUMNS, rows);
    }
}
