/** Reading physical SQL results from data nodes into chunks, and where DN connections come from. */
package com.polardbx.executor.scan;
