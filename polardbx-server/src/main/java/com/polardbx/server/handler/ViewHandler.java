package com.polardbx.server.handler;

import com.alibaba.druid.sql.SQLUtils;
import com.alibaba.druid.sql.ast.SQLName;
import com.alibaba.druid.sql.ast.statement.SQLAlterViewStatement;
import com.alibaba.druid.sql.ast.statement.SQLCreateViewStatement;
import com.alibaba.druid.sql.ast.statement.SQLDropViewStatement;
import com.alibaba.druid.sql.ast.statement.SQLExprTableSource;
import com.alibaba.druid.sql.ast.statement.SQLSelect;
import com.alibaba.druid.sql.ast.statement.SQLSelectStatement;
import com.alibaba.druid.sql.ast.statement.SQLTableElement;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.result.ColumnMeta;
import com.polardbx.common.result.ColumnTypeNames;
import com.polardbx.common.result.RowCursor;
import com.polardbx.common.result.StatementResult;
import com.polardbx.common.type.MysqlType;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.TableMeta;
import com.polardbx.gms.meta.ViewMeta;
import com.polardbx.gms.user.Privilege;
import com.polardbx.optimizer.parse.MySqlParser;
import com.polardbx.optimizer.route.TableNames;
import com.polardbx.optimizer.route.ViewExpansion;
import com.polardbx.server.ServerContext;
import com.polardbx.server.session.AccessCheck;
import com.polardbx.server.session.SessionState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CREATE / ALTER / DROP VIEW and the SHOW statements about views. Views live in the GMS; a query names them and the
 * CN expands them ({@link ViewExpansion}) before planning.
 */
public final class ViewHandler {
    private static final String PROBE_ALIAS = "`__polardbx_view_probe`";
    private static final String BODY_ALIAS = "`__polardbx_view_body`";

    private final ServerContext context;
    private final SessionState state;
    private final AccessCheck access;
    private final QueryHandler queries;

    public ViewHandler(ServerContext context, SessionState state, AccessCheck access, QueryHandler queries) {
        this.context = context;
        this.state = state;
        this.access = access;
        this.queries = queries;
    }

    public StatementResult.Ok create(SQLCreateViewStatement s) {
        Name name = name(s.getTableSource());
        access.requireDatabase(Privilege.CREATE_VIEW, name.schema);
        boolean exists = context.meta().view(name.schema, name.name).isPresent();
        if (context.meta().table(name.schema, name.name).isPresent() || exists && !s.isOrReplace()) {
            throw new SqlError(ErrorCode.ER_TABLE_EXISTS, name.name);
        }
        if (exists) {
            access.requireTable(Privilege.DROP, name.schema, name.name); // OR REPLACE drops the old one, as MySQL
        }
        save(name, s.getSubQuery(), s.getColumns(), s.getAlgorithm(), s.getDefiner(), s.getSqlSecurity(),
            s.isWithCheckOption(), s.isWithLocal());
        return StatementResult.Ok.EMPTY;
    }

    public StatementResult.Ok alter(SQLAlterViewStatement s) {
        Name name = name(s.getTableSource());
        if (context.meta().view(name.schema, name.name).isEmpty()) {
            if (context.meta().table(name.schema, name.name).isPresent()) {
                throw notAView(name);
            }
            throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, name.schema, name.name);
        }
        access.requireDatabase(Privilege.CREATE_VIEW, name.schema);
        access.requireTable(Privilege.DROP, name.schema, name.name);
        save(name, s.getSubQuery(), s.getColumns(), s.getAlgorithm(), s.getDefiner(), s.getSqlSecurity(),
            s.isWithCheckOption(), s.isWithLocal());
        return StatementResult.Ok.EMPTY;
    }

    public StatementResult.Ok drop(SQLDropViewStatement s) {
        List<Name> names = new ArrayList<>();
        for (SQLExprTableSource source : s.getTableSources()) {
            Name name = name(source);
            access.requireTable(Privilege.DROP, name.schema, name.name);
            names.add(name);
        }
        List<String> unknown = new ArrayList<>();
        for (Name name : names) {
            if (context.meta().view(name.schema, name.name).isPresent()) {
                context.meta().dropView(name.schema, name.name);
            } else { // a table too: MariaDB answers 4092 for it
                unknown.add(name.schema + "." + name.name);
            }
        }
        if (!unknown.isEmpty() && !s.isIfExists()) {
            throw new SqlError(ErrorCode.ER_UNKNOWN_VIEW, String.join(",", unknown));
        }
        return unknown.isEmpty() ? StatementResult.Ok.EMPTY
            : StatementResult.Ok.noted(ErrorCode.ER_UNKNOWN_VIEW, String.join(",", unknown));
    }

    private static ViewMeta withUpdatable(ViewMeta v) {
        return new ViewMeta(v.schema(), v.name(), v.definition(), v.columnList(), v.columns(), v.algorithm(),
            v.definer(), v.securityType(), v.checkOption(), v.characterSetClient(), v.collationConnection(),
            com.polardbx.optimizer.route.ViewWrites.isUpdatable(v));
    }

    /** The view a name refers to, if it is one the user may see. */
    public Optional<ViewMeta> visibleView(String schemaOrNull, String name) {
        String schema = schemaOrNull != null ? schemaOrNull : state.database();
        if (schema == null) {
            return Optional.empty();
        }
        Optional<ViewMeta> view = context.meta().view(schema, name);
        view.ifPresent(v -> access.requireSees(v.schema(), v.name(), "SELECT"));
        return view;
    }

    /** SHOW CREATE VIEW, and SHOW CREATE TABLE of a view: MySQL's four columns. */
    public StatementResult showCreate(ViewMeta v) {
        return StatementResult.ofRows(List.of(text("View"), text("Create View"), text("character_set_client"),
            text("collation_connection")), List.<Object[]>of(new Object[] {v.name(), createText(v),
            v.characterSetClient(), v.collationConnection()}));
    }

    /** SHOW CREATE VIEW of a name that is not a view: 1347 for a table, 1146 otherwise. */
    public StatementResult showCreateView(String schemaOrNull, String name) {
        String schema = schemaOrNull != null ? schemaOrNull : requireDb();
        Optional<ViewMeta> view = visibleView(schema, name);
        if (view.isPresent()) {
            return showCreate(view.get());
        }
        if (context.meta().table(schema, name).isPresent()) {
            throw notAView(new Name(schema, name));
        }
        throw new SqlError(ErrorCode.ER_NO_SUCH_TABLE, schema, name);
    }

    /** SHOW [FULL] COLUMNS of a view, from the columns recorded when it was created. */
    public StatementResult columns(ViewMeta v, boolean full, Pattern like) {
        List<ColumnMeta> cols = new ArrayList<>();
        for (String c : full ? List.of("Field", "Type", "Collation", "Null", "Key", "Default", "Extra", "Privileges",
            "Comment") : List.of("Field", "Type", "Null", "Key", "Default", "Extra")) {
            cols.add(text(c));
        }
        List<Object[]> rows = new ArrayList<>();
        for (ColumnDef c : v.columns()) {
            if (like != null && !like.matcher(c.name()).matches()) {
                continue;
            }
            String nullable = c.nullable() ? "YES" : "NO";
            rows.add(full ? new Object[] {c.name(), c.sqlType(), c.collation(), nullable, "", null, "",
                "select,insert,update,references", ""} : new Object[] {c.name(), c.sqlType(), nullable, "", null, ""});
        }
        return StatementResult.ofRows(cols, rows);
    }

    /** A SHOW TABLE STATUS row of a view: MySQL shows only its name and the comment VIEW. */
    public static Object[] tableStatus(ViewMeta v) {
        Object[] row = new Object[20];
        row[0] = v.name();
        row[17] = "VIEW";
        return row;
    }

    private void save(Name name, SQLSelect query, List<SQLTableElement> columnList, String algorithm,
                      SQLName definer, String security, boolean checkOption, boolean local) {
        SQLSelect body = query.clone();
        ViewExpansion.qualifyTables(body, name.schema);
        String definition = SQLUtils.toMySqlString(body, new SQLUtils.FormatOption(false, false));
        List<String> listed = new ArrayList<>();
        for (SQLTableElement e : columnList) {
            listed.add(TableNames.unquote(e.toString().trim()));
        }
        if (listed.isEmpty()) {
            requireDistinctNames(body);
        }
        List<ColumnMeta> metas = probe(name, definition);
        List<ColumnDef> columns = columns(metas, listed);
        if (!listed.isEmpty() && !ViewExpansion.hasPlainSelectList(body, listed.size())) {
            // the column list renames by position: give the query a plain select list to put the new names on
            definition = "select " + String.join(", ", metas.stream().map(m -> BODY_ALIAS + "." + quote(m.name()))
                .toList()) + " from (" + definition + ") " + BODY_ALIAS;
        }
        ViewMeta view = new ViewMeta(name.schema, name.name, definition, listed, columns,
            algorithm == null ? "UNDEFINED" : algorithm.toUpperCase(Locale.ROOT), definer(definer),
            security == null ? "DEFINER" : security.toUpperCase(Locale.ROOT),
            checkOption ? (local ? "LOCAL" : "CASCADED") : "NONE", charsetClient(), collationConnection(), false);
        context.meta().saveView(withUpdatable(view));
    }

    /**
     * Runs the view's query with no rows wanted, as its creator: this checks that it plans and that the creator may
     * read what it reads, and gives the view's columns.
     */
    private List<ColumnMeta> probe(Name name, String definition) {
        SQLSelectStatement probe = (SQLSelectStatement) MySqlParser.parseOne(
            "SELECT * FROM (" + definition + ") AS " + PROBE_ALIAS + " LIMIT 0");
        ViewExpansion.expand(probe, name.schema, context.meta(),
            v -> access.requireTable(Privilege.SELECT, v.schema(), v.name()));
        List<ColumnMeta> metas;
        StatementResult result = queries.select(probe, SQLUtils.toMySqlString(probe));
        try (RowCursor cursor = ((StatementResult.Rows) result).cursor()) {
            metas = cursor.columns();
        }
        return metas;
    }

    private List<ColumnDef> columns(List<ColumnMeta> metas, List<String> listed) {
        if (!listed.isEmpty() && listed.size() != metas.size()) {
            throw new SqlError(ErrorCode.ER_VIEW_WRONG_LIST);
        }
        List<ColumnDef> columns = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < metas.size(); i++) {
            ColumnMeta m = metas.get(i);
            String column = listed.isEmpty() ? m.name() : listed.get(i);
            if (!seen.add(column.toLowerCase(Locale.ROOT))) {
                throw new SqlError(ErrorCode.ER_DUP_FIELDNAME, column);
            }
            Optional<ColumnDef> source = sourceColumn(m);
            columns.add(source.map(c -> new ColumnDef(column, c.sqlType(), c.nullable(), null, false, "", "",
                    c.collation(), columns.size() + 1))
                .orElseGet(() -> new ColumnDef(column, ColumnTypeNames.of(m),
                    (m.flags() & ColumnMeta.NOT_NULL_FLAG) == 0, null, false, "", "", textCollation(m),
                    columns.size() + 1)));
        }
        return columns;
    }

    private static String textCollation(ColumnMeta m) {
        return m.type().isInteger() || m.type().isTemporal() || m.type() == MysqlType.NEWDECIMAL
            || m.type() == MysqlType.DOUBLE || m.type() == MysqlType.FLOAT ? null : ColumnTypeNames.collation(m);
    }

    /** MySQL's 1060 for a view whose select list names a column twice (a derived table would say 1052). */
    private static void requireDistinctNames(SQLSelect body) {
        if (!ViewExpansion.hasPlainSelectList(body, -1)) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (com.alibaba.druid.sql.ast.statement.SQLSelectItem item : body.getFirstQueryBlock().getSelectList()) {
            String name = item.getAlias() != null ? item.getAlias()
                : item.getExpr() instanceof com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr id ? id.getName()
                : item.getExpr() instanceof com.alibaba.druid.sql.ast.expr.SQLPropertyExpr p ? p.getName() : null;
            if (name != null && !seen.add(TableNames.unquote(name).toLowerCase(Locale.ROOT))) {
                throw new SqlError(ErrorCode.ER_DUP_FIELDNAME, TableNames.unquote(name));
            }
        }
    }

    /** The table column a result column reads unchanged, when its metadata names one. */
    private Optional<ColumnDef> sourceColumn(ColumnMeta m) {
        if (m.schema() == null || m.schema().isEmpty() || m.orgTable() == null || m.orgTable().isEmpty()
            || m.orgName() == null || m.orgName().isEmpty()) {
            return Optional.empty();
        }
        Optional<TableMeta> table = context.meta().table(m.schema(), m.orgTable());
        return table.flatMap(t -> t.columns().stream().filter(c -> c.name().equalsIgnoreCase(m.orgName()))
            .findFirst());
    }

    private String createText(ViewMeta v) {
        String[] definer = v.definer().split("@", 2);
        StringBuilder sql = new StringBuilder("CREATE ALGORITHM=").append(v.algorithm()).append(" DEFINER=")
            .append(quote(definer[0])).append('@').append(quote(definer.length > 1 ? definer[1] : "%"))
            .append(" SQL SECURITY ").append(v.securityType()).append(" VIEW ").append(quote(v.name()));
        if (!v.columnList().isEmpty()) {
            sql.append(" (").append(String.join(",", v.columnList().stream().map(ViewHandler::quote).toList()))
                .append(')');
        }
        SQLSelect body = ((SQLSelectStatement) MySqlParser.parseOne(v.definition())).getSelect();
        ViewExpansion.unqualifyTables(body, v.schema());
        sql.append(" AS ").append(SQLUtils.toMySqlString(body, new SQLUtils.FormatOption(false, false)));
        if (!"NONE".equals(v.checkOption())) {
            sql.append(" WITH ").append(v.checkOption()).append(" CHECK OPTION");
        }
        return sql.toString();
    }

    private String definer(SQLName given) {
        if (given == null || given.toString().equalsIgnoreCase("CURRENT_USER")
            || given.toString().equalsIgnoreCase("CURRENT_USER()")) {
            return state.user() + "@" + state.accountHost();
        }
        String named;
        if (given instanceof com.alibaba.druid.sql.dialect.mysql.ast.expr.MySqlUserName u) {
            named = unquoteAny(u.getUserName()) + "@" + (u.getHost() == null ? "%" : unquoteAny(u.getHost()));
        } else {
            String text = given.toString();
            int at = text.lastIndexOf('@');
            named = unquoteAny(at < 0 ? text : text.substring(0, at)) + "@"
                + (at < 0 ? "%" : unquoteAny(text.substring(at + 1)));
        }
        // naming another account as definer lends the view its privileges: MySQL asks for SUPER (SET_USER_ID)
        if (!named.equals(state.user() + "@" + state.accountHost()) && !access.hasGlobal(Privilege.SUPER)) {
            throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "SUPER or SET_USER_ID");
        }
        return named;
    }

    private static String unquoteAny(String s) {
        String t = s.trim();
        while (t.length() >= 2 && (t.charAt(0) == '`' || t.charAt(0) == '\'' || t.charAt(0) == '"')
            && t.charAt(t.length() - 1) == t.charAt(0)) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }

    private String charsetClient() {
        Object v = state.variable("character_set_client");
        return v == null ? "utf8mb4" : v.toString();
    }

    private String collationConnection() {
        Object v = state.variable("collation_connection");
        return v == null ? "utf8mb4_general_ci" : v.toString();
    }

    private record Name(String schema, String name) {
    }

    private Name name(SQLExprTableSource source) {
        String schema = source.getSchema() == null ? requireDb() : TableNames.unquote(source.getSchema());
        if (context.meta().database(schema).isEmpty()) {
            throw new SqlError(ErrorCode.ER_BAD_DB, schema);
        }
        return new Name(schema.toLowerCase(Locale.ROOT), TableNames.unquote(source.getTableName()));
    }

    private String requireDb() {
        if (state.database() == null) {
            throw new SqlError(ErrorCode.ER_NO_DB);
        }
        return state.database();
    }

    private static SqlError notAView(Name name) {
        return new SqlError(ErrorCode.ER_WRONG_OBJECT, name.schema, name.name, "VIEW");
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    private static ColumnMeta text(String name) {
        return ColumnMeta.computed(name, MysqlType.VAR_STRING);
    }
}
