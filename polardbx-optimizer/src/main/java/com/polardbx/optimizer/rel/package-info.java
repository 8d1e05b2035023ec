/** Our relational operators beyond Calcite's logical ones: views pushed to DNs and split aggregation. */
package com.polardbx.optimizer.rel;
