/** Error codes (MySQL errno + SQLSTATE) and the one exception type that carries them to the client. */
package com.polardbx.common.error;
