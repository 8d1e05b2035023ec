/** Query planning: Calcite validation and rewrite, then pushdown of sub-plans into DN views. */
package com.polardbx.optimizer.planner;
