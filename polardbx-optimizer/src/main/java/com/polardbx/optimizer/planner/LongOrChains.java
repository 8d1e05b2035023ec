package com.polardbx.optimizer.planner;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Reshapes long chains of OR and AND right after parsing, so that no later step recurses once per term.
 *
 * <p>The parser nests {@code a OR b OR c ...} to the left, one level per term: a chain of some thousand terms
 * overflowed the stack of the validator and of every visitor after it. A chain of at least {@value #MIN_TERMS} terms
 * becomes a balanced tree of the same terms in the same order (OR and AND are associative in three-valued logic too),
 * whose depth is the logarithm of its length. In an OR chain, equalities of one column with {@link LongInLists#MIN_VALUES}
 * or more literals of one kind (numbers, or plain strings) become one {@code column IN (...)}, which
 * {@link LongInLists} plans in one step: MySQL defines IN as that OR of equalities. Stateless.
 */
final class LongOrChains {
    /** Chains shorter than this keep the parser's shape. */
    static final int MIN_TERMS = 32;

    private LongOrChains() {
    }

    /** The tree with each long OR / AND chain balanced; the same tree when there is none. */
    static SqlNode rewrite(SqlNode parsed) {
        SqlNode out = parsed.accept(new SqlShuttle() {
            @Override
            public SqlNode visit(SqlCall call) {
                if (call.getKind() == SqlKind.OR || call.getKind() == SqlKind.AND) {
                    List<SqlNode> terms = terms(call);
                    if (terms.size() >= MIN_TERMS) {
                        List<SqlNode> visited = new ArrayList<>(terms.size());
                        for (SqlNode term : terms) {
                            SqlNode v = term.accept(this);
                            visited.add(v == null ? term : v);
                        }
                        if (call.getKind() == SqlKind.OR) {
                            visited = equalitiesToIn(visited);
                        }
                        return balance(call.getOperator(), visited, 0, visited.size(), call.getParserPosition());
                    }
                }
                return super.visit(call);
            }
        });
        return out == null ? parsed : out;
    }

    /** The terms of a chain of the call's operator, left to right, found without recursion. */
    private static List<SqlNode> terms(SqlCall chain) {
        List<SqlNode> terms = new ArrayList<>();
        Deque<SqlNode> pending = new ArrayDeque<>();
        pending.push(chain);
        while (!pending.isEmpty()) {
            SqlNode node = pending.pop();
            if (node instanceof SqlBasicCall call && call.getKind() == chain.getKind() && call.operandCount() == 2) {
                pending.push(call.operand(1));
                pending.push(call.operand(0));
            } else {
                terms.add(node);
            }
        }
        return terms;
    }

    private static SqlNode balance(SqlOperator op, List<SqlNode> terms, int from, int to, SqlParserPos pos) {
        if (to - from == 1) {
            return terms.get(from);
        }
        int middle = (from + to) >>> 1;
        return op.createCall(pos, balance(op, terms, from, middle, pos), balance(op, terms, middle, to, pos));
    }

    /** Each long group of {@code column = literal} terms (one column, one kind of literal) as one IN, in place. */
    private static List<SqlNode> equalitiesToIn(List<SqlNode> terms) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < terms.size(); i++) {
            String key = groupKey(terms.get(i));
            if (key != null) {
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
            }
        }
        SqlNode[] out = terms.toArray(new SqlNode[0]);
        boolean changed = false;
        for (List<Integer> group : groups.values()) {
            if (group.size() < LongInLists.MIN_VALUES) {
                continue;
            }
            SqlCall first = (SqlCall) terms.get(group.get(0));
            SqlNode column = first.operand(0) instanceof SqlIdentifier ? first.operand(0) : first.operand(1);
            List<SqlNode> values = new ArrayList<>(group.size());
            for (int i : group) {
                SqlCall equality = (SqlCall) terms.get(i);
                values.add(equality.operand(0) instanceof SqlLiteral ? equality.operand(0) : equality.operand(1));
                out[i] = null;
            }
            out[group.get(0)] = SqlStdOperatorTable.IN.createCall(first.getParserPosition(), column,
                new SqlNodeList(values, first.getParserPosition()));
            changed = true;
        }
        if (!changed) {
            return terms;
        }
        List<SqlNode> result = new ArrayList<>(terms.size());
        for (SqlNode node : out) {
            if (node != null) {
                result.add(node);
            }
        }
        return result;
    }

    /** For {@code column = literal} (either way round): the column and the kind of literal; else null. */
    private static String groupKey(SqlNode term) {
        if (!(term instanceof SqlBasicCall call) || call.getKind() != SqlKind.EQUALS || call.operandCount() != 2) {
            return null;
        }
        SqlNode a = call.operand(0);
        SqlNode b = call.operand(1);
        SqlIdentifier column = a instanceof SqlIdentifier id ? id : b instanceof SqlIdentifier id ? id : null;
        SqlNode literal = column == a ? b : a;
        if (column == null || column.isStar()) {
            return null;
        }
        String kind = literal instanceof SqlNumericLiteral ? "n" : literal instanceof SqlCharStringLiteral s
            && s.getNlsString().getCharsetName() == null && s.getNlsString().getCollation() == null ? "s" : null;
        return kind == null ? null : kind + ":" + String.join(".", column.names).toLowerCase(java.util.Locale.ROOT);
    }
}
