package com.polardbx.executor.ddl;

import com.polardbx.common.error.ErrorCode;
import com.polardbx.common.error.SqlError;
import com.polardbx.executor.ddl.SqlTokens.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Rewrites the user's DDL text into the DDL for one physical table: the logical name becomes {@code `db`.`table`}
 * and PolarDB-X-only parts (partition clause, BROADCAST, SINGLE, {@code RENAME TO}) are cut out. Everything else is
 * sent to the DN exactly as the user wrote it, so the DN judges it as MySQL would.
 */
final class PhysicalSql {
    private PhysicalSql() {
    }

    /** {@code CREATE TABLE IF NOT EXISTS `db`.`t` (...) options}, without placement clauses. */
    static String createTable(String text, PhysicalLocation l) {
        String sql = withoutSemicolon(text);
        List<Token> tokens = SqlTokens.tokenize(sql);
        int table = SqlTokens.find(tokens, 0, "TABLE");
        if (table < 0 || table + 1 >= tokens.size()) {
            throw new SqlError(ErrorCode.ER_PARSE, "expected CREATE TABLE");
        }
        int name = table + 1;
        boolean ifNotExists = tokens.get(name).is("IF");
        if (ifNotExists) {
            name += 3;
        }
        int nameEnd = SqlTokens.nameEnd(tokens, name);
        StringBuilder out = new StringBuilder(sql.substring(0, tokens.get(table).end()));
        out.append(" IF NOT EXISTS ").append(l.qualifiedName());
        int copyFrom = tokens.get(nameEnd - 1).end();
        int elements = nameEnd;
        while (elements < tokens.size() && !tokens.get(elements).isPunct('(')) {
            elements++;
        }
        for (int i = elements + 1; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.depth() != 0) {
                continue;
            }
            if (t.is("PARTITION") && i + 1 < tokens.size() && tokens.get(i + 1).is("BY")) {
                out.append(sql, copyFrom, t.start());
                return out.toString().stripTrailing();
            }
            if (t.is("BROADCAST") || t.is("SINGLE")) {
                out.append(sql, copyFrom, t.start());
                out.setLength(out.toString().stripTrailing().length());
                copyFrom = t.end();
            }
        }
        out.append(sql.substring(copyFrom));
        return out.toString().stripTrailing();
    }

    /**
     * The physical form of {@code ALTER TABLE}, {@code CREATE INDEX} or {@code DROP INDEX} text, as a function of the
     * physical table; {@code RENAME [TO|AS] x} items of an ALTER are dropped (renames are metadata only).
     */
    static Function<PhysicalLocation, String> alter(String text) {
        String sql = withoutSemicolon(text);
        List<Token> tokens = SqlTokens.tokenize(sql);
        if (tokens.isEmpty()) {
            throw new SqlError(ErrorCode.ER_EMPTY_QUERY);
        }
        if (tokens.get(0).is("ALTER")) {
            int table = SqlTokens.find(tokens, 0, "TABLE");
            int nameEnd = SqlTokens.nameEnd(tokens, table + 1);
            String head = sql.substring(0, tokens.get(table).end()) + " ";
            String items = String.join(", ", alterItems(sql, tokens, nameEnd));
            return l -> head + l.qualifiedName() + " " + items;
        }
        int on = SqlTokens.find(tokens, 0, "ON");
        if (on < 0) {
            throw new SqlError(ErrorCode.ER_PARSE, "expected ON <table>");
        }
        int nameEnd = SqlTokens.nameEnd(tokens, on + 1);
        String head = sql.substring(0, tokens.get(on).end()) + " ";
        String tail = nameEnd < tokens.size() ? sql.substring(tokens.get(nameEnd - 1).end()) : "";
        return l -> head + l.qualifiedName() + tail;
    }

    private static List<String> alterItems(String sql, List<Token> tokens, int first) {
        List<String> items = new ArrayList<>();
        int start = first;
        for (int i = first; i <= tokens.size(); i++) {
            boolean end = i == tokens.size() || (tokens.get(i).depth() == 0 && tokens.get(i).isPunct(','));
            if (!end) {
                continue;
            }
            if (i > start && !isTableRename(tokens, start)) {
                items.add(sql.substring(tokens.get(start).start(), tokens.get(i - 1).end()));
            }
            start = i + 1;
        }
        return items;
    }

    private static boolean isTableRename(List<Token> tokens, int i) {
        return tokens.get(i).is("RENAME") && !(i + 1 < tokens.size() && (tokens.get(i + 1).is("COLUMN")
            || tokens.get(i + 1).is("INDEX") || tokens.get(i + 1).is("KEY")));
    }

    private static String withoutSemicolon(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
