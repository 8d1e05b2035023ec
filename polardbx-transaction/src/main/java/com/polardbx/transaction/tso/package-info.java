/** The timestamp oracle: strictly increasing 64-bit hybrid timestamps persisted through a window in the metadb. */
package com.polardbx.transaction.tso;
