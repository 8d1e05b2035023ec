package com.polardbx.executor.expression;

import com.polardbx.executor.chunk.ColumnType;
import com.polardbx.executor.chunk.Values;

/**
 * MySQL's PERIOD_ADD and PERIOD_DIFF over periods written YYMM or YYYYMM (two-digit years below 70 are 20xx, the
 * rest 19xx; period 0 stays 0).
 */
final class PeriodFunctions {
    private static final int TWO_DIGIT_YEAR_PIVOT = 70;

    private PeriodFunctions() {
    }

    static RowExpression add(RowExpression period, RowExpression months) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {period, months},
            v -> Values.toLong(v[0]) == 0 ? 0L : toPeriod(toMonths(Values.toLong(v[0])) + Values.toLong(v[1])));
    }

    static RowExpression diff(RowExpression a, RowExpression b) {
        return new StrictCall(ColumnType.BIGINT, new RowExpression[] {a, b},
            v -> toMonths(Values.toLong(v[0])) - toMonths(Values.toLong(v[1])));
    }

    private static long toMonths(long period) {
        if (period == 0) {
            return 0;
        }
        long year = period / 100;
        if (year < TWO_DIGIT_YEAR_PIVOT) {
            year += 2000;
        } else if (year < 100) {
            year += 1900;
        }
        return year * 12 + period % 100 - 1;
    }

    private static long toPeriod(long months) {
        if (months == 0) {
            return 0;
        }
        long year = months / 12;
        if (year < 100) {
            year += year < TWO_DIGIT_YEAR_PIVOT ? 2000 : 1900;
        }
        return year * 100 + months % 12 + 1;
    }
}
