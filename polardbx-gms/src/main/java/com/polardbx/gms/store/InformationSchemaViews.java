package com.polardbx.gms.store;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;

/**
 * The logical {@code information_schema}: views over the metadb tables, in their own database on the GMS node, with
 * MySQL's column names. Queries on {@code information_schema.SCHEMATA/TABLES/COLUMNS/STATISTICS} run against these
 * views on the GMS node, so any filter, join or ordering a GUI tool writes behaves as MySQL's own.
 */
public final class InformationSchemaViews {
    /** The database on the GMS node that holds the views. */
    public static final String DATABASE = "polardbx_information_schema";
    /** The information_schema tables served from these views; the others describe the server, not the data. */
    public static final Set<String> TABLES = Set.of("schemata", "tables", "columns", "statistics", "views",
        "global_indexes", "key_column_usage", "referential_constraints", "table_constraints");

    private static final String META = MetaDb.DATABASE;
    private static final String DATA_TYPE = "LOWER(SUBSTRING_INDEX(SUBSTRING_INDEX(c.sql_type, '(', 1), ' ', 1))";
    /** MySQL's NUMERIC_PRECISION of the integer and floating types (digits, not display width). */
    private static final String INTEGER_PRECISION = "CASE " + DATA_TYPE + " WHEN 'tinyint' THEN 3"
        + " WHEN 'smallint' THEN 5 WHEN 'mediumint' THEN 7 WHEN 'int' THEN 10 WHEN 'integer' THEN 10"
        + " WHEN 'bigint' THEN IF(c.sql_type LIKE '%unsigned%', 20, 19) WHEN 'float' THEN 12 WHEN 'double' THEN 22"
        + " ELSE NULL END";
    /** MySQL's CHARACTER_MAXIMUM_LENGTH of the TEXT and BLOB types. */
    private static final String LOB_LENGTH = "CASE " + DATA_TYPE + " WHEN 'tinytext' THEN 255 WHEN 'tinyblob' THEN 255"
        + " WHEN 'text' THEN 65535 WHEN 'blob' THEN 65535 WHEN 'mediumtext' THEN 16777215"
        + " WHEN 'mediumblob' THEN 16777215 WHEN 'longtext' THEN 4294967295 WHEN 'longblob' THEN 4294967295"
        + " ELSE NULL END";
    private static final String TYPE_ARG = "SUBSTRING_INDEX(SUBSTRING_INDEX(c.sql_type, '(', -1), ')', 1)";

    private InformationSchemaViews() {
    }

    /** Creates or replaces the views (idempotent; run at every CN start). */
    public static void install(MetaDb metaDb) {
        try (Connection c = metaDb.connection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS " + DATABASE);
            for (String view : views()) {
                createInUtf8mb3(c, view);
            }
        } catch (SQLException e) {
            throw new SqlError(e, ErrorCode.ER_INTERNAL, "creating information_schema views: " + e.getMessage());
        }
    }

    /**
     * Creates a view whose text columns are utf8mb3, as information_schema's are in MySQL and MariaDB: clients write
     * {@code IS_NULLABLE COLLATE 'utf8mb3_general_ci'} (Connector/J's getColumns). The definition becomes a
     * {@code <name>_raw} view; the public view converts each of its text columns.
     */
    private static void createInUtf8mb3(Connection c, String createView) throws SQLException {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?s)CREATE OR REPLACE VIEW (\\S+)\\.(\\S+) AS(.*)")
            .matcher(createView);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a view definition: " + createView);
        }
        String raw = m.group(2) + "_raw";
        List<String> columns = new java.util.ArrayList<>();
        try (Statement st = c.createStatement()) {
            st.execute("CREATE OR REPLACE VIEW " + DATABASE + "." + raw + " AS" + m.group(3));
            try (java.sql.ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, CHARACTER_SET_NAME FROM"
                + " information_schema.COLUMNS WHERE TABLE_SCHEMA = '" + DATABASE + "' AND TABLE_NAME = '" + raw
                + "' ORDER BY ORDINAL_POSITION")) {
                while (rs.next()) {
                    String name = "`" + rs.getString(1) + "`";
                    columns.add(rs.getString(2) == null ? name
                        : "CONVERT(" + name + " USING utf8mb3) COLLATE utf8mb3_general_ci AS " + name);
                }
            }
            st.execute("CREATE OR REPLACE VIEW " + DATABASE + "." + m.group(2) + " AS SELECT "
                + String.join(", ", columns) + " FROM " + DATABASE + "." + raw);
        }
    }

    private static List<String> views() {
        String schemata = "CREATE OR REPLACE VIEW " + DATABASE + ".SCHEMATA AS"
            + " SELECT 'def' AS CATALOG_NAME, name COLLATE utf8mb4_general_ci AS SCHEMA_NAME,"
            + " COALESCE(charset, 'utf8mb4') AS DEFAULT_CHARACTER_SET_NAME,"
            + " COALESCE(collation_name, 'utf8mb4_general_ci') AS DEFAULT_COLLATION_NAME, NULL AS SQL_PATH,"
            + " '' AS SCHEMA_COMMENT FROM " + META + ".db_info"
            + " UNION ALL SELECT 'def', 'information_schema', 'utf8mb3', 'utf8mb3_general_ci', NULL, ''";
        String tables = "CREATE OR REPLACE VIEW " + DATABASE + ".TABLES AS"
            + " SELECT 'def' AS TABLE_CATALOG, t.schema_name COLLATE utf8mb4_general_ci AS TABLE_SCHEMA,"
            + " t.table_name COLLATE utf8mb4_general_ci AS TABLE_NAME,"
            + " 'BASE TABLE' AS TABLE_TYPE, 'InnoDB' AS ENGINE, 10 AS VERSION, 'Dynamic' AS ROW_FORMAT,"
            + " CAST(NULL AS UNSIGNED) AS TABLE_ROWS, CAST(NULL AS UNSIGNED) AS AVG_ROW_LENGTH,"
            + " CAST(NULL AS UNSIGNED) AS DATA_LENGTH, CAST(NULL AS UNSIGNED) AS MAX_DATA_LENGTH,"
            + " CAST(NULL AS UNSIGNED) AS INDEX_LENGTH, CAST(NULL AS UNSIGNED) AS DATA_FREE,"
            + " CAST(NULL AS UNSIGNED) AS AUTO_INCREMENT, CAST(NULL AS DATETIME) AS CREATE_TIME,"
            + " CAST(NULL AS DATETIME) AS UPDATE_TIME, CAST(NULL AS DATETIME) AS CHECK_TIME,"
            + " 'utf8mb4_general_ci' AS TABLE_COLLATION, CAST(NULL AS UNSIGNED) AS CHECKSUM,"
            + " LOWER(t.kind) AS CREATE_OPTIONS, '' AS TABLE_COMMENT FROM " + META + ".table_info t"
            + " WHERE " + notIndexTable("t")
            // views as MySQL lists them: no engine, no row data, the comment 'VIEW'
            + " UNION ALL SELECT 'def', v.schema_name, v.view_name, 'VIEW', NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 'VIEW' FROM " + META + ".view_info v";
        String columns = "CREATE OR REPLACE VIEW " + DATABASE + ".COLUMNS AS"
            + " SELECT 'def' AS TABLE_CATALOG, c.schema_name COLLATE utf8mb4_general_ci AS TABLE_SCHEMA,"
            + " c.table_name COLLATE utf8mb4_general_ci AS TABLE_NAME,"
            + " c.column_name COLLATE utf8mb4_general_ci AS COLUMN_NAME,"
            + " c.ordinal AS ORDINAL_POSITION, c.default_value AS COLUMN_DEFAULT,"
            + " IF(c.nullable, 'YES', 'NO') AS IS_NULLABLE, " + DATA_TYPE + " AS DATA_TYPE,"
            + " IF(" + DATA_TYPE + " IN ('char', 'varchar', 'binary', 'varbinary'), CAST(" + TYPE_ARG
            + " AS UNSIGNED), " + LOB_LENGTH + ") AS CHARACTER_MAXIMUM_LENGTH,"
            + " IF(" + DATA_TYPE + " IN ('char', 'varchar'), 4 * CAST(" + TYPE_ARG + " AS UNSIGNED),"
            + " IF(" + DATA_TYPE + " IN ('binary', 'varbinary'), CAST(" + TYPE_ARG
            + " AS UNSIGNED), " + LOB_LENGTH + ")) AS CHARACTER_OCTET_LENGTH,"
            + " IF(" + DATA_TYPE + " IN ('decimal', 'numeric'), CAST(SUBSTRING_INDEX(" + TYPE_ARG
            + ", ',', 1) AS UNSIGNED), " + INTEGER_PRECISION + ") AS NUMERIC_PRECISION,"
            + " IF(" + DATA_TYPE + " IN ('decimal', 'numeric'), CAST(SUBSTRING_INDEX(" + TYPE_ARG
            + ", ',', -1) AS UNSIGNED), IF(" + DATA_TYPE + " IN ('tinyint', 'smallint', 'mediumint', 'int',"
            + " 'integer', 'bigint'), 0, NULL)) AS NUMERIC_SCALE,"
            + " IF(" + DATA_TYPE + " IN ('datetime', 'timestamp', 'time'), IF(c.sql_type LIKE '%(%', CAST(" + TYPE_ARG
            + " AS UNSIGNED), 0), NULL) AS DATETIME_PRECISION,"
            + " IF(c.collation_name IS NULL, NULL, SUBSTRING_INDEX(c.collation_name, '_', 1)) AS CHARACTER_SET_NAME,"
            + " c.collation_name AS COLLATION_NAME, c.sql_type AS COLUMN_TYPE,"
            + " CASE WHEN EXISTS (SELECT 1 FROM " + META + ".index_info i WHERE i.schema_name = c.schema_name"
            + " AND i.table_name = c.table_name AND i.index_name = 'PRIMARY'"
            + " AND FIND_IN_SET(c.column_name, i.index_columns)) THEN 'PRI'"
            + " WHEN EXISTS (SELECT 1 FROM " + publicKeys() + " i WHERE i.schema_name = c.schema_name"
            + " AND i.table_name = c.table_name AND i.is_unique = 1"
            + " AND i.index_columns = c.column_name) THEN 'UNI'"
            + " WHEN EXISTS (SELECT 1 FROM " + publicKeys() + " i WHERE i.schema_name = c.schema_name"
            + " AND i.table_name = c.table_name"
            + " AND SUBSTRING_INDEX(i.index_columns, ',', 1) = c.column_name) THEN 'MUL' ELSE '' END AS COLUMN_KEY,"
            + " COALESCE(c.extra, '') AS EXTRA, 'select,insert,update,references' AS PRIVILEGES,"
            + " COALESCE(c.comment_text, '') AS COLUMN_COMMENT, 'NEVER' AS IS_GENERATED,"
            + " CAST(NULL AS CHAR) AS GENERATION_EXPRESSION FROM (SELECT schema_name, table_name, ordinal,"
            + " column_name, sql_type, nullable, default_value, extra, comment_text, collation_name FROM " + META
            + ".column_info t WHERE " + notIndexTable("t") + " UNION ALL SELECT schema_name, view_name, ordinal, column_name, sql_type, nullable, NULL,"
            + " NULL, NULL, collation_name FROM " + META + ".view_column) c";
        String statistics = "CREATE OR REPLACE VIEW " + DATABASE + ".STATISTICS AS"
            + " SELECT 'def' AS TABLE_CATALOG, i.schema_name COLLATE utf8mb4_general_ci AS TABLE_SCHEMA,"
            + " i.table_name COLLATE utf8mb4_general_ci AS TABLE_NAME,"
            + " IF(i.is_unique, 0, 1) AS NON_UNIQUE, i.schema_name COLLATE utf8mb4_general_ci AS INDEX_SCHEMA,"
            + " i.index_name COLLATE utf8mb4_general_ci AS INDEX_NAME,"
            + " j.seq AS SEQ_IN_INDEX, j.col COLLATE utf8mb4_general_ci AS COLUMN_NAME, 'A' AS COLLATION,"
            + " CAST(NULL AS UNSIGNED) AS CARDINALITY, CAST(NULL AS UNSIGNED) AS SUB_PART, NULL AS PACKED,"
            + " '' AS NULLABLE, i.index_type AS INDEX_TYPE, i.state AS COMMENT, '' AS INDEX_COMMENT, 'NO' AS IGNORED"
            + " FROM (SELECT schema_name, table_name, index_name, is_unique, index_columns, 'BTREE' AS index_type,"
            + " '' AS state FROM " + META + ".index_info l WHERE " + notIndexTable("l")
            // global indexes as SHOW INDEX lists them: type GLOBAL, their state as the comment
            + " UNION ALL SELECT schema_name, table_name, index_name, is_unique, index_columns, 'GLOBAL', state FROM "
            + META + ".global_index_info) i, JSON_TABLE(CONCAT('[\"', REPLACE(i.index_columns, ',', '\",\"'),"
            + " '\"]'), '$[*]' COLUMNS (seq FOR ORDINALITY, col VARCHAR(64) PATH '$')) j";
        String views = "CREATE OR REPLACE VIEW " + DATABASE + ".VIEWS AS"
            + " SELECT 'def' AS TABLE_CATALOG, v.schema_name COLLATE utf8mb4_general_ci AS TABLE_SCHEMA,"
            + " v.view_name COLLATE utf8mb4_general_ci AS TABLE_NAME, v.definition AS VIEW_DEFINITION,"
            + " v.check_option AS CHECK_OPTION, IF(v.is_updatable, 'YES', 'NO') AS IS_UPDATABLE,"
            + " v.definer AS DEFINER,"
            + " v.security_type AS SECURITY_TYPE, v.character_set_client AS CHARACTER_SET_CLIENT,"
            + " v.collation_connection AS COLLATION_CONNECTION, v.algorithm AS ALGORITHM FROM " + META + ".view_info v";
        String globalIndexes = "CREATE OR REPLACE VIEW " + DATABASE + ".GLOBAL_INDEXES AS"
            + " SELECT g.schema_name COLLATE utf8mb4_general_ci AS TABLE_SCHEMA,"
            + " g.table_name COLLATE utf8mb4_general_ci AS TABLE_NAME, IF(g.is_unique, 0, 1) AS NON_UNIQUE,"
            + " g.index_name COLLATE utf8mb4_general_ci AS INDEX_NAME, g.index_columns AS INDEX_COLUMNS,"
            + " g.covering_columns AS COVERING_COLUMNS, IF(g.clustered, 'CLUSTERED', 'GLOBAL') AS INDEX_TYPE,"
            + " x.part_strategy AS PARTITION_POLICY, x.part_columns AS PARTITION_KEY,"
            + " (SELECT COUNT(*) FROM " + META + ".partition_info p WHERE p.schema_name = g.schema_name"
            + " AND p.table_name = g.index_table) AS PARTITION_COUNT, g.state AS STATUS"
            + " FROM " + META + ".global_index_info g JOIN " + META + ".table_info x"
            + " ON x.schema_name = g.schema_name AND x.table_name = g.index_table";
        return List.of(schemata, tables, columns, statistics, views, globalIndexes, keyColumnUsage(),
            referentialConstraints(), tableConstraints());
    }

    /**
     * The keys the user sees on each table: the local ones (without the hidden index tables' own) and the public
     * global ones, as (schema_name, table_name, index_name, is_unique, index_columns).
     */
    private static String publicKeys() {
        return "(SELECT schema_name, table_name, index_name, is_unique, index_columns FROM " + META
            + ".index_info l WHERE " + notIndexTable("l") + " UNION ALL SELECT schema_name, table_name, index_name,"
            + " is_unique, index_columns FROM " + META + ".global_index_info WHERE state = 'PUBLIC')";
    }

    /** The hidden tables of global indexes are not the user's tables. */
    private static String notIndexTable(String alias) {
        return "NOT EXISTS (SELECT 1 FROM " + META + ".global_index_info gi WHERE gi.schema_name = " + alias
            + ".schema_name AND gi.index_table = " + alias + ".table_name)";
    }

    /** The names of a comma-separated name list column as rows (seq, col), the way STATISTICS reads them. */
    private static String names(String column, String alias) {
        return "JSON_TABLE(CONCAT('[\"', REPLACE(" + column + ", ',', '\",\"'), '\"]'), '$[*]' COLUMNS"
            + " (seq FOR ORDINALITY, col VARCHAR(64) PATH '$')) " + alias;
    }

    /** Primary and unique keys, then foreign keys with the parent columns they reference. */
    private static String keyColumnUsage() {
        return "CREATE OR REPLACE VIEW " + DATABASE + ".KEY_COLUMN_USAGE AS"
            + " SELECT 'def' AS CONSTRAINT_CATALOG, i.schema_name COLLATE utf8mb4_general_ci AS CONSTRAINT_SCHEMA,"
            + " i.index_name COLLATE utf8mb4_general_ci AS CONSTRAINT_NAME, 'def' AS TABLE_CATALOG,"
            + " i.schema_name COLLATE utf8mb4_general_ci AS TABLE_SCHEMA,"
            + " i.table_name COLLATE utf8mb4_general_ci AS TABLE_NAME, j.col COLLATE utf8mb4_general_ci AS COLUMN_NAME,"
            + " CAST(j.seq AS SIGNED) AS ORDINAL_POSITION, CAST(NULL AS SIGNED) AS POSITION_IN_UNIQUE_CONSTRAINT,"
            + " CAST(NULL AS CHAR(64)) AS REFERENCED_TABLE_SCHEMA, CAST(NULL AS CHAR(64)) AS REFERENCED_TABLE_NAME,"
            + " CAST(NULL AS CHAR(64)) AS REFERENCED_COLUMN_NAME FROM " + publicKeys() + " i, "
            + names("i.index_columns", "j") + " WHERE i.is_unique = 1"
            + " UNION ALL SELECT 'def', f.schema_name, f.fk_name, 'def', f.schema_name, f.table_name, j.col, j.seq,"
            + " j.seq, f.ref_schema, f.ref_table, r.col FROM " + META + ".foreign_key_info f, "
            + names("f.fk_columns", "j") + ", " + names("f.ref_columns", "r") + " WHERE r.seq = j.seq";
    }

    /** One row per foreign key; the parent's unique key is the one over exactly the referenced columns. */
    private static String referentialConstraints() {
        return "CREATE OR REPLACE VIEW " + DATABASE + ".REFERENTIAL_CONSTRAINTS AS"
            + " SELECT 'def' AS CONSTRAINT_CATALOG, f.schema_name COLLATE utf8mb4_general_ci AS CONSTRAINT_SCHEMA,"
            + " f.fk_name COLLATE utf8mb4_general_ci AS CONSTRAINT_NAME, 'def' AS UNIQUE_CONSTRAINT_CATALOG,"
            + " f.ref_schema COLLATE utf8mb4_general_ci AS UNIQUE_CONSTRAINT_SCHEMA,"
            + " (SELECT u.index_name FROM " + META + ".index_info u WHERE u.schema_name = f.ref_schema"
            + " AND u.table_name = f.ref_table AND u.is_unique = 1 AND u.index_columns = f.ref_columns"
            + " ORDER BY u.seq LIMIT 1) COLLATE utf8mb4_general_ci AS UNIQUE_CONSTRAINT_NAME,"
            + " 'NONE' AS MATCH_OPTION, f.on_update AS UPDATE_RULE, f.on_delete AS DELETE_RULE,"
            + " f.table_name COLLATE utf8mb4_general_ci AS TABLE_NAME,"
            + " f.ref_table COLLATE utf8mb4_general_ci AS REFERENCED_TABLE_NAME FROM " + META + ".foreign_key_info f";
    }

    private static String tableConstraints() {
        return "CREATE OR REPLACE VIEW " + DATABASE + ".TABLE_CONSTRAINTS AS"
            + " SELECT 'def' AS CONSTRAINT_CATALOG, i.schema_name COLLATE utf8mb4_general_ci AS CONSTRAINT_SCHEMA,"
            + " i.index_name COLLATE utf8mb4_general_ci AS CONSTRAINT_NAME,"
            + " i.schema_name COLLATE utf8mb4_general_ci AS TABLE_SCHEMA,"
            + " i.table_name COLLATE utf8mb4_general_ci AS TABLE_NAME,"
            + " IF(i.index_name = 'PRIMARY', 'PRIMARY KEY', 'UNIQUE') AS CONSTRAINT_TYPE FROM " + publicKeys()
            + " i WHERE i.is_unique = 1"
            + " UNION ALL SELECT 'def', f.schema_name, f.fk_name, f.schema_name, f.table_name, 'FOREIGN KEY' FROM "
            + META + ".foreign_key_info f";
    }
}
