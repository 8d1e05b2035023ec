/**
 * Global secondary indexes: reading rows of a table as its DNs store them, and keeping every global index of the
 * table in step with each write, in the writer's transaction. The one place index maintenance lives.
 */
package com.polardbx.executor.gsi;
