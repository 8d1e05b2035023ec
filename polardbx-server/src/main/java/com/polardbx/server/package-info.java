/** The CN process: configuration and the composition root wiring every module together. */
package com.polardbx.server;
