/**
 * JMH benchmarks of the transaction layer against real MariaDB processes; run them with {@code tests/bench/jmh.sh}.
 * Figures and commands: docs/benchmarks.md.
 */
package com.polardbx.bench;
