package com.polardbx.executor.ddl;

import com.alibaba.druid.sql.ast.SQLIndexDefinition;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlKey;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlPrimaryKey;
import com.alibaba.druid.sql.dialect.mysql.ast.MySqlUnique;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlCreateTableStatement;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlTableIndex;
import com.polardbx.executor.ddl.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The global indexes a {@code CREATE TABLE} defines, and its text without them (the DNs get only the local ones).
 * An index is global when written GLOBAL or CLUSTERED, or, in a table partitioned by its primary key without a
 * partition clause, when it is UNIQUE without containing that key (uniqueness across shards needs a global index)
 * or, with {@code allKeysGlobal} (PolarDB-X's auto mode), any plain KEY/INDEX not written LOCAL.
 */
record TableGlobalIndexes(String localSql, List<GlobalIndexSpec> indexes) {

    static TableGlobalIndexes of(MySqlCreateTableStatement stmt, String sql, boolean allKeysGlobal) {
        List<String> autoKey = stmt.getPartitioning() == null && !stmt.isBroadCast() && !stmt.isSingle()
            ? PartitionPlanner.primaryKey(stmt) : List.of();
        List<SQLTableElement> elements = stmt.getTableElementList();
        List<int[]> spans = elementSpans(sql);
        if (spans.size() != elements.size()) {
            return new TableGlobalIndexes(sql, List.of()); // text and AST disagree: leave it to the DN to judge
        }
        List<GlobalIndexSpec> specs = new ArrayList<>();
        List<int[]> cut = new ArrayList<>();
        for (int i = 0; i < elements.size(); i++) {
            SQLTableElement e = elements.get(i);
            if (e instanceof MySqlPrimaryKey) {
                continue;
            }
            SQLIndexDefinition d = e instanceof MySqlTableIndex ti ? ti.getIndexDefinition()
                : e instanceof MySqlKey k ? k.getIndexDefinition() : null;
            if (d == null) {
                continue;
            }
            String text = sql.substring(spans.get(i)[0], spans.get(i)[1]);
            boolean unique = e instanceof MySqlUnique;
            boolean local = text.trim().toUpperCase(Locale.ROOT).matches("^(UNIQUE\\s+)?LOCAL\\b.*(?s)");
            boolean global = GlobalIndexSpec.isGlobal(d, text) && !local;
            GlobalIndexSpec spec = GlobalIndexSpec.of(d, unique, text);
            if (!global && unique && !local && !autoKey.isEmpty()
                && !lower(spec.columns()).containsAll(lower(autoKey))) {
                global = true;
            }
            if (!global && !local && allKeysGlobal && !autoKey.isEmpty() && !(e instanceof MySqlPrimaryKey)
                && !lower(spec.columns()).equals(lower(autoKey)) && GlobalIndexSpec.implicitlyGlobal(d, text)) {
                global = true; // a key on the partition key itself stays local: it already routes to one shard
            }
            if (global) {
                specs.add(spec);
                cut.add(spans.get(i));
            }
        }
        if (specs.isEmpty()) {
            return new TableGlobalIndexes(withoutLocal(sql), List.of());
        }
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (int[] span : cut) {
            // drop the element and the comma before it
            int start = sql.lastIndexOf(',', span[0]);
            out.append(sql, from, start);
            from = span[1];
        }
        out.append(sql.substring(from));
        return new TableGlobalIndexes(withoutLocal(out.toString()), specs);
    }

    private static final java.util.regex.Pattern LOCAL = java.util.regex.Pattern.compile(
        "([,(]\\s*(?:UNIQUE\\s+)?)LOCAL\\s+(?=(?:UNIQUE|KEY|INDEX)\\b)", java.util.regex.Pattern.CASE_INSENSITIVE);

    /** {@code LOCAL KEY} means a plain local key to the DN, which does not know the word. */
    static String withoutLocal(String sql) {
        return LOCAL.matcher(sql).replaceAll("$1");
    }

    private static List<String> lower(List<String> names) {
        return names.stream().map(n -> n.toLowerCase(Locale.ROOT)).toList();
    }

    /** [start, end) of each comma-separated element inside the table's parentheses. */
    private static List<int[]> elementSpans(String sql) {
        List<Token> tokens = SqlTokens.tokenize(sql);
        int open = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).depth() == 0 && tokens.get(i).isPunct('(')) {
                open = i;
                break;
            }
        }
        List<int[]> spans = new ArrayList<>();
        if (open < 0) {
            return spans;
        }
        int start = -1;
        for (int i = open + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() == 0 && t.isPunct(')')) {
                if (start >= 0) {
                    spans.add(new int[] {start, tokens.get(i - 1).end()});
                }
                break;
            }
            if (t.depth() == 1 && t.isPunct(',')) {
                spans.add(new int[] {start, tokens.get(i - 1).end()});
                start = -1;
            } else if (start < 0) {
                start = t.start();
            }
        }
        return spans;
    }
}
