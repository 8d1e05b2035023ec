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
     * The CREATE TABLE text with its foreign keys rewritten: the k-th {@code [CONSTRAINT ..] FOREIGN KEY} element
     * becomes {@code foreignKeys.get(k)} (dropped when empty), and the m-th column's {@code REFERENCES ..} clause is
     * cut and {@code inline.get(m)} becomes an element after that column (where MariaDB puts the key's index).
     */
    static String withForeignKeys(String text, List<String> foreignKeys, List<String> inline) {
        String sql = withoutSemicolon(text);
        List<Token> tokens = SqlTokens.tokenize(sql);
        int open = 0;
        while (open < tokens.size() && !(tokens.get(open).depth() == 0 && tokens.get(open).isPunct('('))) {
            open++;
        }
        int close = open + 1;
        while (close < tokens.size() && !(tokens.get(close).depth() == 0 && tokens.get(close).isPunct(')'))) {
            close++;
        }
        if (close >= tokens.size()) {
            return sql;
        }
        List<String> elements = new ArrayList<>();
        int start = open + 1;
        int k = 0;
        int m = 0;
        for (int i = open + 1; i <= close; i++) {
            boolean end = i == close || (tokens.get(i).depth() == 1 && tokens.get(i).isPunct(','));
            if (!end || i == start) {
                continue;
            }
            if (isForeignKey(tokens, start)) {
                elements.add(foreignKeys.get(k++));
            } else {
                int cut = i;
                for (int j = start; j < i; j++) {
                    if (tokens.get(j).depth() == 1 && tokens.get(j).is("REFERENCES")) {
                        cut = j;
                        break;
                    }
                }
                elements.add(sql.substring(tokens.get(start).start(), tokens.get(cut - 1).end()));
                if (cut < i) {
                    elements.add(inline.get(m++));
                }
            }
            start = i + 1;
        }
        String list = String.join(", ", elements.stream().filter(e -> !e.isBlank()).toList());
        return sql.substring(0, tokens.get(open).end()) + list + sql.substring(tokens.get(close).start());
    }

    private static boolean isForeignKey(List<Token> tokens, int i) {
        if (tokens.get(i).is("FOREIGN")) {
            return true;
        }
        return tokens.get(i).is("CONSTRAINT") && ((i + 1 < tokens.size() && tokens.get(i + 1).is("FOREIGN"))
            || (i + 2 < tokens.size() && tokens.get(i + 2).is("FOREIGN")));
    }

    /** Replaces one item of an ALTER TABLE: returns its physical text, or null to keep the item as written. */
    @FunctionalInterface
    interface ItemRewriter {
        Function<PhysicalLocation, String> rewrite(List<Token> item);
    }

    /** {@link #alter(String)} with some items rewritten per physical table; null when no item is left. */
    static Function<PhysicalLocation, String> alter(String text, ItemRewriter rewriter) {
        String sql = withoutSemicolon(text);
        List<Token> tokens = SqlTokens.tokenize(sql);
        if (tokens.isEmpty() || !tokens.get(0).is("ALTER")) {
            return alter(text);
        }
        int table = SqlTokens.find(tokens, 0, "TABLE");
        int nameEnd = SqlTokens.nameEnd(tokens, table + 1);
        String head = sql.substring(0, tokens.get(table).end()) + " ";
        List<Function<PhysicalLocation, String>> items = new ArrayList<>();
        int start = nameEnd;
        for (int i = nameEnd; i <= tokens.size(); i++) {
            boolean end = i == tokens.size() || (tokens.get(i).depth() == 0 && tokens.get(i).isPunct(','));
            if (!end) {
                continue;
            }
            if (i > start && !isTableRename(tokens, start)) {
                Function<PhysicalLocation, String> rewritten = rewriter.rewrite(tokens.subList(start, i));
                String verbatim = sql.substring(tokens.get(start).start(), tokens.get(i - 1).end());
                items.add(rewritten != null ? rewritten : l -> verbatim);
            }
            start = i + 1;
        }
        return l -> {
            List<String> texts = items.stream().map(f -> f.apply(l)).filter(s -> !s.isBlank()).toList();
            return texts.isEmpty() ? null : head + l.qualifiedName() + " " + String.join(", ", texts);
        };
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
