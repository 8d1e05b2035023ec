/**
 * The MySQL client/server protocol above the framing: handshake and authentication (mysql_native_password,
 * caching_sha2_password with TLS or RSA), command dispatch, text and binary result sets, prepared statements.
 */
package com.polardbx.server.protocol;
