/** The Calcite view of GMS metadata: schemas, tables and column types. */
package com.polardbx.optimizer.catalog;
