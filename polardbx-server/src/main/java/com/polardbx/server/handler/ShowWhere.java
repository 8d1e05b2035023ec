package com.polardbx.server.handler;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLBinaryOpExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLIdentifierExpr;
import com.alibaba.druid.sql.ast.expr.SQLInListExpr;
import com.alibaba.druid.sql.ast.expr.SQLNotExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLNumericLiteralExpr;
import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.optimizer.route.TableNames;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The WHERE condition of a SHOW whose rows the CN builds itself ({@code SHOW VARIABLES WHERE Variable_name IN (...)},
 * {@code SHOW TABLES WHERE ...}), evaluated over the SHOW's own columns as MySQL does: names and values compare
 * case-insensitively (the columns are utf8 general_ci), NULL is unknown. Comparisons, LIKE, IN, AND, OR, NOT and
 * IS [NOT] NULL over columns and literals; anything else is refused rather than ignored.
 */
final class ShowWhere {
    private ShowWhere() {
    }

    /** The rows kept by {@code where} (all when it is null); {@code columns} names each row's values. */
    static Predicate<Object[]> of(SQLExpr where, List<String> columns) {
        if (where == null) {
            return r -> true;
        }
        return row -> Boolean.TRUE.equals(test(where, row, columns));
    }

    /** True, false or null (unknown). */
    private static Boolean test(SQLExpr e, Object[] row, List<String> columns) {
        if (e instanceof SQLNotExpr not) {
            Boolean b = test(not.getExpr(), row, columns);
            return b == null ? null : !b;
        }
        if (e instanceof SQLInListExpr in) {
            String v = text(value(in.getExpr(), row, columns));
            if (v == null) {
                return null;
            }
            boolean unknown = false;
            for (SQLExpr item : in.getTargetList()) {
                String t = text(value(item, row, columns));
                if (t == null) {
                    unknown = true;
                } else if (t.equalsIgnoreCase(v)) {
                    return !in.isNot();
                }
            }
            return unknown ? null : in.isNot();
        }
        if (!(e instanceof SQLBinaryOpExpr op)) {
            throw unsupported(e);
        }
        switch (op.getOperator()) {
            case BooleanAnd -> {
                Boolean a = test(op.getLeft(), row, columns);
                Boolean b = test(op.getRight(), row, columns);
                return Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b) ? Boolean.FALSE
                    : a == null || b == null ? null : Boolean.TRUE;
            }
            case BooleanOr -> {
                Boolean a = test(op.getLeft(), row, columns);
                Boolean b = test(op.getRight(), row, columns);
                return Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b) ? Boolean.TRUE
                    : a == null || b == null ? null : Boolean.FALSE;
            }
            case Is, IsNot -> {
                boolean isNull = value(op.getLeft(), row, columns) == null;
                if (!(op.getRight() instanceof SQLNullExpr)) {
                    throw unsupported(e);
                }
                return op.getOperator() == com.alibaba.druid.sql.ast.expr.SQLBinaryOperator.Is ? isNull : !isNull;
            }
            default -> {
                return compare(op, row, columns);
            }
        }
    }

    private static Boolean compare(SQLBinaryOpExpr op, Object[] row, List<String> columns) {
        String a = text(value(op.getLeft(), row, columns));
        String b = text(value(op.getRight(), row, columns));
        if (a == null || b == null) {
            return null;
        }
        return switch (op.getOperator()) {
            case Equality -> a.equalsIgnoreCase(b);
            case NotEqual, LessThanOrGreater -> !a.equalsIgnoreCase(b);
            case Like -> ShowHandler.like(new SQLCharExpr(b)).matcher(a).matches();
            case NotLike -> !ShowHandler.like(new SQLCharExpr(b)).matcher(a).matches();
            default -> throw unsupported(op);
        };
    }

    private static Object value(SQLExpr e, Object[] row, List<String> columns) {
        if (e instanceof SQLCharExpr c) {
            return c.getText();
        }
        if (e instanceof SQLNumericLiteralExpr n) {
            return n.getNumber();
        }
        if (e instanceof SQLNullExpr) {
            return null;
        }
        if (e instanceof SQLIdentifierExpr id) {
            String name = TableNames.unquote(id.getName());
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).equalsIgnoreCase(name)) {
                    return row[i];
                }
            }
            throw new SqlError(ErrorCode.ER_BAD_FIELD, name, "where clause");
        }
        throw unsupported(e);
    }

    private static String text(Object v) {
        return v == null ? null : String.valueOf(v);
    }

    private static SqlError unsupported(SQLExpr e) {
        return new SqlError(ErrorCode.ER_NOT_SUPPORTED_YET, "SHOW ... WHERE " + e.toString().toUpperCase(Locale.ROOT));
    }
}
