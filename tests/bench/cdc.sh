#!/usr/bin/env bash
# Benchmark (not a test) of the CDC: sysbench oltp_write_only through the CN while tests/bench/CdcMeter.java reads
# the global binlog over COM_BINLOG_DUMP from the CN's port. One run; figures comparable only within a run.
#   1. idle: commit-to-binlog latency of a probe row every 100 ms, no other load (IDLE seconds);
#   2. loaded: row events/s (and rows/s) of database cdcbench in the binlog during the sysbench run, the catch-up
#      time after it, commit-to-binlog latency p50/p99/max of the probe under load, the CN process's peak RSS and
#      its heap after the run (the CDC runs inside the CN: compare with a run with cdc.enabled=false for its share).
# Burst mode (BURST_ROWS set): what the CDC can merge rather than the workload's rate. tests/bench/CdcBurst.java
# commits BURST_ROWS rows into cdcburst.burst (auto mode, PARTITIONS partitions over the DNs) through the CN from
# BURST_THREADS connections, BURST_BATCH rows per multi-row INSERT (or, BURST_SQL=select, INSERT ... SELECT from
# cdcburst.burst_src, loaded first), while reading the global binlog from the SHOW MASTER STATUS taken before; prints
# the write rate, the merge span (first commit to the last row in the binlog), merged row events/s and rows/s over
# it, and the catch-up after the last commit (near 0: the CDC kept up, and the rate is a lower bound).
# usage: tests/bench/cdc.sh              BURST_ROWS=500000 tests/bench/cdc.sh
# env:   CN_HOST/CN_PORT (127.0.0.1/8527, user root, empty password), TABLES (4), TABLE_SIZE (10000), THREADS (8),
#        TIME (60), IDLE (10), CN_PID (found from the port with ss), SKIP_PREPARE=1 to reuse cdcbench;
#        burst: BURST_ROWS, BURST_THREADS (4), BURST_BATCH (2000), BURST_SQL (insert | select), PARTITIONS (8)
# Needs a running cluster with its CDC on (bin/polardbx up: cdc.enabled=true is the default); creates database
# cdcbench (burst mode: cdcburst).
set -euo pipefail
HOST=${CN_HOST:-127.0.0.1}
PORT=${CN_PORT:-8527}
TABLES=${TABLES:-4}
TABLE_SIZE=${TABLE_SIZE:-10000}
THREADS=${THREADS:-8}
TIME=${TIME:-60}
IDLE=${IDLE:-10}
REPO=$(cd "$(dirname "$0")/../.." && pwd)

die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }
[ -n "${BURST_ROWS:-}" ] || command -v sysbench >/dev/null \
  || die "sysbench is not installed (apt-get install -y sysbench)"
command -v mariadb >/dev/null || die "the mariadb client is not installed"
command -v java >/dev/null || die "java is not installed"

# the server's dependency jars (mysql-connector-j, mysql-binlog-connector-java and what it needs)
LIB="$REPO/polardbx-server/target/lib"
ls "$LIB"/mysql-binlog-connector-java-*.jar >/dev/null 2>&1 \
  || die "no $LIB: build once (mvn -q -DskipTests package, or bin/polardbx up)"
CP="$LIB/*"

M=(mariadb --no-defaults -h"$HOST" -P"$PORT" -uroot)
"${M[@]}" -N -e "SHOW MASTER STATUS" | grep -q . || die "SHOW MASTER STATUS is empty: this CN runs no CDC"
PID=${CN_PID:-$(ss -ltnpH "sport = :$PORT" 2>/dev/null | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)}
[ -n "$PID" ] || echo "(the CN's pid is unknown: no memory figures; set CN_PID)"

if [ -n "${BURST_ROWS:-}" ]; then
  BT=${BURST_THREADS:-4}
  BB=${BURST_BATCH:-2000}
  BSQL=${BURST_SQL:-insert}
  case "$BSQL" in insert|select) ;; *) die "BURST_SQL is insert or select, not $BSQL" ;; esac
  COLS="id BIGINT PRIMARY KEY, k INT NOT NULL, c VARCHAR(120) NOT NULL"
  "${M[@]}" -e "DROP DATABASE IF EXISTS cdcburst; CREATE DATABASE cdcburst MODE='auto';
    CREATE TABLE cdcburst.burst ($COLS) PARTITION BY HASH(id) PARTITIONS ${PARTITIONS:-8}"
  burst() { java -cp "$CP" "$REPO/tests/bench/CdcBurst.java" "$HOST" "$PORT" cdcburst "$BURST_ROWS" "$BT" "$BB" "$1"; }
  if [ "$BSQL" = select ]; then
    "${M[@]}" -e "CREATE TABLE cdcburst.burst_src ($COLS) PARTITION BY HASH(id) PARTITIONS ${PARTITIONS:-8}"
    burst load
  fi
  echo "== burst: $BURST_ROWS rows into cdcburst.burst (${PARTITIONS:-8} partitions), $BT threads, $BB rows per" \
    "$BSQL statement"
  burst "$BSQL"
  exit 0
fi

SB=(sysbench oltp_write_only --db-driver=mysql --mysql-host="$HOST" --mysql-port="$PORT" --mysql-user=root
    --mysql-db=cdcbench --tables="$TABLES" --table-size="$TABLE_SIZE" --db-ps-mode=auto --report-interval=0)
if [ "${SKIP_PREPARE:-0}" != 1 ]; then
  "${M[@]}" -e "DROP DATABASE IF EXISTS cdcbench; CREATE DATABASE cdcbench MODE='auto'"
  echo "loading $TABLES tables x $TABLE_SIZE rows ..."
  "${SB[@]}" --threads=4 prepare > /dev/null
fi
meter() { java -cp "$CP" "$REPO/tests/bench/CdcMeter.java" "$HOST" "$PORT" cdcbench "$1" ${PID:+"$PID"}; }

echo "== 1. idle, ${IDLE}s"
meter "$IDLE"
echo
echo "== 2. sysbench oltp_write_only, $THREADS threads, ${TIME}s"
OUT=$(mktemp -d "${TMPDIR:-/tmp}/cdcbench.XXXXXX")
meter $((TIME + 4)) > "$OUT/meter.log" 2>&1 &
meter_pid=$!
sleep 2
"${SB[@]}" --threads="$THREADS" --time="$TIME" run > "$OUT/sysbench.log"
wait "$meter_pid" || { cat "$OUT/meter.log"; die "the meter failed"; }
grep -E 'transactions:|queries:|95th' "$OUT/sysbench.log"
cat "$OUT/meter.log"
echo "(logs: $OUT)"
