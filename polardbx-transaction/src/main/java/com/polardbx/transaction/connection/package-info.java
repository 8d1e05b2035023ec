/** Pooled JDBC connections to the data nodes. */
package com.polardbx.transaction.connection;
