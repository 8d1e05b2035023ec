/** Optimizer statistics of logical tables as GMS stores them: row counts, per-column NDV, nulls, range, histogram. */
package com.polardbx.gms.stats;
