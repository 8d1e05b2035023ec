/** Per-connection SQL sessions: the contract between the protocol layer and the query engine. */
package com.polardbx.server.session;
