/** Optimizer statistics in the CN: ANALYZE TABLE results cached from GMS, DN row estimates as the fallback. */
package com.polardbx.server.stats;
