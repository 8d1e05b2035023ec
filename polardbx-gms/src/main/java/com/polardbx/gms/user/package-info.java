/** Accounts, password hashes and privileges kept in the metadb. */
package com.polardbx.gms.user;
