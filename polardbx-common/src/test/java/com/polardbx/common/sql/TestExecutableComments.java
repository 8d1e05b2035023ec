package com.polardbx.common.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.polardbx.common.error.SqlError;
import org.junit.jupiter.api.Test;

class TestExecutableComments {
    private static final ExecutableComments MYSQL_8 = ExecutableComments.forServerVersion("8.0.32-polardbx-0.1");
    private static final ExecutableComments MARIADB_10_11 = new ExecutableComments(101119, 101119);

    /** The expansion with runs of spaces collapsed: where a comment marker became a space does not matter. */
    private static String squashed(ExecutableComments rules, String sql) {
        return rules.expand(sql).replaceAll(" +", " ");
    }

    @Test
    void versionOfTheServerString() {
        assertEquals(80032, MYSQL_8.mysqlVersionId());
        assertEquals(0, MYSQL_8.mariaDbVersionId());
        assertEquals(50744, ExecutableComments.forServerVersion("5.7.44").mysqlVersionId());
    }

    @Test
    void textWithoutCommentsIsReturnedAsItIs() {
        String plain = "SELECT 1 FROM t WHERE a = 1";
        assertSame(plain, MYSQL_8.expand(plain));
        String quoted = "SELECT 1 FROM t WHERE a = '/*!50000 x */'";
        assertEquals(quoted, MYSQL_8.expand(quoted));
    }

    @Test
    void unversionedCommentsAreAlwaysSql() {
        assertEquals("SELECT 1 , 2 ", squashed(MYSQL_8, "SELECT 1 /*! , 2 */"));
        assertEquals("SELECT 123 ", squashed(MYSQL_8, "SELECT /*!123*/"), "fewer than 5 digits are SQL, not a version");
    }

    @Test
    void versionedCommentsRunUpToTheServersVersion() {
        String sql = "SELECT 1 /*!50000 , (SELECT s FROM other.t) */";
        assertEquals("SELECT 1 , (SELECT s FROM other.t) ", squashed(MYSQL_8, sql));
        assertEquals("SELECT 1 , 2 ", squashed(MYSQL_8, "SELECT 1 /*!80032 , 2 */"));
        assertEquals("SELECT 1 ", squashed(MYSQL_8, "SELECT 1 /*!80033 , 2 */"), "newer than the server: dropped");
        assertEquals(" SET @@SQL_MODE='' ", squashed(MYSQL_8, "/*!40100 SET @@SQL_MODE='' */"));
        assertEquals("SELECT 0 , 2 ", squashed(MYSQL_8, "SELECT /*!100100 , 2 */"), "MySQL reads exactly five digits");
    }

    @Test
    void mariaDbCommentsFollowTheMariaDbVersion() {
        assertEquals("SELECT 1 ", squashed(MYSQL_8, "SELECT 1 /*M!100100 , 2 */"), "a MySQL server ignores /*M!");
        assertEquals("SELECT 1 , 2 ", squashed(MARIADB_10_11, "SELECT 1 /*M!100100 , 2 */"));
        assertEquals("SELECT 1 ", squashed(MARIADB_10_11, "SELECT 1 /*M!110000 , 2 */"));
        assertEquals("SELECT 1 , 2 ", squashed(MARIADB_10_11, "SELECT 1 /*!100100 , 2 */"), "six digits on MariaDB");
        assertEquals(" ", squashed(MARIADB_10_11, "/*M!999999\\- enable the sandbox mode */"));
    }

    @Test
    void quotesInsideAndOutsideAreRespected() {
        assertEquals("SELECT ' /*!50000 , 2 */ '", MYSQL_8.expand("SELECT ' /*!50000 , 2 */ '"));
        assertEquals("SELECT \"/*!*/\", `/*!x*/`", MYSQL_8.expand("SELECT \"/*!*/\", `/*!x*/`"));
        assertEquals("SELECT '*/' , 3 ", squashed(MYSQL_8, "SELECT /*! '*/' , 3 */"),
            "a */ inside a string does not close the comment");
        assertEquals("SELECT 'it\\'s /*!' , 2 ", squashed(MYSQL_8, "SELECT 'it\\'s /*!' , /*! 2 */"));
    }

    @Test
    void plainCommentsAndHintsStay() {
        assertEquals("SELECT /* plain */ 1", MYSQL_8.expand("SELECT /* plain */ 1"));
        assertEquals("SELECT /*+ hint */ 1", MYSQL_8.expand("SELECT /*+ hint */ 1"));
        assertEquals("SELECT 1 -- /*! , 2 */\n", MYSQL_8.expand("SELECT 1 -- /*! , 2 */\n"));
        assertEquals("SELECT 1 # /*! , 2 */", MYSQL_8.expand("SELECT 1 # /*! , 2 */"));
        assertEquals("SELECT 1 --1 , 2 ", squashed(MYSQL_8, "SELECT 1 --1 /*! , 2 */"), "--1 is minus minus one");
        assertEquals("SELECT 1 /* inner */ + 1 ", squashed(MYSQL_8, "SELECT /*! 1 /* inner */ + 1 */"));
    }

    @Test
    void theResultHasNoExecutableCommentLeft() {
        String tricky = "SELECT 1 /*!/*!50000 , 2 */ */ /*!*/*!50000 , 3 */";
        String once = MYSQL_8.expand(tricky);
        assertEquals(once, MYSQL_8.expand(once));
    }

    @Test
    void anUnclosedExecutableCommentIsASyntaxError() {
        assertEquals(1064, assertThrows(SqlError.class, () -> MYSQL_8.expand("SELECT 1 /*! , 2")).errno());
        assertEquals(1064, assertThrows(SqlError.class, () -> MYSQL_8.expand("SELECT 1 /*!90000 , 2")).errno());
        assertEquals("SELECT 1 /* , 2", MYSQL_8.expand("SELECT 1 /* , 2"), "a plain one is the parser's business");
    }

    @Test
    void placementCommentsAreAlwaysExpanded() {
        ExecutableComments mysql = ExecutableComments.forServerVersion("8.0.32");
        org.junit.jupiter.api.Assertions.assertEquals("CREATE TABLE t (id INT)\n  BROADCAST  ",
            mysql.expand("CREATE TABLE t (id INT)\n/*!99999 BROADCAST */"));
        org.junit.jupiter.api.Assertions.assertEquals("SELECT 1  ", mysql.expand("SELECT 1 /*!99998 , 2 */"));
        org.junit.jupiter.api.Assertions.assertEquals("SELECT 1  ", mysql.expand("SELECT 1 /*!99999 , 2 */"));
        org.junit.jupiter.api.Assertions.assertEquals("CREATE TABLE t (id INT PRIMARY KEY, v INT,   LOCAL   KEY k (v))",
            mysql.expand("CREATE TABLE t (id INT PRIMARY KEY, v INT, /*!99999 LOCAL */ KEY k (v))"));
        org.junit.jupiter.api.Assertions.assertEquals("SELECT 1  ", mysql.expand("SELECT 1 /*!99999 LOCALS */"));
    }
}
