package com.polardbx.optimizer.planner;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.optimizer.catalog.CatalogTable;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * MariaDB's collation coercibility rules for comparisons of strings: each operand has a collation and a derivation
 * ({@code COLLATE} EXPLICIT, a column IMPLICIT, a literal COERCIBLE, a number NUMERIC, NULL IGNORABLE); the lower
 * derivation wins, and at the same derivation two collations of one character set mix only when one is a binary
 * ({@code _bin}) collation, else the comparison is 1267 (1270, 1271 for three or more operands: IN, BETWEEN) "Illegal
 * mix of collations". A string function's result aggregates its string arguments the same way, a conflict giving
 * derivation NONE ({@code CONCAT(s, u)} is {@code (utf8mb4_bin,NONE)}), which no comparison accepts.
 *
 * <p>Checked on the parsed statement (before validation adds its casts), so that the CN refuses what MariaDB refuses wherever the comparison runs.
 * Operands whose collation is not known here (derived tables, views, functions not listed, other character sets)
 * are never refused. Stateless apart from one check's scopes.
 */
final class MixedCollations {
    /** MariaDB's derivations, strongest first. */
    enum Derivation { EXPLICIT, NONE, IMPLICIT, SYSCONST, COERCIBLE, NUMERIC, IGNORABLE }

    /** One operand's collation and derivation; a {@code NUMERIC} one is not a string. */
    record Collated(String collation, Derivation derivation) {
        String label() {
            return collation + "," + derivation.name();
        }

        boolean isString() {
            return derivation != Derivation.NUMERIC && derivation != Derivation.IGNORABLE;
        }

        String charset() {
            int cut = collation.indexOf('_');
            return cut < 0 ? collation : collation.substring(0, cut);
        }

        boolean binarySort() {
            return collation.endsWith("_bin");
        }
    }

    /** Thrown inside a derivation when two arguments of a function can't mix at all (two binary collations). */
    private static final class Conflict extends RuntimeException {
        final Collated left;
        final Collated right;

        Conflict(Collated left, Collated right) {
            super(null, null, false, false);
            this.left = left;
            this.right = right;
        }
    }

    private static final Collated NUMBER = new Collated("latin1_swedish_ci", Derivation.NUMERIC);
    private static final Collated NULL = new Collated("binary", Derivation.IGNORABLE);
    /** Functions whose string result aggregates their string arguments' collations. */
    private static final Set<String> STRING_FUNCTIONS = Set.of("CONCAT", "CONCAT_WS", "UPPER", "LOWER", "UCASE",
        "LCASE", "TRIM", "LTRIM", "RTRIM", "REVERSE", "SUBSTRING", "SUBSTR", "LEFT", "RIGHT", "REPLACE", "LPAD",
        "RPAD", "REPEAT", "COALESCE", "IFNULL", "NULLIF", "MIN", "MAX", "IF", "MID", "INSERT");
    /** Comparisons by Calcite kind, with MariaDB's operation name. */
    private static final Map<SqlKind, String> COMPARISONS = Map.of(SqlKind.EQUALS, "=", SqlKind.NOT_EQUALS, "<>",
        SqlKind.LESS_THAN, "<", SqlKind.LESS_THAN_OR_EQUAL, "<=", SqlKind.GREATER_THAN, ">",
        SqlKind.GREATER_THAN_OR_EQUAL, ">=", SqlKind.LIKE, "like");

    private final Function<List<String>, CatalogTable> tables;
    private final String connectionCollation;
    /** Per query block being checked, innermost first: alias (lower case) to its table, null for a non-table. */
    private final Deque<Map<String, CatalogTable>> scopes = new ArrayDeque<>();
    private final Set<String> commonTables = new HashSet<>();

    private MixedCollations(Function<List<String>, CatalogTable> tables, String connectionCollation) {
        this.tables = tables;
        this.connectionCollation = connectionCollation;
    }

    /**
     * Throws MariaDB's illegal-mix error for the first comparison of {@code parsed} MariaDB refuses.
     *
     * @param tables              a table by its (possibly qualified) name as written in FROM, or null
     * @param connectionCollation the collation of literals and {@code CAST(.. AS CHAR)}
     */
    static void check(SqlNode parsed, Function<List<String>, CatalogTable> tables, String connectionCollation) {
        new MixedCollations(tables, connectionCollation).query(parsed);
    }

    private void query(SqlNode node) {
        if (node instanceof SqlSelect select) {
            Map<String, CatalogTable> scope = new HashMap<>();
            if (select.getFrom() != null) {
                from(select.getFrom(), scope);
            }
            scopes.push(scope);
            try {
                expressions(select.getSelectList());
                expression(select.getWhere());
                expressions(select.getGroup());
                expression(select.getHaving());
                expressions(select.getOrderList());
                if (select.getFrom() != null) {
                    joinConditions(select.getFrom());
                }
            } finally {
                scopes.pop();
            }
        } else if (node instanceof SqlOrderBy orderBy) {
            query(orderBy.query);
        } else if (node instanceof SqlWith with) {
            for (SqlNode item : with.withList) {
                commonTables.add(((SqlWithItem) item).name.getSimple().toLowerCase(Locale.ROOT));
                query(((SqlWithItem) item).query);
            }
            query(with.body);
        } else if (node instanceof SqlCall call && call.getKind().belongsTo(SqlKind.SET_QUERY)) {
            call.getOperandList().forEach(this::query);
        }
    }

    private void from(SqlNode node, Map<String, CatalogTable> scope) {
        if (node instanceof SqlJoin join) {
            from(join.getLeft(), scope);
            from(join.getRight(), scope);
        } else if (node.getKind() == SqlKind.AS) {
            SqlCall as = (SqlCall) node;
            SqlNode source = as.operand(0);
            String alias = ((SqlIdentifier) as.operand(1)).getSimple().toLowerCase(Locale.ROOT);
            scope.put(alias, source instanceof SqlIdentifier id ? table(id) : null);
            if (!(source instanceof SqlIdentifier)) {
                query(source);
            }
        } else if (node instanceof SqlIdentifier id) {
            scope.put(id.names.get(id.names.size() - 1).toLowerCase(Locale.ROOT), table(id));
        } else {
            query(node);
        }
    }

    private CatalogTable table(SqlIdentifier id) {
        if (id.names.size() == 1 && commonTables.contains(id.getSimple().toLowerCase(Locale.ROOT))) {
            return null;
        }
        return tables.apply(id.names);
    }

    private void joinConditions(SqlNode node) {
        if (node instanceof SqlJoin join) {
            joinConditions(join.getLeft());
            joinConditions(join.getRight());
            expression(join.getCondition());
        }
    }

    private void expressions(SqlNodeList list) {
        if (list != null) {
            list.forEach(this::expression);
        }
    }

    private void expression(SqlNode node) {
        if (node == null || node instanceof SqlSelect || node instanceof SqlOrderBy || node instanceof SqlWith
            || node.getKind().belongsTo(SqlKind.SET_QUERY)) {
            if (node != null) {
                query(node);
            }
            return;
        }
        if (node instanceof SqlNodeList list) {
            list.forEach(this::expression);
            return;
        }
        if (!(node instanceof SqlCall call)) {
            return;
        }
        compare(call);
        for (SqlNode operand : call.getOperandList()) {
            expression(operand);
        }
    }

    /** Raises MariaDB's error when {@code call} compares strings whose collations don't mix. */
    private void compare(SqlCall call) {
        String operation = COMPARISONS.get(call.getKind());
        if (operation == null && call.getOperator().getName().equalsIgnoreCase("MYSQL_NULL_SAFE_EQUAL")) {
            operation = "<=>";
        }
        List<SqlNode> operands = new ArrayList<>();
        if (operation != null && call.operandCount() >= 2) {
            operands.add(call.operand(0));
            operands.add(call.operand(1));
        } else if (call.getKind() == SqlKind.BETWEEN) {
            operation = "between";
            operands.addAll(call.getOperandList().subList(0, 3));
        } else if ((call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN) && call.operandCount() == 2) {
            operands.add(call.operand(0));
            if (call.operand(1) instanceof SqlNodeList list) {
                operation = list.size() == 1 ? "=" : "in";
                list.forEach(operands::add);
            } else {
                operation = "=";
                operands.add(call.operand(1));
            }
        } else {
            return;
        }
        List<Collated> collated = new ArrayList<>();
        try {
            for (SqlNode operand : operands) {
                Collated c = derive(operand);
                if (c == null) {
                    return;
                }
                collated.add(c);
            }
            if (operands.size() == 2 && (!(collated.get(0).isString() && collated.get(1).isString())
                || operands.stream().anyMatch(o -> o instanceof SqlDynamicParam))) {
                return; // a number or NULL on one side (or perhaps a number): not a comparison of strings
            }
            if (collated.stream().noneMatch(Collated::isString)) {
                return;
            }
            Collated result = collated.get(0);
            for (Collated c : collated.subList(1, collated.size())) {
                result = aggregate(result, c);
                if (result == null) {
                    return;
                }
            }
            if (result.derivation() != Derivation.NONE) {
                return;
            }
        } catch (Conflict e) {
            // two binary (or EXPLICIT) collations among the comparison's own operands: MariaDB names them all
        }
        throw illegalMix(collated, operation);
    }

    private static SqlError illegalMix(List<Collated> operands, String operation) {
        return switch (operands.size()) {
            case 2 -> new SqlError(ErrorCode.ER_CANT_AGGREGATE_2COLLATIONS, operands.get(0).label(),
                operands.get(1).label(), operation);
            case 3 -> new SqlError(ErrorCode.ER_CANT_AGGREGATE_3COLLATIONS, operands.get(0).label(),
                operands.get(1).label(), operands.get(2).label(), operation);
            default -> new SqlError(ErrorCode.ER_CANT_AGGREGATE_NCOLLATIONS, operation);
        };
    }

    /**
     * MariaDB's aggregation of two collations: null when the character sets differ (not modelled here), NONE when
     * they do not mix; {@link Conflict} when both are binary collations of one character set at one derivation.
     */
    static Collated aggregate(Collated a, Collated b) {
        if (!b.isString()) {
            return a.isString() || a.derivation().ordinal() <= b.derivation().ordinal() ? a : b;
        }
        if (!a.isString()) {
            return b;
        }
        if (!a.charset().equals(b.charset())) {
            return null;
        }
        if (a.derivation() != b.derivation()) {
            return a.derivation().ordinal() < b.derivation().ordinal() ? a : b;
        }
        if (a.collation().equals(b.collation())) {
            return a;
        }
        if (a.derivation() == Derivation.EXPLICIT) {
            throw new Conflict(a, b);
        }
        if (a.binarySort() && b.binarySort()) {
            throw new Conflict(a, b);
        }
        if (a.binarySort() || b.binarySort()) {
            return a.binarySort() ? a : b;
        }
        return new Collated(a.charset() + "_bin", Derivation.NONE);
    }

    /** The collation and derivation of an expression, or null when not known here. */
    private Collated derive(SqlNode node) {
        if (node instanceof SqlIdentifier id) {
            return column(id);
        }
        if (node instanceof SqlLiteral literal) {
            if (literal.getTypeName() == SqlTypeName.NULL) {
                return NULL;
            }
            return literal.getTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.CHARACTER
                ? new Collated(connectionCollation, Derivation.COERCIBLE) : NUMBER;
        }
        if (node instanceof SqlDynamicParam) {
            // a constant of the plan cache's template: a string literal mixes like one, a number loses anyway
            return new Collated(connectionCollation, Derivation.COERCIBLE);
        }
        if (node instanceof SqlSelect select && select.getSelectList().size() == 1) {
            Map<String, CatalogTable> scope = new HashMap<>();
            if (select.getFrom() != null) {
                from(select.getFrom(), scope);
            }
            scopes.push(scope);
            try {
                return derive(select.getSelectList().get(0));
            } finally {
                scopes.pop();
            }
        }
        if (node instanceof SqlCase c) {
            List<SqlNode> values = new ArrayList<>(c.getThenOperands().getList());
            values.add(c.getElseOperand());
            return aggregateAll(values, "case");
        }
        if (!(node instanceof SqlCall call)) {
            return null;
        }
        String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
        if (call.getKind() == SqlKind.AS) {
            return derive(call.operand(0));
        }
        if (name.equals("MYSQL_COLLATE")) {
            String collation = ((SqlLiteral) call.operand(1)).getValueAs(String.class).toLowerCase(Locale.ROOT);
            return new Collated(collation, Derivation.EXPLICIT);
        }
        if (call.getKind() == SqlKind.CAST) {
            return call.operand(1) instanceof SqlDataTypeSpec spec && isChar(spec)
                ? new Collated(connectionCollation, Derivation.IMPLICIT) : NUMBER;
        }
        if (!STRING_FUNCTIONS.contains(name)) {
            return null;
        }
        List<SqlNode> arguments = call.getOperandList();
        if (name.equals("IF")) {
            arguments = arguments.subList(1, arguments.size());
        } else if (name.equals("NULLIF")) {
            arguments = arguments.subList(0, 1);
        }
        return aggregateAll(arguments, name.toLowerCase(Locale.ROOT));
    }

    /** The aggregated collation of a function's string arguments; 1267 when two of them can't mix at all. */
    private Collated aggregateAll(List<SqlNode> arguments, String operation) {
        Collated result = NULL;
        for (SqlNode argument : arguments) {
            Collated c = argument == null ? NULL : derive(argument);
            if (c == null) {
                return null;
            }
            try {
                result = aggregate(result, c);
            } catch (Conflict e) {
                throw illegalMix(List.of(e.left, e.right), operation);
            }
            if (result == null) {
                return null;
            }
        }
        return result;
    }

    private static boolean isChar(SqlDataTypeSpec spec) {
        String type = spec.getTypeName().getSimple().toUpperCase(Locale.ROOT);
        return type.equals("CHAR") || type.equals("VARCHAR");
    }

    /** A column's collation (IMPLICIT), NUMERIC for a column of another type, null when not known. */
    private Collated column(SqlIdentifier id) {
        String column = id.names.get(id.names.size() - 1);
        List<ColumnDef> found = new ArrayList<>();
        for (Map<String, CatalogTable> scope : scopes) {
            if (id.names.size() >= 2) {
                String alias = id.names.get(id.names.size() - 2).toLowerCase(Locale.ROOT);
                if (!scope.containsKey(alias)) {
                    continue;
                }
                CatalogTable table = scope.get(alias);
                if (table == null) {
                    return null;
                }
                columnOf(table, column).ifPresent(found::add);
            } else {
                for (CatalogTable table : scope.values()) {
                    if (table == null) {
                        return null; // the name may come from a derived table
                    }
                    columnOf(table, column).ifPresent(found::add);
                }
            }
            if (!found.isEmpty()) {
                break;
            }
        }
        if (found.size() != 1) {
            return null;
        }
        String type = found.get(0).sqlType().toLowerCase(Locale.ROOT);
        if (!(type.startsWith("char") || type.startsWith("varchar") || type.endsWith("text"))) {
            return NUMBER;
        }
        String collation = found.get(0).collation();
        return collation == null ? null : new Collated(collation.toLowerCase(Locale.ROOT), Derivation.IMPLICIT);
    }

    private static java.util.Optional<ColumnDef> columnOf(CatalogTable table, String column) {
        return table.meta().columns().stream().filter(c -> c.name().equalsIgnoreCase(column)).findFirst();
    }
}
