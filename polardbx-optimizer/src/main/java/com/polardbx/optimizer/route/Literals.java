package com.polardbx.optimizer.route;

import com.alibaba.druid.sql.ast.SQLExpr;
import com.alibaba.druid.sql.ast.expr.SQLBooleanExpr;
import com.alibaba.druid.sql.ast.expr.SQLCharExpr;
import com.alibaba.druid.sql.ast.expr.SQLDateExpr;
import com.alibaba.druid.sql.ast.expr.SQLHexExpr;
import com.alibaba.druid.sql.ast.expr.SQLIntegerExpr;
import com.alibaba.druid.sql.ast.expr.SQLNullExpr;
import com.alibaba.druid.sql.ast.expr.SQLNumberExpr;
import com.alibaba.druid.sql.ast.expr.SQLTimestampExpr;
import com.alibaba.druid.sql.ast.expr.SQLUnaryExpr;
import com.alibaba.druid.sql.ast.expr.SQLUnaryOperator;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;

/** Reads constant values out of Druid expressions, for routing. */
public final class Literals {
    /** Marker for "not a constant". */
    public static final Object NOT_CONSTANT = new Object() {
        @Override
        public String toString() {
            return "NOT_CONSTANT";
        }
    };

    private Literals() {
    }

    /** The Java value of a literal (Long, BigInteger, BigDecimal, String, byte[], null) or {@link #NOT_CONSTANT}. */
    public static Object value(SQLExpr expr) {
        if (expr instanceof SQLNullExpr) {
            return null;
        }
        if (expr instanceof SQLIntegerExpr i) {
            Number n = i.getNumber();
            return n instanceof BigInteger b ? (b.bitLength() < 64 ? (Object) b.longValue() : b) : (Object) n.longValue();
        }
        if (expr instanceof SQLNumberExpr n) {
            Number v = n.getNumber();
            return v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
        }
        if (expr instanceof SQLCharExpr c) {
            return c.getText();
        }
        if (expr instanceof SQLBooleanExpr b) {
            return b.getBooleanValue() ? 1L : 0L;
        }
        if (expr instanceof SQLHexExpr h) {
            return h.toBytes();
        }
        if (expr instanceof SQLDateExpr d) {
            return d.getLiteral();
        }
        if (expr instanceof SQLTimestampExpr t) {
            return t.getLiteral();
        }
        if (expr instanceof SQLUnaryExpr u && u.getOperator() == SQLUnaryOperator.Negative) {
            Object inner = value(u.getExpr());
            if (inner instanceof Long l) {
                return -l;
            }
            if (inner instanceof BigInteger b) {
                return b.negate();
            }
            if (inner instanceof BigDecimal d) {
                return d.negate();
            }
        }
        return NOT_CONSTANT;
    }

    public static Optional<Object> constant(SQLExpr expr) {
        Object v = value(expr);
        return v == NOT_CONSTANT ? Optional.empty() : Optional.ofNullable(v);
    }

    /** A SQL literal for a value read from a DN or sent by a driver (INSERT ... SELECT, moved rows, keys). */
    public static SQLExpr expr(Object v) {
        if (v == null) {
            return new SQLNullExpr();
        }
        if (v instanceof Long l) {
            return new SQLIntegerExpr(l);
        }
        if (v instanceof BigInteger b) {
            return new SQLIntegerExpr(b);
        }
        if (v instanceof BigDecimal d) {
            return new SQLNumberExpr(d);
        }
        if (v instanceof Double || v instanceof Float) {
            return new SQLNumberExpr(new BigDecimal(v.toString()));
        }
        if (v instanceof byte[] bytes) {
            StringBuilder hex = new StringBuilder();
            for (byte b : bytes) {
                hex.append(String.format("%02X", b));
            }
            return new SQLHexExpr(hex.toString());
        }
        return new SQLCharExpr(v.toString());
    }


    /** The SQL text of a value expression; an empty hex literal prints as {@code X''} (Druid prints "0x"). */
    public static String sql(SQLExpr e) {
        if (e instanceof SQLHexExpr hex && (hex.getHex() == null || hex.getHex().isEmpty())) {
            return "X''";
        }
        return com.alibaba.druid.sql.SQLUtils.toMySqlString(e);
    }
}
