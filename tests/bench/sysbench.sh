#!/usr/bin/env bash
# Benchmark (not a test): a sysbench OLTP workload (oltp_point_select by default, or oltp_read_write, ...)
# through the CN and directly against one DN, same settings, one run, so the two figures are comparable.
# Prints TPS/QPS of both and the CN/DN ratio.
#
# usage: tests/bench/sysbench.sh [--test oltp_point_select|oltp_read_write|...] [--tables N] [--table-size N] [--threads N] [--time S]
#                                             [--only cn|dn] [--skip-prepare] [--cleanup]
# env:   CN_HOST/CN_PORT (127.0.0.1/8527, user root, empty password, db sbtest created with MODE='auto')
#        DN_HOST/DN_PORT (127.0.0.1/13306), REF_USER/REF_PASS (polardbx_ref/polardbx_ref), db sbtest_direct
#        SYSBENCH_EXTRA (extra sysbench args for both runs)
# Needs a running cluster: bin/polardbx up
set -euo pipefail

TEST=${TEST:-oltp_point_select}
TABLES=${TABLES:-4}
TABLE_SIZE=${TABLE_SIZE:-10000}
THREADS=${THREADS:-8}
TIME=${TIME:-30}
CN_HOST=${CN_HOST:-127.0.0.1}
CN_PORT=${CN_PORT:-8527}
CN_USER=${CN_USER:-root}
CN_PASS=${CN_PASS:-}
CN_DB=${CN_DB:-sbtest}
DN_HOST=${DN_HOST:-127.0.0.1}
DN_PORT=${DN_PORT:-13306}
# the reference account bin/polardbx creates on the DNs (the CN's own account cannot create databases)
DN_USER=${REF_USER:-polardbx_ref}
DN_PASS=${REF_PASS:-polardbx_ref}
DN_DB=${DN_DB:-sbtest_direct}
ONLY=""
PREPARE=1
CLEANUP=0
OUT_DIR=${OUT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/sysbench.XXXXXX")}

die() { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case $1 in
    --test) TEST=$2; shift ;;
    --tables) TABLES=$2; shift ;;
    --table-size) TABLE_SIZE=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --time) TIME=$2; shift ;;
    --only) ONLY=$2; shift ;;
    --skip-prepare) PREPARE=0 ;;
    --cleanup) CLEANUP=1 ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option $1" ;;
  esac
  shift
done
case $ONLY in "" | cn | dn) ;; *) die "--only takes cn or dn" ;; esac
mkdir -p "$OUT_DIR"
command -v sysbench >/dev/null || die "sysbench is not installed (apt-get install -y sysbench)"
command -v mariadb >/dev/null || die "the mariadb client is not installed (apt-get install -y mariadb-client)"

# sql HOST PORT USER PASS STATEMENT
sql() {
  MYSQL_PWD=$4 mariadb --no-defaults -h"$1" -P"$2" -u"$3" -N -B -e "$5"
}

# sysbench_cmd HOST PORT USER PASS DB COMMAND
sysbench_cmd() {
  local host=$1 port=$2 user=$3 pass=$4 db=$5 command=$6
  # shellcheck disable=SC2086 # SYSBENCH_EXTRA is a list of arguments
  sysbench "$TEST" --db-driver=mysql --mysql-host="$host" --mysql-port="$port" \
    --mysql-user="$user" --mysql-password="$pass" --mysql-db="$db" --db-ps-mode=auto \
    --tables="$TABLES" --table-size="$TABLE_SIZE" --threads="$THREADS" --time="$TIME" \
    --report-interval=0 --create_secondary=off ${SYSBENCH_EXTRA:-} "$command"
}

# run_target NAME HOST PORT USER PASS DB CREATE_DB_SQL...: prepare + run; result in $OUT_DIR/NAME.run.log
run_target() {
  local name=$1 host=$2 port=$3 user=$4 pass=$5 db=$6
  shift 6
  sql "$host" "$port" "$user" "$pass" 'SELECT 1' >/dev/null \
    || die "$name at $host:$port does not answer (is the cluster up? bin/polardbx up)"
  if [ "$PREPARE" = 1 ]; then
    echo "== $name: preparing $TABLES tables x $TABLE_SIZE rows in $db"
    sql "$host" "$port" "$user" "$pass" "DROP DATABASE IF EXISTS $db" >/dev/null
    local create ok=0
    for create in "$@"; do
      if sql "$host" "$port" "$user" "$pass" "$create" >/dev/null 2>"$OUT_DIR/$name.create.err"; then
        ok=1; echo "   $create"; break
      fi
      echo "   '$create' refused: $(grep -m1 "^ERROR" "$OUT_DIR/$name.create.err")"
    done
    [ "$ok" = 1 ] || die "could not create database $db on $name"
    sysbench_cmd "$host" "$port" "$user" "$pass" "$db" prepare >"$OUT_DIR/$name.prepare.log" 2>&1 \
      || { tail -20 "$OUT_DIR/$name.prepare.log" >&2; die "sysbench prepare failed on $name"; }
  fi
  echo "== $name: running $TEST, $THREADS threads, ${TIME}s"
  sysbench_cmd "$host" "$port" "$user" "$pass" "$db" run >"$OUT_DIR/$name.run.log" 2>&1 \
    || { tail -20 "$OUT_DIR/$name.run.log" >&2; die "sysbench run failed on $name"; }
  if [ "$CLEANUP" = 1 ]; then
    sql "$host" "$port" "$user" "$pass" "DROP DATABASE IF EXISTS $db" >/dev/null || true
  fi
}

# per_sec NAME transactions|queries: the "(N per sec.)" figure of the run log
per_sec() {
  sed -n "s/^ *$2: *[0-9]* *(\([0-9.]*\) per sec\.).*/\1/p" "$OUT_DIR/$1.run.log" | head -1
}

p95() {
  sed -n 's/^ *95th percentile: *\([0-9.]*\).*/\1/p' "$OUT_DIR/$1.run.log" | head -1
}

# The DN runs first: its numbers do not depend on the CN being healthy.
if [ "$ONLY" != cn ]; then
  run_target dn "$DN_HOST" "$DN_PORT" "$DN_USER" "$DN_PASS" "$DN_DB" "CREATE DATABASE $DN_DB"
fi
if [ "$ONLY" != dn ]; then
  run_target cn "$CN_HOST" "$CN_PORT" "$CN_USER" "$CN_PASS" "$CN_DB" \
    "CREATE DATABASE $CN_DB MODE='auto'" "CREATE DATABASE $CN_DB"
fi

echo
echo "sysbench $TEST: $TABLES tables x $TABLE_SIZE rows, $THREADS threads, ${TIME}s (logs: $OUT_DIR)"
printf '%-28s %12s %12s %10s\n' target TPS QPS p95_ms
for name in dn cn; do
  [ -f "$OUT_DIR/$name.run.log" ] || continue
  case $name in
    dn) label="DN direct $DN_HOST:$DN_PORT" ;;
    cn) label="CN $CN_HOST:$CN_PORT" ;;
  esac
  printf '%-28s %12s %12s %10s\n' "$label" "$(per_sec "$name" transactions)" "$(per_sec "$name" queries)" "$(p95 "$name")"
done
if [ -f "$OUT_DIR/cn.run.log" ] && [ -f "$OUT_DIR/dn.run.log" ]; then
  awk -v c="$(per_sec cn transactions)" -v d="$(per_sec dn transactions)" \
    'BEGIN { if (d > 0) printf "CN/DN TPS ratio: %.3f\n", c / d }'
fi
