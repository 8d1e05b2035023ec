/** The metadb: connection, schema bootstrap, and the cached accessor {@link com.polardbx.gms.store.MetaStore}. */
package com.polardbx.gms.store;
