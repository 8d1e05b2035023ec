package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Labels of a select list with {@code *} or {@code t.*}: each column a star brings is labelled with its own name, so
 * {@code SELECT * FROM a JOIN b} shows {@code id} twice as MySQL does, where Calcite's row type says {@code id0}.
 * The star's columns are known only after validation expands it; the other items' labels are cut from the text
 * before (validation rewrites the tree in place).
 */
final class StarLabels {
    /** Per original select item: its label, or the parser position of a star (whose expansion keeps it). */
    private final List<Object> items;

    private StarLabels(List<Object> items) {
        this.items = items;
    }

    /** Records the select list of {@code parsed} before validation; null when there is no labelled SELECT. */
    static StarLabels before(CalciteText.Rewritten text, SqlNode parsed) {
        SqlSelect select = QueryPlanner.labelledSelect(parsed);
        if (select == null) {
            return null;
        }
        List<Object> items = new ArrayList<>();
        for (SqlNode item : select.getSelectList()) {
            items.add(item instanceof SqlIdentifier id && id.isStar() ? id.getParserPosition()
                : QueryPlanner.label(text, item));
        }
        return new StarLabels(items);
    }

    /** The labels of the validated (star-expanded) select list, or null when it can't be matched up. */
    List<String> after(SqlNode validated) {
        SqlSelect select = QueryPlanner.labelledSelect(validated);
        if (select == null) {
            return null;
        }
        List<SqlNode> expanded = select.getSelectList().getList();
        List<String> out = new ArrayList<>();
        int next = 0;
        for (Object item : items) {
            if (item instanceof SqlParserPos star) {
                while (next < expanded.size() && fromStar(expanded.get(next), star)) {
                    out.add(columnName(expanded.get(next++)));
                }
            } else if (next < expanded.size()) {
                out.add((String) item);
                next++;
            }
        }
        return next == expanded.size() ? out : null;
    }

    private static SqlNode unaliased(SqlNode item) {
        return item.getKind() == SqlKind.AS ? ((SqlBasicCall) item).operand(0) : item;
    }

    private static boolean fromStar(SqlNode item, SqlParserPos star) {
        SqlNode column = unaliased(item);
        return column instanceof SqlIdentifier && column.getParserPosition().equals(star);
    }

    private static String columnName(SqlNode item) {
        SqlIdentifier id = (SqlIdentifier) unaliased(item);
        return id.names.get(id.names.size() - 1);
    }
}
