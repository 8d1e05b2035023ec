/** Statement parsing: MySQL text to Druid AST (all statements) and Calcite SqlNode (queries). */
package com.polardbx.optimizer.parse;
