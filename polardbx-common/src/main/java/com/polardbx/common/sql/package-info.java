/** Helpers over MySQL statement text shared by the parser-free paths (splitting, parameter markers, DDL rewriting). */
package com.polardbx.common.sql;
