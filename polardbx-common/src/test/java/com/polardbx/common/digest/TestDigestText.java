package com.polardbx.common.digest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Digest texts against MySQL 8's: the examples of its manual (STATEMENT_DIGEST_TEXT, the digest summary table) and
 * the texts it prints for sysbench's statements.
 */
class TestDigestText {
    @Test
    void manualExamples() {
        // MySQL 8.0 manual, STATEMENT_DIGEST_TEXT()
        assertEquals("SELECT * FROM `mytable` WHERE `cola` = ? AND `colb` = ?",
            DigestText.of("SELECT * FROM mytable WHERE cola = 10 AND colb = 20"));
        // WL#9637
        assertEquals("SELECT * FROM `foo`", DigestText.of("SELECT * FROM foo"));
        // performance-schema statement digests: IN lists and multi-row VALUES collapse
        assertEquals("SELECT * FROM `orders` WHERE `o_id` IN (...)",
            DigestText.of("SELECT * FROM orders WHERE o_id IN (1, 2, 3)"));
        assertEquals("SELECT * FROM `orders` WHERE `o_id` IN (...)",
            DigestText.of("select * from orders where o_id in (7)"));
        assertEquals("INSERT INTO `t` VALUES (...) /* , ... */",
            DigestText.of("INSERT INTO t VALUES (1, 'a'), (2, 'b'), (3, 'c')"));
        assertEquals("INSERT INTO `t` VALUES (?) /* , ... */", DigestText.of("INSERT INTO t VALUES (1), (2)"));
        assertEquals("INSERT INTO `t` ( `a` , `b` ) VALUES (...)", DigestText.of("insert into t(a,b) values (1,2)"));
    }

    @Test
    void sysbenchStatements() {
        assertEquals("SELECT `c` FROM `sbtest1` WHERE `id` = ?", DigestText.of("SELECT c FROM sbtest1 WHERE id=4821"));
        assertEquals("SELECT `c` FROM `sbtest1` WHERE `id` BETWEEN ? AND ? ORDER BY `c`",
            DigestText.of("SELECT c FROM sbtest1 WHERE id BETWEEN 1 AND 100 ORDER BY c"));
        assertEquals("SELECT DISTINCTROW `c` FROM `sbtest1` WHERE `id` BETWEEN ? AND ? ORDER BY `c`",
            DigestText.of("SELECT DISTINCTROW c FROM sbtest1 WHERE id BETWEEN 1 AND 100 ORDER BY c"));
        assertEquals("SELECT SUM ( `k` ) FROM `sbtest1` WHERE `id` BETWEEN ? AND ?",
            DigestText.of("SELECT SUM(k) FROM sbtest1 WHERE id BETWEEN 5 AND 105"));
        assertEquals("UPDATE `sbtest1` SET `k` = `k` + ? WHERE `id` = ?",
            DigestText.of("UPDATE sbtest1 SET k=k+1 WHERE id=5"));
        assertEquals("SELECT @@`version_comment` LIMIT ?", DigestText.of("select @@version_comment limit 1"));
    }

    @Test
    void literalsCommentsAndSpacing() {
        assertEquals(DigestText.of("SELECT a FROM t WHERE b = 'x'"),
            DigestText.of("select   a /* why */ from t\n where b = \"y\" -- trailing\n"));
        assertEquals("SELECT ? FROM `t` WHERE `a` = ? AND `b` = ?",
            DigestText.of("SELECT 1 FROM t WHERE a = -5 AND b = x'ff'"));
        assertEquals("SELECT `a` - ? FROM `t`", DigestText.of("SELECT a - 1 FROM t"), "binary minus stays");
        assertEquals("SELECT * FROM `t` WHERE `a` IS NULL AND `b` = ?",
            DigestText.of("SELECT * FROM t WHERE a IS NULL AND b = NULL"));
        assertEquals("SELECT `a` , `b` FROM `db` . `t` WHERE `a` != ?",
            DigestText.of("SELECT a, b FROM db.t WHERE a <> 3"));
        assertEquals("SELECT `count` FROM `t`", DigestText.of("SELECT count FROM t"), "COUNT is a keyword only before (");
        assertEquals("SELECT COUNT ( * ) , `concat` ( `a` , ? ) FROM `t`",
            DigestText.of("SELECT count(*), concat(a, 'x') FROM t"));
        assertEquals("SELECT `select` FROM `t`", DigestText.of("SELECT `select` FROM t"));
        assertEquals("SELECT ? FROM `t` WHERE `a` = ?", DigestText.of("SELECT 'a' 'b' FROM t WHERE a = ?"));
        assertEquals("SELECT SQL_NO_CACHE * FROM `t` WHERE `a` = ?",
            DigestText.of("SELECT /*!40001 SQL_NO_CACHE */ * FROM t WHERE a = 1.5e3"), "executable comments are SQL");
    }

    @Test
    void optimizerHintsAreTokensOfTheDigest() {
        assertEquals("SELECT /*+ BKA ( `t1` ) NO_ICP ( `t2` ) */ * FROM `t1` , `t2`",
            DigestText.of("select /*+ bka(t1) no_icp(t2) */ * from t1, t2"));
        assertEquals("SELECT /*+ MAX_EXECUTION_TIME (?) */ `a` FROM `t` WHERE `b` = ?",
            DigestText.of("SELECT /*+ MAX_EXECUTION_TIME(1000) */ a FROM t WHERE b = 7"));
        assertNotEquals(DigestText.of("SELECT /*+ NO_INDEX(t k) */ * FROM t"), DigestText.of("SELECT * FROM t"),
            "a hint changes the plan, so it changes the digest");
        assertEquals("SELECT * FROM `t`", DigestText.of("SELECT /*+ */ * FROM t"), "no hint, no tokens");
        assertEquals("SELECT * FROM `t`", DigestText.of("SELECT * /*+ BKA(t) */ FROM t"),
            "only right after the first keyword is it a hint comment; elsewhere a comment");
        assertEquals("UPDATE /*+ INDEX ( `t` `k` ) */ `t` SET `a` = ?",
            DigestText.of("UPDATE /*+ INDEX(t k) */ t SET a = 1"));
    }

    @Test
    void longStatementsAreCut() {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < 400; i++) {
            sql.append(i == 0 ? "" : ", ").append("column_").append(i);
        }
        String text = DigestText.of(sql.append(" FROM t").toString());
        assertTrue(text.endsWith(" ..."), text);
        assertTrue(text.length() < 2_000, text);
    }

    @Test
    void namesKeywordsAndOperatorsFromOffsets() {
        // the name a`b printed in backquotes as it is, without doubling its backquote (as MySQL prints it)
        assertEquals("SELECT `a`b` , `c` FROM `t` WHERE `x` <=> ? AND `y` ->> ? = ?",
            DigestText.of("select `a``b`, `c` from t where x <=> 1 and y->>'$.k' = 'v'"));
        assertEquals("SELECT `SeLeCt` . `FROM` FROM `T1` WHERE `id` = ?",
            DigestText.of("SeLeCt `SeLeCt`.FROM FrOm T1 where id = 0x1F"));
        assertEquals("SELECT `ñame` , `名前` FROM `t` WHERE `ümlaut` = ?",
            DigestText.of("SELECT ñame, 名前 FROM t WHERE ümlaut = N'x'"));
        assertEquals("SELECT `max` , MAX ( `max` ) FROM `t`", DigestText.of("select max, max(max) from t"));
        assertEquals("SET @`v` = ? , @@SESSION . `sql_mode` = ?",
            DigestText.of("SET @v = -2, @@SESSION.sql_mode = 'ANSI'"));
        assertEquals("SELECT ? FROM `t` WHERE `a` = _utf8mb4 ?",
            DigestText.of("SELECT 1e-3 FROM t WHERE a = _UTF8MB4'x'"));
        assertEquals("SELECT `1abc` , ? FROM `t`", DigestText.of("SELECT 1abc, .5 FROM t"));
        assertEquals("SELECT `unterminated`", DigestText.of("SELECT `unterminated"));
        assertEquals("SELECT ?, ...", DigestText.of("SELECT 'it''s', \"a\\\"b\""));
    }

    /** The same thread digests statements one after another: nothing of one leaks into the next. */
    @Test
    void consecutiveStatementsAreIndependent() {
        StringBuilder big = new StringBuilder("SELECT ");
        for (int i = 0; i < 3000; i++) {
            big.append(i == 0 ? "" : ", ").append("c").append(i);
        }
        String cut = DigestText.of(big.toString());
        assertTrue(cut.endsWith(" ..."), cut);
        assertEquals("SELECT `c` FROM `sbtest1` WHERE `id` = ?", DigestText.of("SELECT c FROM sbtest1 WHERE id=1"));
        assertEquals("", DigestText.of(""));
        assertEquals("", DigestText.of("/* only a comment */"));
    }

    /** Random statements from SQL fragments: the one-pass digest agrees with the first implementation. */
    @Test
    void agreesWithTheReferenceOnRandomStatements() {
        String[] pieces = {"SELECT", "select", "FROM", "from", "WHERE", "IN", "in", "(", ")", ",", ".", "@", "@@",
            "=", "<>", "!=", "<=>", "-", "+", "*", "/", "1", "-1", "1.5", "1e3", "1e-3", ".5", "0x1f", "0b01", "x'ff'",
            "b'01'", "N'n'", "_utf8mb4'u'", "'s'", "'it''s'", "\"d\"", "`q`", "`a``b`", "NULL", "null", "IS", "NOT",
            "TRUE", "FALSE", "count", "COUNT(", "sum(", "now()", "max", "t", "t1", "col_a", "$x", "ñame", "名前",
            "1abc", "VALUES", "(1, 2)", "(1)", "?", "/* c */", "/*!40001 SQL_NO_CACHE */", "-- c\n", "# c\n", "\n",
            "\t", "  ", "->", "->>", ":=", "||", "&&", "<<", ">>", "<=", ">=", ";", "INSERT", "INTO", "LIMIT",
            "BETWEEN", "AND", "OR", "CASE", "WHEN", "THEN", "END"};
        java.util.Random random = new java.util.Random(17);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sql = new StringBuilder();
            int length = 1 + random.nextInt(40);
            for (int k = 0; k < length; k++) {
                sql.append(pieces[random.nextInt(pieces.length)]);
                if (random.nextInt(3) > 0) {
                    sql.append(' ');
                }
            }
            String statement = sql.toString();
            assertEquals(TestingReferenceDigestText.of(statement), DigestText.of(statement), statement);
        }
    }

    @Test
    void hashIsSha256OfTheText() {
        StatementDigest a = StatementDigest.of("SELECT * FROM t WHERE id = 1");
        StatementDigest b = StatementDigest.of("select * from t where id=2");
        assertEquals(a, b);
        assertEquals(64, a.hash().length());
        assertNotEquals(a.hash(), StatementDigest.of("SELECT * FROM u WHERE id = 1").hash());
    }
}
