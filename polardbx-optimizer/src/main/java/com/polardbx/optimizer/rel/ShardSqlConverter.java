package com.polardbx.optimizer.rel;

import java.util.List;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.sql.SqlDialect;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.rel.rel2sql.RelToSqlConverter;

/**
 * Calcite's {@link RelToSqlConverter} with SEMI/ANTI joins printed as {@code [NOT] EXISTS} over a derived table of the
 * left input: Calcite 1.42 adds the EXISTS to the left input's own SELECT, whose table then carries two aliases (or
 * the condition names the wrong one) when that input is itself a SEMI/ANTI join.
 */
final class ShardSqlConverter extends RelToSqlConverter {
    private static final SqlParserPos POS = SqlParserPos.ZERO;
    private int semiJoins;

    ShardSqlConverter(SqlDialect dialect) {
        super(dialect);
    }

    @Override
    protected Result visitAntiOrSemiJoin(Join e) {
        // the left input becomes a derived table under an alias of its own, which the condition uses
        Result left = visitInput(e, 0).resetAlias("semi" + semiJoins++, e.getLeft().getRowType());
        Result right = visitInput(e, 1).resetAlias();
        SqlNode condition = convertConditionToSqlNode(e.getCondition(), left.qualifiedContext(),
            right.qualifiedContext());
        SqlSelect select = left.subSelect();
        SqlNode from = right.asFrom();
        SqlNodeList one = new SqlNodeList(List.of(SqlLiteral.createExactNumeric("1", POS)), POS);
        SqlSelect exists;
        if (from.getKind() == SqlKind.SELECT) {
            exists = (SqlSelect) from;
            exists.setSelectList(one);
            if (exists.getWhere() != null) {
                condition = SqlStdOperatorTable.AND.createCall(POS, exists.getWhere(), condition);
            }
            exists.setWhere(condition);
        } else {
            exists = new SqlSelect(POS, null, one, from, condition, null, null, null, null, null, null, null, null);
        }
        SqlNode test = SqlStdOperatorTable.EXISTS.createCall(POS, exists);
        if (e.getJoinType() == JoinRelType.ANTI) {
            test = SqlStdOperatorTable.NOT.createCall(POS, test);
        }
        select.setWhere(select.getWhere() == null ? test : SqlStdOperatorTable.AND.createCall(POS, select.getWhere(),
            test));
        // a result of its own (not the left input's aliases), so that a join above gives it an alias
        return result(select, List.of(Clause.FROM, Clause.WHERE), e, null);
    }
}
