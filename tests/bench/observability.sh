#!/usr/bin/env bash
# Benchmark (not a test): what statement digests and metrics cost on sysbench oltp_point_select through the CN.
# In one run, rounds alternate with both switched on and both switched off (SET GLOBAL polardbx_statement_digests
# and polardbx_metrics), in ABBA order so a drift of the machine falls on both sides; for the prepared-statement
# and the text protocol. Prints each round's TPS and the CN's CPU per query (from /proc of the CN process), then
# the ON/OFF ratios of their means.
#
# usage: tests/bench/observability.sh        env: ROUNDS (4), TIME (20 s per round), WARM (30 s), THREADS (8),
#        CN_PORT (8527), CN_PID (found from the port), MODES ("auto disable")
# Needs a running cluster (bin/polardbx up) and a quiet machine.
set -euo pipefail

ROUNDS=${ROUNDS:-4}
TIME=${TIME:-20}
WARM=${WARM:-30}
THREADS=${THREADS:-8}
CN_PORT=${CN_PORT:-8527}
MODES=${MODES:-auto disable}
DB=obsbench
M="mariadb --no-defaults -h127.0.0.1 -P$CN_PORT -uroot"
CN_PID=${CN_PID:-$(ss -ltnpH "sport = :$CN_PORT" | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -1)}
[ -n "$CN_PID" ] || { echo "no process listens on port $CN_PORT (set CN_PID)" >&2; exit 1; }
TICK=$(getconf CLK_TCK)
SB="sysbench oltp_point_select --mysql-host=127.0.0.1 --mysql-port=$CN_PORT --mysql-user=root --mysql-db=$DB
    --tables=4 --table-size=10000 --threads=$THREADS"

$M -e "DROP DATABASE IF EXISTS $DB; CREATE DATABASE $DB MODE='auto'"
$SB --threads=4 prepare > /dev/null

switch() { $M -e "SET GLOBAL polardbx_statement_digests = $1; SET GLOBAL polardbx_metrics = $1"; }
cpu() { awk '{print $14 + $15}' "/proc/$CN_PID/stat"; }

# one round: prints "TPS CPU_US_PER_QUERY"
round() {
  local before after out
  before=$(cpu)
  out=$($SB --time="$TIME" --db-ps-mode="$1" run)
  after=$(cpu)
  echo "$out" | awk -v cpu=$((after - before)) -v tick="$TICK" '
    /transactions:/ {gsub(/[()]/, "", $3); tps = $3}
    /queries:/ {q = $2}
    END {printf "%s %.1f\n", tps, cpu * 1e6 / tick / q}'
}

for mode in $MODES; do
  switch ON
  $SB --time="$WARM" --db-ps-mode="$mode" run > /dev/null
  declare -A tps=() us=()
  for r in $(seq 1 "$ROUNDS"); do
    order="ON OFF"
    [ $((r % 2)) -eq 0 ] && order="OFF ON"
    for s in $order; do
      switch "$s"
      read -r t u < <(round "$mode")
      echo "ps-mode=$mode round=$r digests+metrics=$s tps=$t cpu_us_per_query=$u"
      tps[$s]="${tps[$s]:-} $t"
      us[$s]="${us[$s]:-} $u"
    done
  done
  mean() { echo "$1" | awk '{s = 0; for (i = 1; i <= NF; i++) s += $i; printf "%.1f", s / NF}'; }
  on_t=$(mean "${tps[ON]}"); off_t=$(mean "${tps[OFF]}"); on_u=$(mean "${us[ON]}"); off_u=$(mean "${us[OFF]}")
  echo "ps-mode=$mode mean TPS on/off $on_t/$off_t (throughput cost $(echo "$on_t $off_t" | awk '{printf "%.1f", (1 - $1 / $2) * 100}') %)," \
    "CPU per query on/off $on_u/$off_u us (cost $(echo "$on_u $off_u" | awk '{printf "%.1f", ($1 / $2 - 1) * 100}') %)"
  unset tps us
done
switch ON
$M -e "DROP DATABASE $DB"
