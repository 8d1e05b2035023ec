/**
 * Evaluation of Calcite {@code RexNode} expressions over chunks with MySQL semantics (types, NULLs, collations,
 * implicit conversions). {@link com.polardbx.executor.expression.ExpressionCompiler} is the entry point; operators
 * it does not know raise ER_NOT_SUPPORTED_YET so that the planner can push them down to the data nodes instead.
 */
package com.polardbx.executor.expression;
