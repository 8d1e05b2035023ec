/** System variables (global and per session) with MySQL-compatible names and defaults. */
package com.polardbx.server.variable;
