package com.polardbx.tests;

import java.util.Random;

/**
 * Random typed MySQL expressions over the columns of {@link TestingSchemaGenerator}'s tables: integers, BIGINT,
 * DECIMAL, strings, dates and datetimes, and predicates over them, nested to a small depth. Every expression has one
 * right answer on MariaDB (no RAND, NOW or floating-point output).
 */
final class TestingExpressions {
    private static final String[] STRINGS = {"'a'", "'A'", "'b'", "'b '", "'c'", "'ß'", "'s'", "'é'", "'e'", "''",
        "NULL"};
    private static final String[] DATES = {"'2024-02-01'", "'2024-03-15'", "20240301", "'2024-04-30'", "DATE '2024-05-01'"};
    private final Random random;

    TestingExpressions(Random random) {
        this.random = random;
    }

    /** An expression of any type over the columns of {@code alias}. */
    String any(String alias, int depth) {
        return switch (random.nextInt(7)) {
            case 0 -> integer(alias, depth);
            case 1 -> decimal(alias, depth);
            case 2 -> string(alias, depth);
            case 3 -> date(alias, depth);
            case 4 -> "(" + predicate(alias, depth) + ")";
            case 5 -> datetime(alias, depth);
            default -> bigint(alias, depth);
        };
    }

    String integer(String alias, int depth) {
        String c = alias + ".";
        if (depth <= 0 || random.nextInt(3) == 0) {
            return pick(c + "a", c + "b", c + "id", String.valueOf(random.nextInt(7)), c + "a", c + "b");
        }
        int d = depth - 1;
        return switch (random.nextInt(28)) {
            case 0 -> integer(alias, d) + " + " + integer(alias, d);
            case 1 -> integer(alias, d) + " - " + integer(alias, d);
            case 2 -> integer(alias, d) + " * " + integer(alias, d);
            case 3 -> "-" + integer(alias, d);
            case 4 -> integer(alias, d) + " DIV " + pick("2", "- 2", c + "b", "0");
            case 5 -> integer(alias, d) + " MOD " + pick("3", "-3", c + "a", "0");
            case 6 -> integer(alias, d) + " % 4";
            case 7 -> "ABS(" + integer(alias, d) + ")";
            case 8 -> "CASE WHEN " + predicate(alias, d) + " THEN " + integer(alias, d) + " ELSE " + integer(alias, d)
                + " END";
            case 9 -> "IFNULL(" + integer(alias, d) + ", " + random.nextInt(7) + ")";
            case 10 -> "COALESCE(" + integer(alias, d) + ", " + integer(alias, d) + ", -1)";
            case 11 -> "LENGTH(" + string(alias, d) + ")";
            case 12 -> "CHAR_LENGTH(" + string(alias, d) + ")";
            case 13 -> pick("YEAR", "MONTH", "DAYOFMONTH", "DAYOFWEEK", "QUARTER", "WEEKDAY") + "(" + date(alias, d) + ")";
            case 14 -> "DATEDIFF(" + date(alias, d) + ", " + pick(DATES) + ")";
            case 15 -> pick("GREATEST", "LEAST") + "(" + integer(alias, d) + ", " + integer(alias, d) + ")";
            case 16 -> integer(alias, d) + pick(" & ", " | ", " ^ ") + integer(alias, d);
            case 17 -> pick("FLOOR", "CEIL", "ROUND", "SIGN") + "(" + decimal(alias, d) + ")";
            case 18 -> "IF(" + predicate(alias, d) + ", " + integer(alias, d) + ", NULL)";
            case 19 -> "NULLIF(" + integer(alias, d) + ", " + random.nextInt(4) + ")";
            case 20 -> "HOUR(" + c + "ts)";
            case 21 -> "TIMESTAMPDIFF(" + pick("DAY", "HOUR", "MONTH") + ", " + date(alias, d) + ", " + c + "ts)";
            case 22 -> "CAST(" + pick(decimal(alias, d), string(alias, d)) + " AS SIGNED)";
            case 23 -> "LOCATE(" + pick("'a'", "'b'") + ", " + string(alias, d) + ")";
            case 24 -> "(" + predicate(alias, d) + ") + 0";
            // a date, datetime or time in arithmetic is its number: 20240131, 20240131123456, 123456
            case 25 -> pick(c + "dt", c + "ts", "TIME(" + c + "ts)") + pick(" + 0", " - 1", " * 1",
                " + " + c + "a", " MOD 7", " % 1000");
            case 26 -> pick("-", "- ") + pick(c + "dt", c + "ts", "MOD(" + c + "dt, 100)");
            default -> "EXTRACT(" + pick("MONTH", "DAY", "YEAR_MONTH") + " FROM " + date(alias, d) + ")";
        };
    }

    String bigint(String alias, int depth) {
        String c = alias + ".big";
        if (depth <= 0) {
            return c;
        }
        int d = depth - 1;
        return switch (random.nextInt(8)) {
            case 0 -> c + " + " + integer(alias, d);
            case 1 -> c + " - 1";
            case 2 -> c + " DIV " + pick("3", "- 7", "1024");
            case 3 -> "ABS(" + c + ")";
            case 4 -> c + " * 2";
            case 5 -> "CAST(" + c + " AS CHAR)";
            case 6 -> "COALESCE(" + c + ", " + integer(alias, d) + ")";
            default -> c + " / " + pick("3", "1024", alias + ".a");
        };
    }

    String decimal(String alias, int depth) {
        String c = alias + ".d";
        if (depth <= 0 || random.nextInt(3) == 0) {
            return pick(c, c, "1.25", "-0.5");
        }
        int d = depth - 1;
        return switch (random.nextInt(13)) {
            case 0 -> decimal(alias, d) + " + " + integer(alias, d);
            case 1 -> decimal(alias, d) + " * " + decimal(alias, d);
            case 2 -> decimal(alias, d) + " / " + pick("3", "7", alias + ".a", "0");
            case 3 -> "ROUND(" + decimal(alias, d) + ", " + random.nextInt(3) + ")";
            case 4 -> "TRUNCATE(" + decimal(alias, d) + ", 1)";
            case 5 -> integer(alias, d) + " / " + integer(alias, d);
            case 6 -> "CAST(" + integer(alias, d) + " AS DECIMAL(8,2))";
            case 7 -> "ABS(" + decimal(alias, d) + ")";
            case 8 -> "-" + decimal(alias, d);
            case 9 -> "IFNULL(" + decimal(alias, d) + ", 0.5)";
            case 10 -> "CASE WHEN " + predicate(alias, d) + " THEN " + decimal(alias, d) + " END";
            case 11 -> decimal(alias, d) + " - " + decimal(alias, d);
            default -> "GREATEST(" + decimal(alias, d) + ", " + integer(alias, d) + ")";
        };
    }

    String string(String alias, int depth) {
        String c = alias + ".s";
        if (depth <= 0 || random.nextInt(3) == 0) {
            return random.nextInt(4) == 0 ? pick(STRINGS) : c;
        }
        int d = depth - 1;
        return switch (random.nextInt(16)) {
            case 0 -> "CONCAT(" + string(alias, d) + ", " + pick("'-'", integer(alias, d), string(alias, d)) + ")";
            case 1 -> pick("UPPER", "LOWER", "REVERSE", "TRIM", "RTRIM") + "(" + string(alias, d) + ")";
            case 2 -> "SUBSTRING(" + string(alias, d) + ", " + (1 + random.nextInt(2)) + pick("", ", 1") + ")";
            case 3 -> pick("LEFT", "RIGHT") + "(" + string(alias, d) + ", " + random.nextInt(3) + ")";
            case 4 -> "REPLACE(" + string(alias, d) + ", 'a', 'x')";
            case 5 -> "CONCAT_WS(',', " + string(alias, d) + ", " + integer(alias, d) + ")";
            case 6 -> "IF(" + predicate(alias, d) + ", " + string(alias, d) + ", 'z')";
            case 7 -> "COALESCE(" + string(alias, d) + ", 'n')";
            case 8 -> "LPAD(" + string(alias, d) + ", 3, '*')";
            case 9 -> "CAST(" + integer(alias, d) + " AS CHAR)";
            case 10 -> "DATE_FORMAT(" + date(alias, d) + ", '%Y/%m %a')";
            case 11 -> "CASE " + integer(alias, d) + " WHEN 1 THEN 'one' WHEN 2 THEN " + string(alias, d)
                + " ELSE NULL END";
            case 12 -> "REPEAT(" + string(alias, d) + ", 2)";
            case 13 -> "CAST(" + decimal(alias, d) + " AS CHAR)";
            case 14 -> "CONCAT(" + string(alias, d) + ", " + decimal(alias, d) + ")";
            default -> "NULLIF(" + string(alias, d) + ", 'a')";
        };
    }

    String date(String alias, int depth) {
        String c = alias + ".dt";
        if (depth <= 0 || random.nextInt(3) == 0) {
            return random.nextInt(5) == 0 ? "DATE(" + alias + ".ts)" : c;
        }
        int d = depth - 1;
        return switch (random.nextInt(7)) {
            case 0 -> "DATE_ADD(" + c + ", INTERVAL " + integer(alias, d) + " DAY)";
            case 1 -> c + " + INTERVAL 1 MONTH";
            case 2 -> "LAST_DAY(" + c + ")";
            case 3 -> "DATE_SUB(" + c + ", INTERVAL " + pick("1 WEEK", "2 DAY", "1 YEAR") + ")";
            case 4 -> "COALESCE(" + c + ", DATE '2024-01-01')";
            case 5 -> "IF(" + predicate(alias, d) + ", " + c + ", NULL)";
            default -> "GREATEST(" + c + ", DATE '2024-03-01')";
        };
    }

    /**
     * A DATETIME over {@code ts} and {@code dt}, with fractional digits of seconds where MariaDB gives them: 6 for
     * microsecond units, a count of seconds' own digits (not inside COALESCE/IF, whose CN type comes from the planner,
     * which types {@code + INTERVAL} by Calcite's rules).
     */
    String datetime(String alias, int depth) {
        String c = alias + ".ts";
        if (depth <= 0 || random.nextInt(4) == 0) {
            return c;
        }
        int d = depth - 1;
        return switch (random.nextInt(9)) {
            case 0 -> "DATE_ADD(" + c + ", INTERVAL " + integer(alias, d) + " MICROSECOND)";
            case 1 -> "DATE_SUB(" + datetime(alias, d) + ", INTERVAL " + pick("'1:1:1.5' HOUR_MICROSECOND",
                "'1.25' SECOND_MICROSECOND", "'2 3:4:5.000006' DAY_MICROSECOND", "'30' MINUTE_SECOND") + ")";
            case 2 -> "TIMESTAMPADD(" + pick("MICROSECOND", "SECOND", "MINUTE") + ", " + integer(alias, d) + ", "
                + pick(c, alias + ".dt") + ")";
            case 3 -> c + pick(" + ", " - ") + "INTERVAL " + pick("1.5", "'2.5'", alias + ".d", "250") + " "
                + pick("SECOND", "MICROSECOND");
            case 4 -> "TIMESTAMPADD(SECOND, " + pick(alias + ".d", "0.125", "'1.5'") + ", " + pick(c, alias + ".dt")
                + ")";
            case 5 -> "DATE_ADD(" + alias + ".dt, INTERVAL " + pick("1.5", "'2.5'", alias + ".a") + " SECOND)";
            // a DATETIME and a DATE meet in IF as DATETIME; CAST to DATETIME(6) keeps six digits
            case 6 -> "IF(" + predicate(alias, d) + ", " + c + ", " + alias + ".dt)";
            case 7 -> "CAST(" + pick(c, alias + ".dt", datetime(alias, d)) + " AS DATETIME(" + pick("6", "3", "0") + "))";
            default -> datetime(alias, d) + " - INTERVAL 1 HOUR";
        };
    }

    /** A truth value over the columns of {@code alias}. */
    String predicate(String alias, int depth) {
        String c = alias + ".";
        int d = Math.max(0, depth - 1);
        return switch (random.nextInt(22)) {
            case 0 -> integer(alias, d) + " " + comparison() + " " + integer(alias, d);
            case 1 -> c + pick("a", "b", "id") + " " + comparison() + " " + random.nextInt(7);
            case 2 -> c + pick("a", "b") + " IN (" + random.nextInt(7) + ", " + random.nextInt(7)
                + pick("", ", NULL") + ")";
            case 3 -> c + pick("a", "b", "s", "d", "dt", "big") + pick(" IS NULL", " IS NOT NULL");
            case 4 -> integer(alias, d) + " BETWEEN " + random.nextInt(3) + " AND " + (2 + random.nextInt(4));
            case 5 -> c + "s " + comparison() + " " + pick(STRINGS);
            case 6 -> c + "s LIKE " + pick("'b%'", "'%a'", "'_'", "'B%'", "'%'");
            case 7 -> c + "d " + comparison() + " " + pick("1.5", "2", "0", c + "a");
            case 8 -> c + "dt " + comparison() + " " + pick(DATES);
            case 9 -> c + "ts " + comparison() + " " + pick("'2024-03-01 12:00:00'", c + "dt", "'2024-04-01'");
            case 10 -> "NOT (" + predicate(alias, d) + ")";
            case 11 -> "(" + predicate(alias, d) + " OR " + predicate(alias, d) + ")";
            case 12 -> predicate(alias, d) + " AND " + predicate(alias, d);
            case 13 -> c + "a <=> " + pick(c + "b", "NULL", "2");
            case 14 -> c + "big " + comparison() + " " + pick("9007199254740992", "0", c + "a", "1099511627776");
            case 15 -> c + "s IN (" + pick(STRINGS) + ", " + pick(STRINGS) + ")";
            case 16 -> c + "dt BETWEEN " + pick(DATES) + " AND " + pick("'2024-06-30'", "20240415");
            case 17 -> "(" + predicate(alias, d) + ") " + pick("XOR", "AND", "OR") + " " + c + "a > 2";
            case 18 -> c + pick("a", "b") + " NOT IN (" + random.nextInt(7) + pick("", ", NULL") + ")";
            case 19 -> string(alias, d) + " = " + string(alias, d);
            case 20 -> c + "s " + comparison() + " " + c + pick("a", "d");
            default -> decimal(alias, d) + " " + comparison() + " " + integer(alias, d);
        };
    }

    String comparison() {
        return pick("=", "<>", "<", "<=", ">", ">=", "=", "!=");
    }

    @SafeVarargs
    private <T> T pick(T... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
