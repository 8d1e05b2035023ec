package com.polardbx.server.handler;

import com.alibaba.druid.sql.ast.SQLStatement;
import com.alibaba.druid.sql.ast.expr.SQLMethodInvokeExpr;
import com.alibaba.druid.sql.ast.expr.SQLSequenceExpr;
import com.alibaba.druid.sql.ast.statement.SQLSelectQueryBlock;
import com.alibaba.druid.sql.dialect.mysql.ast.expr.MySqlOutFileExpr;
import com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlLoadDataInFileStatement;
import com.alibaba.druid.sql.dialect.mysql.visitor.MySqlASTVisitorAdapter;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.common.sql.SqlText;
import com.polardbx.gms.user.Privilege;
import com.polardbx.server.session.AccessCheck;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses, before a statement is routed, what would let a client reach a data node's files or objects the CN does
 * not know: {@code INTO OUTFILE/DUMPFILE} and server-side {@code LOAD DATA INFILE} (MariaDB's errors without FILE;
 * with it, the CN has no directory to offer: 1290 as under {@code secure_file_priv=NULL}), functions qualified by a
 * database ({@code sys.format_bytes()}, {@code mysql.f()}: the CN has no stored functions), sequence functions
 * (their argument names a DN table) and binlog/replication functions (they describe a DN's binlog). Stateless
 * apart from the session's access check.
 */
public final class DataNodeReach {
    /** MariaDB's sequence functions, which take a table name as argument. */
    private static final Set<String> SEQUENCE_FUNCTIONS = Set.of("nextval", "lastval", "setval");
    /** Functions about a DN's binlog and replication: the CN has neither of its own to describe. */
    private static final Set<String> REPLICATION_FUNCTIONS = Set.of("binlog_gtid_pos", "master_pos_wait",
        "master_gtid_wait", "source_pos_wait");

    /**
     * Functions that describe the server or session they run in: in a column's DEFAULT, generated or CHECK expression
     * they would be evaluated by a DN, about the DN (its account, physical database, host, thread).
     */
    private static final Set<String> DESCRIBING_FUNCTIONS = Set.of("user", "current_user", "session_user",
        "system_user", "current_role", "database", "schema", "connection_id", "version", "last_insert_id",
        "row_count", "found_rows", "load_file");

    private final AccessCheck access;

    public DataNodeReach(AccessCheck access) {
        this.access = access;
    }

    /** Throws the error a client gets when {@code statement} reaches past the CN; returns normally otherwise. */
    public void check(SQLStatement statement) {
        if (statement instanceof MySqlLoadDataInFileStatement load && !load.isLocal()) {
            if (!access.hasGlobal(Privilege.FILE)) {
                throw access.accessDenied();
            }
            throw new SqlError(ErrorCode.ER_OPTION_PREVENTS_STATEMENT, "--secure-file-priv");
        }
        statement.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(SQLSelectQueryBlock block) {
                if (block.getInto() != null && isFileTarget(block)) {
                    if (!access.hasGlobal(Privilege.FILE)) {
                        throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "FILE");
                    }
                    throw new SqlError(ErrorCode.ER_OPTION_PREVENTS_STATEMENT, "--secure-file-priv");
                }
                return true;
            }

            @Override
            public boolean visit(com.alibaba.druid.sql.dialect.mysql.ast.statement.MySqlSelectQueryBlock block) {
                return visit((SQLSelectQueryBlock) block);
            }

            @Override
            public boolean visit(SQLMethodInvokeExpr call) {
                if (call.getOwner() != null) {
                    String owner = com.polardbx.optimizer.route.TableNames.unquote(
                        com.alibaba.druid.sql.SQLUtils.toMySqlString(call.getOwner()));
                    throw new SqlError(ErrorCode.ER_SP_DOES_NOT_EXIST, "FUNCTION", owner + "." + call.getMethodName());
                }
                String name = call.getMethodName().toLowerCase(Locale.ROOT);
                if (SEQUENCE_FUNCTIONS.contains(name)) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "sequences");
                }
                if (REPLICATION_FUNCTIONS.contains(name)) {
                    throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, name.toUpperCase(Locale.ROOT));
                }
                return true;
            }

            @Override
            public boolean visit(SQLSequenceExpr sequence) {
                throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "sequences");
            }
        });
    }

    /**
     * A table definition (CREATE/ALTER TABLE) whose expressions would describe the DN that evaluates them: variables
     * and {@link #DESCRIBING_FUNCTIONS} are refused there (the CN cannot evaluate a column DEFAULT for each row).
     */
    public void checkTableDefinition(SQLStatement ddl) {
        ddl.accept(new MySqlASTVisitorAdapter() {
            @Override
            public boolean visit(com.alibaba.druid.sql.ast.statement.SQLColumnDefinition column) {
                for (com.alibaba.druid.sql.ast.SQLExpr e : java.util.Arrays.asList(column.getAsExpr(),
                    column.getGeneratedAlwaysAs(), column.getDefaultExpr(), column.getOnUpdate())) {
                    if (e != null) {
                        e.accept(this); // Druid does not visit all of them by itself
                    }
                }
                return true;
            }

            @Override
            public boolean visit(com.alibaba.druid.sql.ast.expr.SQLVariantRefExpr x) {
                throw refused(x.getName());
            }

            @Override
            public boolean visit(com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr x) {
                String name = x.getName().toLowerCase(Locale.ROOT);
                if (name.equals("current_user") || name.equals("current_role")) {
                    throw refused(x.getName());
                }
                return true;
            }

            @Override
            public boolean visit(SQLMethodInvokeExpr call) {
                if (DESCRIBING_FUNCTIONS.contains(call.getMethodName().toLowerCase(Locale.ROOT))) {
                    throw refused(call.getMethodName() + "()");
                }
                return true;
            }
        });
    }

    private static SqlError refused(String expression) {
        return new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, expression + " in a table definition");
    }

    /** {@code INTO OUTFILE '...'}, as opposed to {@code INTO @var}. */
    private static boolean isFileTarget(SQLSelectQueryBlock block) {
        return block.getInto().getExpr() instanceof MySqlOutFileExpr;
    }

    private static final java.util.regex.Pattern INTO_DUMPFILE =
        java.util.regex.Pattern.compile("(?i)\\bINTO\\s+DUMPFILE\\b");
    /**
     * Table options that point a DN at files or other servers' tables: DATA/INDEX DIRECTORY (MariaDB takes them
     * without FILE), UNION=(...) of a MERGE table and CONNECTION=... of FEDERATED/SPIDER tables.
     */
    private static final java.util.regex.Pattern OUTSIDE_OPTION = java.util.regex.Pattern.compile(
        "(?i)\\b((DATA|INDEX)\\s+DIRECTORY|UNION\\s*=|CONNECTION\\s*=)");

    /**
     * The same for what the parser cannot read or the CN does not model: {@code SELECT ... INTO DUMPFILE} (outside
     * quotes and comments) gets the FILE error instead of a syntax error; table options that reach outside the
     * table's own files are refused.
     */
    public void checkText(String sql) {
        if (!INTO_DUMPFILE.matcher(sql).find() && !OUTSIDE_OPTION.matcher(sql).find()) {
            return;
        }
        StringBuilder bare = new StringBuilder(sql.length());
        for (int i = 0; i < sql.length(); ) {
            int skipped = SqlText.skipQuoteOrComment(sql, i);
            if (skipped >= 0) {
                bare.append(' ');
                i = skipped;
            } else {
                bare.append(sql.charAt(i++));
            }
        }
        if (INTO_DUMPFILE.matcher(bare).find()) {
            if (!access.hasGlobal(Privilege.FILE)) {
                throw new SqlError(ErrorCode.ER_SPECIFIC_ACCESS_DENIED, "FILE");
            }
            throw new SqlError(ErrorCode.ER_OPTION_PREVENTS_STATEMENT, "--secure-file-priv");
        }
        java.util.regex.Matcher option = OUTSIDE_OPTION.matcher(bare);
        if (option.find()) {
            throw new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET,
                option.group(1).replaceAll("\\s+", " ").toUpperCase(Locale.ROOT) + " in a table definition");
        }
    }
}
