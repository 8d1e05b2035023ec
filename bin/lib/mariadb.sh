# shellcheck shell=bash
# Start/stop/status of one MariaDB instance (used for the GMS metadb and every DN).
# Layout of an instance directory DIR:
#   DIR/data (datadir)  DIR/binlog  DIR/tmp  DIR/mariadbd.pid  DIR/error.log  DIR/install.log
#   DIR/mysqld.sock (or a short path under /tmp when DIR is too long for a unix socket)

# Unix socket of the instance in DIR on PORT (Linux caps socket paths at 108 bytes).
mariadb_socket() {
  local dir=$1 port=$2 sock
  sock="$dir/mysqld.sock"
  if [ ${#sock} -gt 100 ]; then
    sock="${TMPDIR:-/tmp}/polardbx-$(id -u)-$port.sock"
  fi
  printf '%s\n' "$sock"
}

# Port the instance in DIR was last started on (empty when never started).
instance_port() {
  cat "$1/port" 2>/dev/null || true
}

# Runs SQL as root over the instance's socket.
mariadb_sql() {
  local dir=$1 port=$2 sql=$3
  mariadb --no-defaults -uroot --socket="$(mariadb_socket "$dir" "$port")" -N -B -e "$sql"
}

# Creates DIR/data with mariadb-install-db unless it was bootstrapped before.
bootstrap_mariadb() {
  local dir=$1
  [ -f "$dir/.bootstrapped" ] && return 0
  # A datadir without the marker is a failed earlier bootstrap: nothing of value in it.
  rm -rf "$dir/data"
  mkdir -p "$dir/data" "$dir/binlog" "$dir/tmp"
  # Own tmpdir: parallel bootstraps sharing /tmp fail at random (error 1017 on #sql-temptable).
  if ! TMPDIR="$dir/tmp" mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$dir/data" \
      --tmpdir="$dir/tmp" --auth-root-authentication-method=normal --skip-test-db \
      --skip-name-resolve >"$dir/install.log" 2>&1; then
    tail -20 "$dir/install.log" >&2
    die "mariadb-install-db failed for $dir (log: $dir/install.log)"
  fi
  touch "$dir/.bootstrapped"
}

# start_mariadb DIR PORT SERVER_ID ROLE: bootstraps when new, starts mariadbd unless running, waits, ensures the
# account the CN uses there (ROLE gms: GMS_USER; dn: DN_USER).
start_mariadb() {
  local dir=$1 port=$2 server_id=$3 role=${4:-dn} name pid sock i
  name=$(basename "$dir")
  if pid=$(live_pid "$dir/mariadbd.pid" mariadbd); then
    info "$name already running (pid $pid, port $port)"
    return 0
  fi
  port_in_use "$port" && die "port $port is used by another process; cannot start $name"
  mkdir -p "$dir"
  bootstrap_mariadb "$dir"
  mkdir -p "$dir/binlog" "$dir/tmp" "$dir/files"
  sock=$(mariadb_socket "$dir" "$port")
  echo "$port" >"$dir/port"
  TMPDIR="$dir/tmp" nohup "$(mariadbd_path)" --no-defaults \
    --user="$(id -un)" \
    --datadir="$dir/data" --tmpdir="$dir/tmp" \
    --socket="$sock" --pid-file="$dir/mariadbd.pid" \
    --port="$port" --bind-address=127.0.0.1 \
    --server-id="$server_id" \
    --log-bin="$dir/binlog/mysql-bin" --binlog-format=ROW --binlog-row-image=FULL \
    --log-error="$dir/error.log" \
    --innodb-buffer-pool-size="$DN_BUFFER_POOL" --innodb-log-file-size=64M \
    --innodb-flush-log-at-trx-commit=1 --sync-binlog=1 \
    --max-connections=1000 --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci \
    --gtid-strict-mode=ON \
    --secure-file-priv="$dir/files" \
    >>"$dir/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/launcher.pid"
  for ((i = 0; i < 1200; i++)); do
    if mariadb --no-defaults -uroot --socket="$sock" -e 'select 1' >/dev/null 2>&1; then
      break
    fi
    if ! kill -0 "$(cat "$dir/launcher.pid")" 2>/dev/null; then
      tail -20 "$dir/error.log" >&2
      die "mariadbd for $name (port $port) died; see $dir/error.log"
    fi
    sleep 0.1
  done
  [ "$i" -lt 1200 ] || die "mariadbd for $name (port $port) did not answer within 120 s; see $dir/error.log"
  if [ "$role" = gms ]; then
    grant_cn_account "$dir" "$port" "$GMS_USER" "$GMS_PASS" 'polardbx\_%' \
      'GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO %s;'
    # data dirs from before GMS_USER existed: the CN may still log in to the GMS as DN_USER
    [ "$DN_USER" = "$GMS_USER" ] || grant_cn_account "$dir" "$port" "$DN_USER" "$DN_PASS" 'polardbx\_%'
  else
    grant_cn_account "$dir" "$port" "$DN_USER" "$DN_PASS" '%\_p%' \
      'GRANT SELECT ON mysql.innodb_table_stats TO %s;
       GRANT REPLICATION SLAVE, BINLOG MONITOR ON *.* TO %s; GRANT ALL PRIVILEGES ON polardbx_cdc.* TO %s;'
    grant_monitor_account "$dir" "$port"
    # benchmarks compare the CN with a plain MariaDB database on a DN (tests/bench): *_direct, *_reference only
    grant_cn_account "$dir" "$port" "$REF_USER" "$REF_PASS" '%\_direct' \
      'GRANT ALL PRIVILEGES ON `%\_reference`.* TO %s;'
  fi
  info "$name started (pid $(cat "$dir/mariadbd.pid" 2>/dev/null || cat "$dir/launcher.pid"), port $port, server-id $server_id)"
}

# grant_cn_account DIR PORT USER PASS DB_PATTERN [EXTRA]: the account the CN logs in with gets every privilege on
# the databases matching DB_PATTERN (the CN's own) and only EXTRA besides (SQL; %s stands for the account): no
# FILE, SUPER, GRANT OPTION, PROCESS, nothing in mysql/sys. XA RECOVER and KILL QUERY of its own threads need no
# privilege; the DNs' EXTRA is one InnoDB table of the mysql schema (read to open a transaction's snapshot). The
# localhost account serves socket logins. Re-run at every start, so older, wider grants are taken back.
grant_cn_account() {
  local dir=$1 port=$2 user=$3 pass=$4 pattern=$5 extra=${6:-} host sql="" account
  for host in 127.0.0.1 localhost; do
    account="'$user'@'$host'"
    sql="$sql
    CREATE USER IF NOT EXISTS $account IDENTIFIED BY '$pass';
    REVOKE ALL PRIVILEGES, GRANT OPTION FROM $account;
    GRANT ALL PRIVILEGES ON \`$pattern\`.* TO $account;
    ${extra//%s/$account}"
  done
  mariadb_sql "$dir" "$port" "$sql" || die "could not set up account $user on $(basename "$dir")"
}

# grant_monitor_account DIR PORT: MONITOR_USER, the account the CN's deadlock detector reads INNODB_LOCK_WAITS,
# INNODB_TRX and PROCESSLIST with, gets PROCESS and nothing else; it runs no client statement.
grant_monitor_account() {
  local dir=$1 port=$2 host sql="" account
  for host in 127.0.0.1 localhost; do
    account="'$MONITOR_USER'@'$host'"
    sql="$sql
    CREATE USER IF NOT EXISTS $account IDENTIFIED BY '$MONITOR_PASS';
    REVOKE ALL PRIVILEGES, GRANT OPTION FROM $account;
    GRANT PROCESS ON *.* TO $account;"
  done
  mariadb_sql "$dir" "$port" "$sql" || die "could not set up account $MONITOR_USER on $(basename "$dir")"
}

# stop_mariadb DIR PORT: clean shutdown through the socket, SIGTERM/SIGKILL as fallback.
stop_mariadb() {
  local dir=$1 port=$2 name pid i
  name=$(basename "$dir")
  if ! pid=$(live_pid "$dir/mariadbd.pid" mariadbd) && ! pid=$(live_pid "$dir/launcher.pid" mariadbd); then
    info "$name not running"
    return 0
  fi
  mariadb-admin --no-defaults -uroot --socket="$(mariadb_socket "$dir" "$port")" \
    --shutdown-timeout=60 shutdown >/dev/null 2>&1 || true
  for ((i = 0; i < 600; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    terminate_pid "$pid" 60
  fi
  info "$name stopped"
}

# Prints one status line for the instance in DIR.
status_mariadb() {
  local dir=$1 port=$2 pid
  if pid=$(live_pid "$dir/mariadbd.pid" mariadbd); then
    printf '%-10s pid %-8s port %-6s running\n' "$(basename "$dir")" "$pid" "$port"
  else
    printf '%-10s pid %-8s port %-6s stopped\n' "$(basename "$dir")" "-" "$port"
  fi
}
