package com.polardbx.server.handler;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.LocalFileReceiver;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.sql.ByteStrings;
import com.polardbx.server.session.Placeholders;
import com.polardbx.server.session.SessionState;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads the rows of a LOAD DATA LOCAL file into a logical table: the file's records become batched multi-row
 * INSERT (IGNORE, REPLACE) statements that take the normal write path, so rows are routed to their partitions,
 * privileges are checked and broadcast copies stay equal. Memory holds one batch and one unfinished record.
 * Not thread-safe.
 */
public final class LoadDataReceiver implements LocalFileReceiver {
    /** Rows per INSERT, and a cap on the INSERT's text so one batch stays well below max_allowed_packet. */
    private static final int BATCH_ROWS = 1000;
    private static final int BATCH_CHARS = 4 << 20;
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern VARIABLE = Pattern.compile("@`?([A-Za-z0-9_$.]+)`?");

    private final LoadDataStatement load;
    private final List<String> targets;
    /** The kind MariaDB names in its warning ("integer", "decimal", "double") of each numeric target column. */
    private final java.util.Map<String, String> numericKinds;
    private final Function<String, StatementResult> execute;
    private final Runnable onDone;
    private final Runnable onFailure;
    private final SessionState state;
    private final Charset charset;
    private final LoadDataRecords records;
    private final boolean strict;
    private final StringBuilder batch = new StringBuilder();
    /** The load's own warnings, kept apart because each INSERT resets the session's list. */
    private final List<SessionState.Warning> ownWarnings = new ArrayList<>();
    private static final int MAX_WARNINGS = 64;
    private int batchRows;
    private long seen;
    private volatile long loaded; // read by SHOW PROCESSLIST from other threads
    private long affected;
    private long warnings;

    /**
     * @param targets   the columns and {@code @variables} fields go to, in order (the table's columns when the
     *                  statement names none)
     * @param numericKinds numeric columns (lower case) by the kind MariaDB's warnings name
     * @param execute   runs one INSERT on the session's normal path
     * @param onDone    commits the load when it opened a transaction for it
     * @param onFailure rolls it back
     */
    public LoadDataReceiver(LoadDataStatement load, List<String> targets, java.util.Map<String, String> numericKinds,
                            Charset charset, SessionState state, Function<String, StatementResult> execute,
                            Runnable onDone, Runnable onFailure) {
        this.load = load;
        this.targets = targets;
        this.numericKinds = numericKinds;
        this.charset = charset;
        this.state = state;
        this.execute = execute;
        this.onDone = onDone;
        this.onFailure = onFailure;
        this.records = new LoadDataRecords(load, this::record);
        String sqlMode = String.valueOf(state.variables().get("sql_mode"));
        this.strict = load.duplicates() != LoadDataStatement.Duplicates.IGNORE && sqlMode.contains("STRICT_");
    }

    @Override
    public void accept(byte[] data) {
        records.accept(data);
    }

    @Override
    public StatementResult.Ok finish() {
        records.finish();
        flush();
        onDone.run();
        state.warnings().addAll(0, ownWarnings);
        long skipped = load.duplicates() == LoadDataStatement.Duplicates.IGNORE ? loaded - affected : 0;
        long deleted = load.duplicates() == LoadDataStatement.Duplicates.REPLACE ? Math.max(0, affected - loaded)
            : 0;
        return new StatementResult.Ok(affected, 0, (int) Math.min(Integer.MAX_VALUE, warnings),
            "Records: " + loaded + "  Deleted: " + deleted + "  Skipped: " + skipped + "  Warnings: " + warnings);
    }

    @Override
    public void abort() {
        onFailure.run();
    }

    /** How many records have been read, for progress reports. */
    public long recordsRead() {
        return loaded;
    }

    private void record(List<byte[]> fields) {
        if (seen++ < load.ignoreLines()) {
            return;
        }
        loaded++;
        if (batch.isEmpty()) {
            batch.append(load.duplicates() == LoadDataStatement.Duplicates.REPLACE ? "REPLACE" : "INSERT")
                .append(load.duplicates() == LoadDataStatement.Duplicates.IGNORE ? " IGNORE" : "")
                .append(" INTO ").append(tableName()).append(" (").append(columnList()).append(") VALUES ");
        } else {
            batch.append(", ");
        }
        appendRow(fields);
        if (++batchRows >= BATCH_ROWS || batch.length() >= BATCH_CHARS) {
            flush();
        }
    }

    private void appendRow(List<byte[]> fields) {
        if (fields.size() < targets.size()) {
            warn(1261, "Row " + loaded + " doesn't contain data for all columns");
        } else if (fields.size() > targets.size()) {
            warn(1262, "Row " + loaded + " was truncated; it contained more data than there were input columns");
        }
        List<String> values = new ArrayList<>();
        List<String> variables = new ArrayList<>();
        List<String> variableValues = new ArrayList<>();
        for (int i = 0; i < targets.size(); i++) {
            String v = i < fields.size() ? literal(fields.get(i), targets.get(i)) : "DEFAULT";
            if (targets.get(i).startsWith("@")) {
                variables.add(targets.get(i).substring(1));
                variableValues.add(i < fields.size() ? v : "NULL");
            } else {
                values.add(v);
            }
        }
        for (String[] assignment : load.assignments()) {
            values.add(substitute(assignment[1], variables, variableValues));
        }
        batch.append('(').append(String.join(", ", values)).append(')');
    }

    /** A SET expression with each {@code @var} of the column list replaced by this row's value. */
    private static String substitute(String expression, List<String> names, List<String> values) {
        Matcher m = VARIABLE.matcher(expression);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            int at = names.indexOf(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(at < 0 ? m.group() : values.get(at)));
        }
        return m.appendTail(out).toString();
    }

    private String literal(byte[] field, String target) {
        if (field == null) {
            return "NULL";
        }
        String numeric = numericKinds.get(target.toLowerCase(java.util.Locale.ROOT));
        if (field.length == 0 && numeric != null) {
            // LOAD DATA reads an empty field of a numeric column as 0 and warns, even in strict mode
            warn(1366, "Incorrect " + numeric + " value: '' for column `" + schemaName() + "`.`" + load.table()
                + "`.`" + target + "` at row " + loaded);
            return "0";
        }
        String text = ByteStrings.decode(field, 0, field.length, charset);
        return NUMBER.matcher(text).matches() ? text : Placeholders.quote(text);
    }

    private void flush() {
        if (batchRows == 0) {
            return;
        }
        StatementResult result = execute.apply(batch.toString());
        batch.setLength(0);
        batchRows = 0;
        if (result instanceof StatementResult.Ok ok) {
            affected += ok.affectedRows();
            warnings += ok.warnings();
        }
    }

    /**
     * A row problem: a warning, or in strict mode (without IGNORE, which a LOCAL load implies) the error that ends
     * the load, as MariaDB decides.
     */
    private void warn(int code, String message) {
        if (strict) {
            state.warnings().clear(); // SHOW WARNINGS then shows the error, as after any failed statement
            state.warnings().add(new SessionState.Warning("Error", code, message));
            throw SqlError.passThrough(code, code == 1366 ? "22007" : "01000", message, null);
        }
        warnings++;
        if (ownWarnings.size() < MAX_WARNINGS) {
            ownWarnings.add(new SessionState.Warning("Warning", code, message));
        }
    }

    private String schemaName() {
        return load.schema() == null ? String.valueOf(state.database()) : load.schema();
    }

    private String tableName() {
        return (load.schema() == null ? "" : quote(load.schema()) + ".") + quote(load.table());
    }

    private String columnList() {
        List<String> names = new ArrayList<>();
        for (String t : targets) {
            if (!t.startsWith("@")) {
                names.add(quote(t));
            }
        }
        for (String[] assignment : load.assignments()) {
            names.add(quote(assignment[0]));
        }
        if (names.isEmpty()) {
            throw new SqlError(ErrorCode.ER_WRONG_ARGUMENTS, "LOAD DATA without a column to load");
        }
        return String.join(", ", names);
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
