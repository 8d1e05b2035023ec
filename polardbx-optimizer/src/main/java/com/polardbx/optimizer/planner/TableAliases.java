package com.polardbx.optimizer.planner;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;

/**
 * The table alias each output column of a validated SELECT is read through ({@code SELECT t1.id FROM t t1}):
 * MariaDB names the alias, not the table, as a column's table, and a self-join's columns name each their own.
 */
final class TableAliases {
    private TableAliases() {
    }

    /** {@code sources} with the alias of each column copied from an aliased table; unchanged when not known. */
    static List<ColumnSources.Source> apply(List<ColumnSources.Source> sources, SqlNode validated) {
        try {
            return aliased(sources, validated);
        } catch (RuntimeException e) {
            return sources; // a tree shape this does not follow: the columns name their tables
        }
    }

    private static List<ColumnSources.Source> aliased(List<ColumnSources.Source> sources, SqlNode validated) {
        SqlNode query = validated instanceof SqlOrderBy orderBy ? orderBy.query : validated;
        if (!(query instanceof SqlSelect select) || select.getSelectList().size() != sources.size()) {
            return sources;
        }
        Set<String> aliases = new HashSet<>();
        aliasedTables(select.getFrom(), aliases);
        if (aliases.isEmpty()) {
            return sources;
        }
        List<ColumnSources.Source> out = new ArrayList<>(sources);
        for (int i = 0; i < sources.size(); i++) {
            SqlNode item = select.getSelectList().get(i);
            if (item.getKind() == SqlKind.AS) {
                item = ((SqlCall) item).operand(0);
            }
            if (sources.get(i).table() != null && item instanceof SqlIdentifier id && id.names.size() >= 2) {
                String qualifier = id.names.get(id.names.size() - 2);
                if (aliases.contains(qualifier)) {
                    out.set(i, sources.get(i).withAlias(qualifier));
                }
            }
        }
        return out;
    }

    /** The aliases given to tables (not subqueries) in a FROM clause. */
    private static void aliasedTables(SqlNode from, Set<String> aliases) {
        if (from instanceof SqlJoin join) {
            aliasedTables(join.getLeft(), aliases);
            aliasedTables(join.getRight(), aliases);
        } else if (from instanceof SqlBasicCall call && call.getKind() == SqlKind.AS
            && call.operand(0) instanceof SqlIdentifier && call.operand(1) instanceof SqlIdentifier alias) {
            aliases.add(alias.getSimple());
        }
    }
}
