#!/usr/bin/env bash
# Benchmark (not a test) of global secondary indexes through the CN, one run, figures comparable only within it:
#   1. backfill rows/s: CREATE GLOBAL INDEX on sbtest1(k) of TABLE_SIZE rows (default 1,000,000), quiet;
#   2. write TPS (oltp_write_only) before vs during a backfill of the same index;
#   3. INSERT p50 latency (oltp_insert) without vs with the global index;
#   4. point lookups by k (gsi_point.lua): every shard through its local index k_1 (sysbench's), every shard
#      without any index on k (k_1 dropped), and through the global index.
# usage: tests/bench/gsi.sh        env: CN_HOST/CN_PORT (127.0.0.1/8527), TABLE_SIZE, THREADS (4), TIME (20)
# Needs a running cluster (bin/polardbx up); creates database gsibench.
set -euo pipefail
HOST=${CN_HOST:-127.0.0.1}
PORT=${CN_PORT:-8527}
SIZE=${TABLE_SIZE:-1000000}
THREADS=${THREADS:-4}
TIME=${TIME:-20}
DIR=$(cd "$(dirname "$0")" && pwd)
M=(mariadb --no-defaults -h"$HOST" -P"$PORT" -uroot)
SB=(sysbench --db-driver=mysql --mysql-host="$HOST" --mysql-port="$PORT" --mysql-user=root --mysql-db=gsibench
    --tables=1 --table-size="$SIZE" --db-ps-mode=disable --report-interval=0)

tps() { awk '/transactions:/ {gsub(/[()]/, "", $3); print $3}'; }
p50() { awk '/50th percentile:/ {print $3}'; }
now() { date +%s.%N; }

"${M[@]}" -e "DROP DATABASE IF EXISTS gsibench; CREATE DATABASE gsibench MODE='auto'"
echo "loading $SIZE rows ..."
"${SB[@]}" --threads=4 oltp_common prepare > /dev/null

echo "1. quiet backfill"
t0=$(now)
"${M[@]}" gsibench -e "CREATE GLOBAL INDEX g_k ON sbtest1 (k)"
t1=$(now)
quiet=$(echo "$SIZE / ($t1 - $t0)" | bc)
"${M[@]}" gsibench -e "CHECK GLOBAL INDEX g_k ON sbtest1"
"${M[@]}" gsibench -e "DROP INDEX g_k ON sbtest1"

echo "2. writes before and during a backfill"
before=$("${SB[@]}" --threads="$THREADS" --time="$TIME" oltp_write_only run | tps)
( t0=$(now); "${M[@]}" gsibench -e "CREATE GLOBAL INDEX g_k ON sbtest1 (k)"; t1=$(now)
  echo "$SIZE / ($t1 - $t0)" | bc > /tmp/gsi_backfill_under_load ) &
sleep 1
during=$("${SB[@]}" --threads="$THREADS" --time="$TIME" oltp_write_only run | tps)
wait
loaded=$(cat /tmp/gsi_backfill_under_load)
"${M[@]}" gsibench -e "CHECK GLOBAL INDEX g_k ON sbtest1"

echo "3. INSERT latency with and without the index"
with=$("${SB[@]}" --threads=1 --time="$TIME" --percentile=50 oltp_insert run | p50)
"${M[@]}" gsibench -e "DROP INDEX g_k ON sbtest1"
without=$("${SB[@]}" --threads=1 --time="$TIME" --percentile=50 oltp_insert run | p50)
"${M[@]}" gsibench -e "CREATE GLOBAL INDEX g_k ON sbtest1 (k)"

echo "4. point lookups by k"
SBL=(sysbench "$DIR/gsi_point.lua" --db-driver=mysql --mysql-host="$HOST" --mysql-port="$PORT" --mysql-user=root
     --mysql-db=gsibench --table-size="$SIZE" --db-ps-mode=disable --threads="$THREADS" --time="$TIME")
indexed=$("${SBL[@]}" run | tps)
local_index=$("${SBL[@]}" --hint="FORCE INDEX (PRIMARY)" run | tps)
"${M[@]}" gsibench -e "ALTER TABLE sbtest1 DROP INDEX k_1"
scanned=$("${SBL[@]}" --hint="FORCE INDEX (PRIMARY)" run | tps)

printf '\n| measure | value |\n|---|---|\n'
printf '| backfill, quiet (rows/s) | %s |\n' "$quiet"
printf '| backfill under oltp_write_only (rows/s) | %s |\n' "$loaded"
printf '| oltp_write_only TPS before / during backfill | %s / %s (%s) |\n' "$before" "$during" \
  "$(echo "scale=2; $during / $before" | bc)"
printf '| oltp_insert p50 ms without / with index | %s / %s (%s) |\n' "$without" "$with" \
  "$(echo "scale=2; $with / $without" | bc)"
printf '| point lookups by k, TPS: every shard, no index on k / global index | %s / %s (%s) |\n' "$scanned" \
  "$indexed" "$(echo "scale=2; $indexed / $scanned" | bc)"
printf '| point lookups by k, TPS: every shard by its local index / global index | %s / %s (%s) |\n' \
  "$local_index" "$indexed" "$(echo "scale=2; $indexed / $local_index" | bc)"
