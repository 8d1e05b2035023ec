package com.polardbx.gms.partition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.polardbx.common.error.SqlError;
import com.polardbx.gms.meta.ColumnDef;
import com.polardbx.gms.meta.PartitionInfo;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

class TestPartitionValues {
    private static ColumnType type(String sqlType, String collation) {
        return ColumnType.of(new ColumnDef("c", sqlType, true, null, false, "", "", collation, 0));
    }

    private static Object norm(Object v, String sqlType) {
        return PartitionValues.normalize(v, type(sqlType, null));
    }

    @Test
    void typesAreParsedFromSqlText() {
        ColumnType t = type("decimal(10,2) unsigned", null);
        assertEquals(ColumnType.Family.DECIMAL, t.family());
        assertEquals(2, t.scale());
        assertTrue(t.unsigned());
        assertEquals(ColumnType.Family.STRING, type("VARCHAR(20)", "utf8mb4_general_ci").family());
        assertTrue(type("varchar(20)", null).caseInsensitive());
        assertTrue(!type("varchar(20)", "utf8mb4_bin").caseInsensitive());
        assertEquals(ColumnType.Family.OTHER, type("json", null).family());
    }

    @Test
    void numbersConvert() {
        assertEquals(5L, norm("5", "int"));
        assertEquals(5L, norm("5abc", "int"));
        assertEquals(-3L, norm(new BigDecimal("-2.5"), "int"));
        assertEquals(new BigDecimal("1.5"), norm("1.50", "decimal(10,2)"));
        assertEquals(new BigDecimal("2"), norm(2L, "decimal(10,2)"));
        assertEquals(new BigDecimal("1.24"), norm(1.235d, "decimal(10,2)"));
        assertEquals(2.5d, norm("2.5", "double"));
        assertEquals(2024L, norm("24", "year"));
        assertEquals(1999L, norm(99L, "year"));
        assertEquals(1292, assertThrows(SqlError.class, () -> norm("abc", "int")).errno());
    }

    @Test
    void temporalValuesConvert() {
        assertEquals(LocalDate.of(2024, 1, 5), norm("2024-01-05", "date"));
        assertEquals(LocalDate.of(2024, 1, 5), norm("2024-01-05 13:00:00", "date"));
        assertEquals(LocalDate.of(2024, 1, 5), norm(20240105L, "date"));
        assertEquals(LocalDateTime.of(2024, 1, 5, 13, 4, 5, 120_000_000), norm("2024-01-05 13:04:05.12", "datetime"));
        assertEquals(LocalDateTime.of(2024, 1, 5, 0, 0), norm(LocalDate.of(2024, 1, 5), "timestamp"));
        assertEquals(Duration.ofHours(-30).minusMinutes(1), norm("-30:01:00", "time"));
        assertEquals(1292, assertThrows(SqlError.class, () -> norm("2024-13-01", "date")).errno());
    }

    @Test
    void stringsFoldByCollation() {
        assertEquals(PartitionValues.normalize("Ärger  ", type("varchar(9)", "utf8mb4_general_ci")),
            PartitionValues.normalize("arger", type("varchar(9)", "utf8mb4_general_ci")));
        assertEquals("Ab", PartitionValues.normalize("Ab ", type("varchar(9)", "utf8mb4_bin")));
        assertEquals("42", norm(42L, "char(4)"));
        assertEquals(new ByteKey("ab".getBytes(StandardCharsets.UTF_8)), norm("ab", "varbinary(4)"));
    }

    private static Object v2(Object raw, String sqlType, String collation) {
        return PartitionValues.normalize(raw, type(sqlType, collation), PartitionInfo.CURRENT_FUNCTION);
    }

    @Test
    void versionOneFoldsSharpSAsJavaUpperCaseVersionTwoAsTheCollation() {
        ColumnType ci = type("varchar(9)", "utf8mb4_general_ci");
        assertEquals(PartitionValues.normalize("ß", ci), PartitionValues.normalize("ss", ci));
        assertEquals(v2("ß", "varchar(9)", "utf8mb4_general_ci"), v2("S", "varchar(9)", "utf8mb4_general_ci"));
        assertNotEquals(v2("ß", "varchar(9)", "utf8mb4_general_ci"), v2("ss", "varchar(9)", "utf8mb4_general_ci"));
        assertEquals(v2("Ärger  ", "varchar(9)", "utf8mb4_general_ci"), v2("arger", "varchar(9)", "utf8mb4_general_ci"));
        // general_ci gives every character outside the BMP the same weight
        assertEquals(v2("\uD83D\uDE00", "varchar(9)", "utf8mb4_general_ci"),
            v2("\uD83D\uDE01", "varchar(9)", "utf8mb4_general_ci"));
        assertNotEquals(v2("\uD83D\uDE00", "varchar(9)", "utf8mb4_bin"), v2("\uD83D\uDE01", "varchar(9)", "utf8mb4_bin"));
    }

    @Test
    void versionTwoPadsLikeTheCollation() {
        assertEquals(v2("a  ", "varchar(9)", "utf8mb4_bin"), v2("a", "varchar(9)", "utf8mb4_bin"));
        assertNotEquals(v2("a ", "varchar(9)", "utf8mb4_nopad_bin"), v2("a", "varchar(9)", "utf8mb4_nopad_bin"));
        assertNotEquals(v2("A ", "varchar(9)", "utf8mb4_general_nopad_ci"),
            v2("a", "varchar(9)", "utf8mb4_general_nopad_ci"));
        // CHAR drops trailing spaces when stored, whatever the collation
        assertEquals(v2("a ", "char(4)", "utf8mb4_nopad_bin"), v2("a", "char(4)", "utf8mb4_nopad_bin"));
        assertNotEquals(v2("a\t", "varchar(9)", "utf8mb4_bin"), v2("a", "varchar(9)", "utf8mb4_bin"));
        // PAD SPACE: 'a' compares as 'a ', which is above 'a<TAB>'
        assertTrue(PartitionValues.compare(v2("a", "varchar(9)", "utf8mb4_bin"), v2("a\t", "varchar(9)", "utf8mb4_bin")) > 0);
        assertTrue(PartitionValues.compare(v2("a", "varchar(9)", "utf8mb4_nopad_bin"),
            v2("a\t", "varchar(9)", "utf8mb4_nopad_bin")) < 0);
        // BINARY(n) is stored zero-padded to n bytes
        assertEquals(v2("ab", "binary(4)", null), v2("ab\0\0", "binary(4)", null));
        assertNotEquals(v2("ab", "varbinary(4)", null), v2("ab\0\0", "varbinary(4)", null));
    }

    @Test
    void compareOrdersNullFirstAndMaxvalueLast() {
        assertTrue(PartitionValues.compare(null, 1L) < 0);
        assertTrue(PartitionValues.compare(PartitionBounds.MAXVALUE, 1L) > 0);
        assertTrue(PartitionValues.compare(2L, new BigDecimal("2.5")) < 0);
        assertEquals(0, PartitionValues.compare(2L, new BigDecimal("2.0")));
    }
}
