package com.polardbx.common.error;

/**
 * Every error a client can see: a stable id, MySQL's error number and SQLSTATE, and a message template.
 *
 * <p>Templates use {@link String#format} placeholders. Where MySQL has its own number for a condition, we use it,
 * so that drivers and applications react the same way they do against MySQL.
 */
public enum ErrorCode {
    ER_HANDSHAKE_ERROR(1043, "08S01", "Bad handshake"),
    ER_DBACCESS_DENIED(1044, "42000", "Access denied for user '%s'@'%s' to database '%s'"),
    ER_ACCESS_DENIED(1045, "28000", "Access denied for user '%s'@'%s' (using password: %s)"),
    ER_NO_DB(1046, "3D000", "No database selected"),
    ER_UNKNOWN_COM(1047, "08S01", "Unknown command"),
    ER_BAD_NULL(1048, "23000", "Column '%s' cannot be null"),
    ER_BAD_DB(1049, "42000", "Unknown database '%s'"),
    ER_TABLE_EXISTS(1050, "42S01", "Table '%s' already exists"),
    ER_BAD_TABLE(1051, "42S02", "Unknown table '%s'"),
    ER_WRONG_OBJECT(1347, "HY000", "'%s.%s' is not of type '%s'"),
    ER_VIEW_RECURSIVE(1462, "HY000", "`%s`.`%s` contains view recursion"),
    ER_NONUPDATEABLE_COLUMN(1348, "HY000", "Column '%s' is not updatable"),
    ER_NON_UPDATABLE_TABLE(1288, "HY000", "The target table %s of the %s is not updatable"),
    ER_NON_INSERTABLE_TABLE(1471, "HY000", "The target table %s of the %s is not insertable-into"),
    ER_UNKNOWN_VIEW(4092, "42S02", "Unknown VIEW: '%s'"),
    ER_VIEW_WRONG_LIST(1353, "HY000", "View's SELECT and view's field list have different column counts"),
    ER_NON_UNIQ(1052, "23000", "Column '%s' in %s is ambiguous"),
    ER_BAD_FIELD(1054, "42S22", "Unknown column '%s' in '%s'"),
    ER_WRONG_FIELD_WITH_GROUP(1055, "42000", "'%s' isn't in GROUP BY"),
    ER_DUP_FIELDNAME(1060, "42S21", "Duplicate column name '%s'"),
    ER_DUP_KEYNAME(1061, "42000", "Duplicate key name '%s'"),
    ER_DUP_ENTRY(1062, "23000", "Duplicate entry '%s' for key '%s'"),
    ER_PARSE(1064, "42000", "You have an error in your SQL syntax; %s"),
    ER_EMPTY_QUERY(1065, "42000", "Query was empty"),
    ER_NONUNIQ_TABLE(1066, "42000", "Not unique table/alias: '%s'"),
    ER_INVALID_GROUP_FUNC_USE(1111, "HY000", "Invalid use of group function"),
    ER_WRONG_NUMBER_OF_COLUMNS_IN_SELECT(1222, "21000", "The used SELECT statements have a different number of columns"),
    ER_WRONG_PLACEMENT_OF_WINDOW_FUNCTION(4015, "HY000",
        "Window function is allowed only in SELECT list and ORDER BY clause"),
    ER_CANT_DROP_FIELD_OR_KEY(1091, "42000", "Can't DROP '%s'; check that column/key exists"),
    ER_KEY_COLUMN_DOES_NOT_EXIST(1072, "42000", "Key column '%s' doesn't exist in table"),
    ER_KEY_DOES_NOT_EXIST(1176, "42000", "Key '%s' doesn't exist in table '%s'"),
    ER_TRUNCATE_ILLEGAL_FK(1701, "42000", "Cannot truncate a table referenced in a foreign key constraint (%s)"),
    ER_CANT_CREATE_TABLE(1005, "HY000", "Can't create table `%s`.`%s` (errno: %s)"),
    /** The argument is empty (DROP TABLE) or {@code  (`db`.`child`, CONSTRAINT ...)} naming the key. */
    ER_ROW_IS_REFERENCED(1451, "23000", "Cannot delete or update a parent row: a foreign key constraint fails%s"),
    /** InnoDB's error for cascades nested too deep (193), naming the key: MariaDB's words. */
    ER_GET_ERRMSG(1296, "HY000", "Got error %s '%s' from %s"),
    /** The argument is {@code  (`db`.`child`, CONSTRAINT ...)} naming the key, as InnoDB words it. */
    ER_NO_REFERENCED_ROW_2(1452, "23000", "Cannot add or update a child row: a foreign key constraint fails%s"),
    ER_UPDATE_TABLE_USED(1093, "HY000",
        "Table '%s' is specified twice, both as a target for '%s' and as a separate source for data"),
    ER_NO_SUCH_THREAD(1094, "HY000", "Unknown thread id: %s"),
    ER_KILL_DENIED(1095, "HY000", "You are not owner of thread %s"),
    ER_UNKNOWN_TABLE(1109, "42S02", "Unknown table '%s' in %s"),
    ER_TABLEACCESS_DENIED(1142, "42000", "%s command denied to user '%s'@'%s' for table '%s'"),
    ER_NO_SUCH_TABLE(1146, "42S02", "Table '%s.%s' doesn't exist"),
    ER_NOT_ALLOWED_COMMAND(1148, "42000", "The used command is not allowed with this MySQL version"),
    ER_SYNTAX(1149, "42000", "You have an error in your SQL syntax; %s"),
    ER_NET_PACKET_TOO_LARGE(1153, "08S01", "Got a packet bigger than 'max_allowed_packet' bytes"),
    ER_UNKNOWN_SYSTEM_VARIABLE(1193, "HY000", "Unknown system variable '%s'"),
    ER_NO_BINARY_LOGGING(1381, "HY000", "You are not using binary logging"),
    ER_UNKNOWN_TARGET_BINLOG(1373, "HY000", "Target log not found in binlog index"),
    ER_WARN_PURGE_LOG_IN_USE(1867, "HY000",
        "file %s was not purged because it was being read by %d thread(s), purged only %d out of %d files."),
    ER_WARN_PURGE_LOG_IS_ACTIVE(1868, "HY000", "file %s was not purged because it is the active log file."),
    ER_ERROR_WHEN_EXECUTING_COMMAND(1220, "HY000", "Error when executing command %s: %s"),
    ER_MASTER_FATAL_ERROR_READING_BINLOG(1236, "HY000",
        "Got fatal error 1236 from master when reading data from binary log: '%s'"),
    ER_LOCK_WAIT_TIMEOUT(1205, "HY000", "Lock wait timeout exceeded; try restarting transaction"),
    ER_LOCK_OR_ACTIVE_TRANSACTION(1192, "HY000",
        "Can't execute the given command because you have active locked tables or an active transaction"),
    ER_CANT_UPDATE_WITH_READLOCK(1223, "HY000", "Can't execute the query because you have a conflicting read lock"),
    ER_DB_CREATE_EXISTS(1007, "HY000", "Can't create database '%s'; database exists"),
    ER_DB_DROP_EXISTS(1008, "HY000", "Can't drop database '%s'; database doesn't exist"),
    ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION(1792, "25006", "Cannot execute statement in a READ ONLY transaction"),
    ER_LOCK_DEADLOCK(1213, "40001", "Deadlock found when trying to get lock; try restarting transaction"),
    ER_WRONG_VALUE_COUNT_ON_ROW(1136, "21S01", "Column count doesn't match value count at row %d"),
    ER_WRONG_VALUE_COUNT(1058, "21S01", "Column count doesn't match value count"),
    ER_QUERY_INTERRUPTED(1317, "70100", "Query execution was interrupted"),
    ER_UNKNOWN_STMT_HANDLER(1243, "HY000", "Unknown prepared statement handler (%s) given to %s"),
    ER_WRONG_ARGUMENTS(1210, "HY000", "Incorrect arguments to %s"),
    ER_TOO_MANY_ROWS(1172, "42000", "Result consisted of more than one row"),
    ER_SP_UNDECLARED_VAR(1327, "42000", "Undeclared variable: %s"),
    ER_SP_FETCH_NO_DATA(1329, "02000", "No data - zero rows fetched, selected, or processed"),
    ER_GLOBAL_VARIABLE(1229, "HY000", "Variable '%s' is a GLOBAL variable and should be set with SET GLOBAL"),
    ER_WRONG_VALUE_FOR_VAR(1231, "42000", "Variable '%s' can't be set to the value of '%s'"),
    ER_WRONG_TYPE_FOR_VAR(1232, "42000", "Incorrect argument type to variable '%s'"),
    ER_CANNOT_USER(1396, "HY000", "Operation %s failed for %s"),
    ER_USER_CREATE_EXISTS(1973, "HY000", "Can't create user '%s'@'%s'; it already exists"),
    ER_USER_DROP_EXISTS(1974, "HY000", "Can't drop user '%s'@'%s'; it doesn't exist"),
    ER_NONEXISTING_GRANT(1141, "42000", "There is no such grant defined for user '%s' on host '%s'"),
    ER_SPECIFIC_ACCESS_DENIED(1227, "42000", "Access denied; you need (at least one of) the %s privilege(s) for this operation"),
    ER_NO_PARTITION_FOR_GIVEN_VALUE(1526, "HY000", "Table has no partition for value %s"),
    ER_PARTITION_FUNCTION_IS_NOT_ALLOWED(1564, "HY000", "This partition function is not allowed"),
    ER_PARTITIONS_MUST_BE_DEFINED(1492, "HY000", "For %s partitions each partition must be defined"),
    /** The second argument explains, for a UNIQUE key the user wrote without thinking of partitions. */
    ER_UNIQUE_KEY_NEED_ALL_FIELDS_IN_PF(1503, "HY000",
        "A %s must include all columns in the table's partitioning function%s"),
    ER_SAME_NAME_PARTITION(1517, "HY000", "Duplicate partition name %s"),
    ER_RANGE_NOT_INCREASING(1493, "HY000", "VALUES LESS THAN value must be strictly increasing for each partition"),
    ER_MULTIPLE_DEF_CONST_IN_LIST_PART(1495, "HY000", "Multiple definition of same constant in list partitioning"),
    ER_FIELD_TYPE_NOT_ALLOWED_AS_PARTITION_FIELD(1659, "HY000", "Field '%s' is of a not allowed type for this type of partitioning"),
    ER_PASSWORD_NO_MATCH(1133, "28000", "Can't find any matching row in the user table"),
    ER_TRUNCATED_WRONG_VALUE(1292, "22007", "Incorrect %s value: '%s'"),
    ER_DATA_OUT_OF_RANGE(1690, "22003", "%s value is out of range in '%s'"),
    ER_WARN_DATA_OUT_OF_RANGE(1264, "22003", "Out of range value for column '%s' at row %d"),
    ER_DATA_TOO_LONG(1406, "22001", "Data too long for column '%s' at row %d"),
    WARN_DATA_TRUNCATED(1265, "01000", "Data truncated for column '%s' at row %d"),
    ER_TRUNCATED_WRONG_VALUE_FOR_FIELD(1366, "22007", "Incorrect %s value: '%s' for column %s at row %d"),
    ER_XA_RBROLLBACK(1402, "XA100", "XA_RBROLLBACK: Transaction branch was rolled back"),
    ER_ERROR_DURING_COMMIT(1180, "HY000", "Got error %s during COMMIT"),
    ER_CANT_CHANGE_TX_CHARACTERISTICS(1568, "25001", "Transaction characteristics can't be changed while a transaction is in progress"),
    ER_SUBQUERY_NO_1_ROW(1242, "21000", "Subquery returns more than 1 row"),
    ER_OPERAND_COLUMNS(1241, "21000", "Operand should contain %d column(s)"),
    ER_OPTION_PREVENTS_STATEMENT(1290, "HY000",
        "The MySQL server is running with the %s option so it cannot execute this statement"),
    ER_SP_DOES_NOT_EXIST(1305, "42000", "%s %s does not exist"),
    ER_WRONG_PARAMCOUNT_TO_NATIVE_FCT(1582, "42000", "Incorrect parameter count in the call to native function '%s'"),
    ER_CANT_AGGREGATE_2COLLATIONS(1267, "HY000", "Illegal mix of collations (%s) and (%s) for operation '%s'"),
    ER_CANT_AGGREGATE_3COLLATIONS(1270, "HY000", "Illegal mix of collations (%s), (%s), (%s) for operation '%s'"),
    ER_CANT_AGGREGATE_NCOLLATIONS(1271, "HY000", "Illegal mix of collations for operation '%s'"),
    ER_NOT_SUPPORTED_YET(1235, "42000", "This version of PolarDB-X doesn't yet support '%s'"),
    ER_OUT_OF_RESOURCES(1041, "HY000", "Out of memory; %s"),
    /** A query went over its memory limit ({@code polardbx_query_memory_limit}) and nothing could spill. */
    ER_WRONG_USAGE(1221, "HY000", "Incorrect usage of %s and %s"),
    /** MariaDB (standard_compliant_cte=1) refuses a recursive part that is not linear and monotonic. */
    ER_NOT_STANDARD_COMPLIANT_RECURSIVE(4008, "HY000",
        "Restrictions imposed on recursive definitions are violated for table '%s'"),
    ER_INVALID_NTILE_ARGUMENT(4024, "HY000", "Argument of NTILE must be greater than 0"),
    ER_CAPACITY_EXCEEDED(3170, "HY000", "Memory capacity of %d bytes for '%s' exceeded. %s"),
    ER_ERROR_ON_READ(1024, "HY000", "Error reading file '%s' (%s)"),
    ER_ERROR_ON_WRITE(1026, "HY000", "Error writing file '%s' (%s)"),
    ER_SHARD_UNAVAILABLE(2013, "HY000", "Lost connection to data node %s: %s"),
    ER_DDL_JOB_ERROR(4600, "HY000", "DDL job %d failed: %s"),
    ER_CON_COUNT_ERROR(1040, "08004", "Too many connections"),
    ER_CLIENT_INTERACTION_TIMEOUT(4031, "HY000", "The client was disconnected by the server because of inactivity."
        + " See wait_timeout and interactive_timeout for configuring this behavior."),
    ER_MALFORMED_PACKET(1835, "08S01", "Malformed communication packet."),
    ER_STACK_OVERRUN(1436, "HY000",
        "Thread stack overrun: the statement nests too deeply; simplify it or increase the thread_stack"),
    ER_INTERNAL(1105, "HY000", "%s");

    private static final java.util.Map<Integer, ErrorCode> BY_ERRNO = new java.util.HashMap<>();

    static {
        for (ErrorCode code : values()) {
            BY_ERRNO.putIfAbsent(code.errno, code);
        }
    }

    private final int errno;
    private final String sqlState;
    private final String template;

    ErrorCode(int errno, String sqlState, String template) {
        this.errno = errno;
        this.sqlState = sqlState;
        this.template = template;
    }

    public int errno() {
        return errno;
    }

    public String sqlState() {
        return sqlState;
    }

    /** The code with MySQL's error number {@code errno}, or null. */
    public static ErrorCode byErrno(int errno) {
        return BY_ERRNO.get(errno);
    }

    public String format(Object... args) {
        return args.length == 0 ? template : String.format(template, args);
    }
}
