#!/usr/bin/env bash
# JMH benchmarks of polardbx-bench (TSO throughput, 1-DN vs 2-DN commit latency) with short settings.
# Builds the bench jar inside this checkout (no mvn install), then runs it from polardbx-bench/ so that the MariaDB
# instances the benchmarks start live under polardbx-bench/target/bench-dns (killed when each fork exits).
#
# usage: tests/bench/jmh.sh [JMH args...]        e.g. tests/bench/jmh.sh TsoBenchmark -rf json
# env:   JMH_OPTS (default: -wi 2 -i 3 -f 1 -r 2s -w 2s), MVN_OPTS (default: -q -B -o; drop -o on a fresh machine)
#        JAVA (default: java). An existing GMS for TsoBenchmark: JMH_OPTS+=" -jvmArgsAppend -Dpolardbx.bench.gms=h:p"
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
JMH_OPTS=${JMH_OPTS:--wi 2 -i 3 -f 1 -r 2s -w 2s}
MVN_OPTS=${MVN_OPTS:--q -B -o}
JAVA=${JAVA:-java}

cd "$ROOT"
# -DskipTests still compiles polardbx-common's test harness (TestingDataNodes), which the benchmarks use.
# shellcheck disable=SC2086
mvn $MVN_OPTS -pl polardbx-bench -am package -DskipTests
BENCH_JAR=$(ls "$ROOT"/polardbx-bench/target/polardbx-bench-*.jar)
CLASSPATH="$BENCH_JAR:$(cat "$ROOT/polardbx-bench/target/classpath.txt")"

cd "$ROOT/polardbx-bench"
# shellcheck disable=SC2086
exec "$JAVA" -cp "$CLASSPATH" org.openjdk.jmh.Main $JMH_OPTS "$@"
