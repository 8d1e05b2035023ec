/**
 * What the CDC offers the protocol layer: the global binlog's files and a reader over them from (file, position).
 * The server module speaks the replication protocol over this API and never touches the files itself.
 */
package com.polardbx.cdc.api;
