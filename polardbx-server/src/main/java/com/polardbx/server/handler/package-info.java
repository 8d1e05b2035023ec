/** Statement handlers: one class per statement family, called by the session dispatcher. */
package com.polardbx.server.handler;
