/**
 * The CN's global read lock ({@code FLUSH TABLES WITH READ LOCK}): write statements and commits of this CN's sessions
 * against the sessions that stop them.
 */
package com.polardbx.transaction.lock;
