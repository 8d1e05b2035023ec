/** ANALYZE TABLE: sampling logical tables on the DNs into optimizer statistics kept in GMS. */
package com.polardbx.executor.stats;
