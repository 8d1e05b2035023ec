package com.polardbx.common.sql;

import java.math.BigDecimal;
import java.math.BigInteger;

/** MySQL literals for Java values: the one printer every module uses to put a value into statement text. */
public final class SqlLiterals {
    private SqlLiterals() {
    }

    /** The SQL literal of a value as a driver or a DN result gives it; NULL for null and non-finite doubles. */
    public static String literal(Object v) {
        if (v == null) {
            return "NULL";
        }
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
            || v instanceof BigInteger) {
            return v.toString();
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return "NULL";
            }
            // with an exponent the literal is a DOUBLE to MySQL, as the parameter was; without, a DECIMAL
            String text = Double.toString(d); // a FLOAT parameter is widened, as MariaDB does
            return text.indexOf('E') < 0 ? text + "E0" : text;
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        if (v instanceof byte[] bytes) {
            StringBuilder sb = new StringBuilder("X'");
            for (byte b : bytes) {
                sb.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
            }
            return sb.append('\'').toString();
        }
        return quote(v.toString());
    }

    public static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('\'');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\'' -> sb.append("\\'");
                case '\\' -> sb.append("\\\\");
                case '\0' -> sb.append("\\0");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\u001a' -> sb.append("\\Z");
                default -> sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }

    /** {@code `name`} with backticks doubled. */
    public static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
