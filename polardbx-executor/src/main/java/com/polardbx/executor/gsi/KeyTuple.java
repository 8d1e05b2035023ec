package com.polardbx.executor.gsi;

import com.alibaba.druid.sql.ast.SQLExpr;
import java.util.List;

/**
 * A primary key value to look a row up by: its SQL literals (for the WHERE clause) and the expressions the
 * partition router evaluates to find its shard.
 */
public record KeyTuple(List<String> literals, List<SQLExpr> routing) {
}
