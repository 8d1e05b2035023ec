#!/usr/bin/env bash
# Benchmark (not a test): TPC-H through the CN vs one plain MariaDB. Generates the data set at scale factor SF
# (default 1) with the project's own generator (tests/src/test/java/com/polardbx/tests/tpch), loads it through the CN
# (database tpch, partitioned) and into one MariaDB database directly (tpch_reference on DN_PORT), then runs the 22
# queries on both, checks the CN's results against the reference and prints per-query times and the total ratio.
#
# usage: tests/bench/tpch.sh [--sf 1] [--skip-load] [--queries q01,q05] [--runs 1] [--threads 2] [--timeout 3600]
#                            [--memory-limit BYTES] (the CN's per-query memory limit for the run)
# env:   CN_HOST/CN_PORT (127.0.0.1/8527, user root, empty password)
#        DN_HOST/DN_PORT (127.0.0.1/13306), REF_USER/REF_PASS (polardbx_ref/polardbx_ref): the reference MariaDB
#        JAVA_OPTS (e.g. -Xmx4g for the loader)
# Needs a running cluster: bin/polardbx up. Compiles the generator with javac (no Maven build, no install).
set -euo pipefail

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
CN_HOST=${CN_HOST:-127.0.0.1}
CN_PORT=${CN_PORT:-8527}
DN_HOST=${DN_HOST:-127.0.0.1}
DN_PORT=${DN_PORT:-13306}
# the reference account bin/polardbx creates on the DNs (the CN's own account cannot create databases)
DN_USER=${REF_USER:-polardbx_ref}
DN_PASS=${REF_PASS:-polardbx_ref}

die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
case ${1:-} in -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
command -v javac >/dev/null || die "javac (JDK 17) is not installed"

DRIVER=$(find "${MAVEN_REPO:-$HOME/.m2/repository}/com/mysql/mysql-connector-j" -name 'mysql-connector-j-*.jar' \
  2>/dev/null | sort -V | tail -1)
[ -n "$DRIVER" ] || die "mysql-connector-j not found in ~/.m2 (build the project once with Maven)"

OUT=$(mktemp -d "${TMPDIR:-/tmp}/tpch-bench.XXXXXX")
trap 'rm -rf "$OUT"' EXIT
SRC="$REPO_ROOT/tests/src/test/java/com/polardbx/tests/tpch"
# shellcheck disable=SC2046 # the file list
javac -d "$OUT" --release 17 $(find "$SRC" -name '*.java' ! -name 'Test*.java')

# shellcheck disable=SC2086 # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -cp "$OUT:$REPO_ROOT/tests/src/test/resources:$DRIVER" \
  com.polardbx.tests.tpch.TpchBenchmark \
  --cn "$CN_HOST:$CN_PORT" --ref "$DN_HOST:$DN_PORT" --ref-user "$DN_USER" --ref-password "$DN_PASS" "$@"
