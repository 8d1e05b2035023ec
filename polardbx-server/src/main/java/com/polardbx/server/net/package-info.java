/**
 * The MySQL wire-protocol transport: Netty bootstrap, packet framing (16 MB chunking, sequence ids), the TLS upgrade
 * after an SSLRequest, and running each connection's commands in order on a worker pool off the event loop.
 */
package com.polardbx.server.net;
