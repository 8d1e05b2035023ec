/**
 * Shared test harness: real MariaDB data node processes started once per test JVM, published in the
 * {@code polardbx-common} test-jar so every module's integration tests use the same instances.
 */
package com.polardbx.testing;
