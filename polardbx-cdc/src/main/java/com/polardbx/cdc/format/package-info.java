/** The MySQL binlog v4 file format the global binlog is written in: event encoding, files, reading back. */
package com.polardbx.cdc.format;
