/**
 * A sqllogictest-style differential runner: statement files under {@code resources/slt} run on the CN and on one
 * plain MariaDB database, and every outcome (rows, affected-row counts, error numbers) must agree.
 */
package com.polardbx.tests.slt;
