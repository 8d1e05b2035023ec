/** Writes merged logical transactions into the global binlog and keeps the checkpoint a restart resumes from. */
package com.polardbx.cdc.write;
