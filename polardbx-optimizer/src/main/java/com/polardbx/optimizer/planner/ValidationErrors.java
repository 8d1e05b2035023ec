package com.polardbx.optimizer.planner;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlNameMatchers;
import org.apache.calcite.tools.ValidationException;

/**
 * Turns Calcite validation errors that have a MySQL counterpart into MariaDB's error (unknown or ambiguous column
 * named in its clause, a position past the select list, unknown table or function, wrong argument count, row operand,
 * misplaced aggregate or window function, set operation inputs of different widths, a repeated alias); anything
 * else is 1235 (not supported yet).
 */
final class ValidationErrors {
    private static final Pattern UNKNOWN_COLUMN = Pattern.compile("Column '([^']+)' not found");
    private static final Pattern AMBIGUOUS_COLUMN = Pattern.compile("Column '([^']+)' is ambiguous");
    private static final Pattern UNKNOWN_TABLE = Pattern.compile("Object '([^']+)' not found");
    /** A qualifier naming no table of the query ({@code x.id} without an {@code x}): MariaDB's unknown column. */
    private static final Pattern UNKNOWN_QUALIFIER = Pattern.compile("^Table '([^']+)' not found");
    private static final Pattern ORDINAL = Pattern.compile("Ordinal out of range");
    private static final Pattern GROUP_FUNCTION =
        Pattern.compile("^Aggregate expression is illegal in|^Aggregate expressions cannot be nested");
    private static final Pattern SET_COLUMN_COUNT = Pattern.compile("^Column count mismatch in (UNION|INTERSECT|EXCEPT)");
    private static final Pattern WINDOW_PLACEMENT = Pattern.compile("^Windowed aggregate expression is illegal in");
    private static final Pattern DUPLICATE_ALIAS = Pattern.compile("^Duplicate relation name '([^']+)' in FROM");
    private static final Pattern NO_FUNCTION = Pattern.compile("No match found for function signature (\\w+)\\(");
    private static final Pattern ARGUMENT_COUNT = Pattern.compile("Invalid number of arguments to function '(\\w+)'");

    /** MySQL's built-in function names: a call of one that fails validation is unsupported (1235), not unknown. */
    private static final java.util.Set<String> MYSQL_BUILTINS = java.util.Set.of((
        "ABS ACOS ADDDATE ADDTIME AES_DECRYPT AES_ENCRYPT ANY_VALUE ASCII ASIN ATAN ATAN2 AVG BENCHMARK BIN BIT_AND "
        + "BIT_COUNT BIT_LENGTH BIT_OR BIT_XOR CAST CEIL CEILING CHAR CHAR_LENGTH CHARACTER_LENGTH CHARSET COALESCE "
        + "COERCIBILITY COLLATION COMPRESS CONCAT CONCAT_WS CONNECTION_ID CONV CONVERT CONVERT_TZ COS COT COUNT CRC32 "
        + "CUME_DIST CURDATE CURRENT_DATE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_USER CURTIME DATABASE DATE DATE_ADD "
        + "DATE_FORMAT DATE_SUB DATEDIFF DAY DAYNAME DAYOFMONTH DAYOFWEEK DAYOFYEAR DECODE DEGREES DENSE_RANK ELT "
        + "ENCODE EXP EXPORT_SET EXTRACT EXTRACTVALUE FIELD FIND_IN_SET FIRST_VALUE FLOOR FORMAT FOUND_ROWS FROM_BASE64 "
        + "FROM_DAYS FROM_UNIXTIME GET_FORMAT GET_LOCK GREATEST GROUP_CONCAT HEX HOUR IF IFNULL INET_ATON INET_NTOA "
        + "INSERT INSTR INTERVAL ISNULL JSON_ARRAY JSON_ARRAYAGG JSON_ARRAY_APPEND JSON_ARRAY_INSERT JSON_CONTAINS "
        + "JSON_CONTAINS_PATH JSON_DEPTH JSON_EXTRACT JSON_INSERT JSON_KEYS JSON_LENGTH JSON_MERGE JSON_MERGE_PATCH "
        + "JSON_MERGE_PRESERVE JSON_OBJECT JSON_OBJECTAGG JSON_QUOTE JSON_REMOVE JSON_REPLACE JSON_SEARCH JSON_SET "
        + "JSON_TYPE JSON_UNQUOTE JSON_VALID JSON_VALUE LAG LAST_DAY LAST_INSERT_ID LAST_VALUE LCASE LEAD LEAST LEFT "
        + "LENGTH LN LOAD_FILE LOCALTIME LOCALTIMESTAMP LOCATE LOG LOG10 LOG2 LOWER LPAD LTRIM MAKE_SET MAKEDATE "
        + "MAKETIME MAX MD5 MICROSECOND MID MIN MINUTE MOD MONTH MONTHNAME NAME_CONST NOW NTH_VALUE NTILE NULLIF OCT "
        + "OCTET_LENGTH ORD PERCENT_RANK PERIOD_ADD PERIOD_DIFF PI POSITION POW POWER QUARTER QUOTE RADIANS RAND RANK "
        + "REGEXP_INSTR REGEXP_LIKE REGEXP_REPLACE REGEXP_SUBSTR RELEASE_LOCK REPEAT REPLACE REVERSE RIGHT ROUND "
        + "ROW_COUNT ROW_NUMBER RPAD RTRIM SCHEMA SEC_TO_TIME SECOND SESSION_USER SHA SHA1 SHA2 SIGN SIN SLEEP SOUNDEX "
        + "SPACE SQRT STD STDDEV STDDEV_POP STDDEV_SAMP STR_TO_DATE STRCMP SUBDATE SUBSTR SUBSTRING SUBSTRING_INDEX "
        + "SUBTIME SUM SYSDATE SYSTEM_USER TAN TIME TIME_FORMAT TIME_TO_SEC TIMEDIFF TIMESTAMP TIMESTAMPADD "
        + "TIMESTAMPDIFF TO_BASE64 TO_DAYS TO_SECONDS TRIM TRUNCATE UCASE UNCOMPRESS UNHEX UNIX_TIMESTAMP UPDATEXML "
        + "UPPER USER UTC_DATE UTC_TIME UTC_TIMESTAMP UUID UUID_SHORT VALUES VAR_POP VAR_SAMP VARIANCE VERSION WEEK "
        + "WEEKDAY WEEKOFYEAR WEIGHT_STRING YEAR YEARWEEK").split(" "));

    private ValidationErrors() {
    }

    /**
     * MySQL's error for {@code e}, raised validating {@code text} (the text Calcite parsed: the error's position
     * points into it and names the clause and the name as written).
     */
    static SqlError toMySql(ValidationException e, String text, String schema, SqlOperatorTable operators) {
        String message = innermostMessage(e);
        int at = e.getCause() instanceof CalciteContextException c
            ? ClauseAtPosition.offset(text, c.getPosLine(), c.getPosColumn()) : -1;
        String clause = at < 0 ? "SELECT" : ClauseAtPosition.clause(text, at);
        String written = ClauseAtPosition.nameAt(text, at);
        Matcher m = UNKNOWN_COLUMN.matcher(message);
        if (m.find() || UNKNOWN_QUALIFIER.matcher(message).find()) {
            String name = written != null ? written : m.group(1);
            return new SqlError(e, ErrorCode.ER_BAD_FIELD, name, clause);
        }
        if (ORDINAL.matcher(message).find()) {
            // MariaDB reads a position past the select list as a column named by the number
            return new SqlError(e, ErrorCode.ER_BAD_FIELD, written != null ? written : "?", clause);
        }
        if (GROUP_FUNCTION.matcher(message).find()) {
            return new SqlError(e, ErrorCode.ER_INVALID_GROUP_FUNC_USE);
        }
        if (SET_COLUMN_COUNT.matcher(message).find()) {
            return new SqlError(e, ErrorCode.ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT);
        }
        if (WINDOW_PLACEMENT.matcher(message).find()) {
            return new SqlError(e, ErrorCode.ER_WRONG_PLACEMENT_OF_WINDOW_FUNCTION);
        }
        if ((m = DUPLICATE_ALIAS.matcher(message)).find()) {
            return new SqlError(e, ErrorCode.ER_NONUNIQ_TABLE, m.group(1));
        }
        if ((m = AMBIGUOUS_COLUMN.matcher(message)).find()) {
            return new SqlError(e, ErrorCode.ER_NON_UNIQ, written != null ? written : m.group(1), clause);
        }
        if ((m = UNKNOWN_TABLE.matcher(message)).find()) {
            return new SqlError(e, ErrorCode.ER_NO_SUCH_TABLE, "?", m.group(1));
        }
        if ((m = ARGUMENT_COUNT.matcher(message)).find()) {
            return new SqlError(e, ErrorCode.ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT, m.group(1));
        }
        if ((m = NO_FUNCTION.matcher(message)).find() && !known(operators, m.group(1))
            && !MYSQL_BUILTINS.contains(m.group(1).toUpperCase(java.util.Locale.ROOT))) {
            return new SqlError(e, ErrorCode.ER_SP_DOES_NOT_EXIST, "FUNCTION", schema + "." + m.group(1));
        }
        if (message.contains("Values passed to IN operator must have compatible types")) {
            // our coercion lets scalar types meet, so what is left is a row of several columns against one
            return new SqlError(e, ErrorCode.ER_OPERAND_COLUMNS, 1);
        }
        return new SqlError(e, ErrorCode.ER_NOT_SUPPORTED_YET, "this query across shards: " + QueryPlanner.firstLine(e));
    }

    /** The message of the deepest cause: Calcite wraps the validator's own text in a positioned one. */
    private static String innermostMessage(ValidationException e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? "" : message;
    }

    /** Whether any operator of that name exists (then the arguments, not the name, were the problem). */
    private static boolean known(SqlOperatorTable operators, String name) {
        List<SqlOperator> found = new ArrayList<>();
        operators.lookupOperatorOverloads(new SqlIdentifier(name, SqlParserPos.ZERO), null, SqlSyntax.FUNCTION, found,
            SqlNameMatchers.withCaseSensitive(false));
        return !found.isEmpty() || operators.getOperatorList().stream().anyMatch(op -> op.getName()
            .equalsIgnoreCase(name));
    }
}
