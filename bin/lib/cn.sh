# shellcheck shell=bash
# Build, configuration and process control of the compute node (CN).

CN_MAIN_CLASS=com.polardbx.server.PolarDbxServer

# Path of the built server jar (empty when there is none).
server_jar() {
  local jar
  for jar in "$REPO_ROOT"/polardbx-server/target/polardbx-server-*.jar; do
    case $jar in
      *-tests.jar | *-sources.jar | *-javadoc.jar) continue ;;
    esac
    [ -f "$jar" ] && { printf '%s\n' "$jar"; return 0; }
  done
  return 1
}

# True when a source file or pom is newer than the server jar.
sources_newer_than() {
  local jar=$1
  [ -n "$(find "$REPO_ROOT" \( -path "$REPO_ROOT/data" -o -path '*/target' -o -path '*/.git' \) -prune -o \
    \( -name '*.java' -o -name pom.xml -o -path '*/src/main/resources/*' \) -type f -newer "$jar" -print -quit)" ]
}

# Builds with Maven when forced, when the jar is missing or when sources changed since.
build_if_needed() {
  local force=$1 jar reason=""
  if [ "$force" = 1 ]; then
    reason="--rebuild"
  elif ! jar=$(server_jar); then
    reason="no server jar yet"
  elif [ ! -d "$REPO_ROOT/polardbx-server/target/lib" ]; then
    reason="no dependency jars in polardbx-server/target/lib"
  elif sources_newer_than "$(build_stamp "$jar")"; then
    reason="sources changed since the last build"
  fi
  [ -z "$reason" ] && return 0
  info "building ($reason): mvn -q -DskipTests install"
  (cd "$REPO_ROOT" && mvn -q -B -DskipTests install) || die "build failed"
  server_jar >/dev/null || die "build produced no polardbx-server jar"
  # The jar plugin leaves an unchanged jar untouched, so the build time is kept in a stamp of its own.
  touch "$REPO_ROOT/polardbx-server/target/lib/.polardbx-built"
}

# File whose mtime is the last successful build: the stamp when present, else the jar.
build_stamp() {
  local stamp="$REPO_ROOT/polardbx-server/target/lib/.polardbx-built"
  if [ -f "$stamp" ]; then printf '%s\n' "$stamp"; else printf '%s\n' "$1"; fi
}

# Writes DIR/cn.properties once; later runs keep the user's edits (a file from before the deadlock detector had an
# account of its own gets the dn.monitor lines appended: DN_USER no longer holds PROCESS).
write_cn_properties() {
  local data_dir=$1 file dn_list="" port i=0
  file="$data_dir/cn.properties"
  if [ -f "$file" ]; then
    if ! grep -q '^dn\.monitor\.user' "$file"; then
      printf 'dn.monitor.user=%s\ndn.monitor.password=%s\n' "$MONITOR_USER" "$MONITOR_PASS" >>"$file"
      info "added the deadlock detector's account to $file"
    fi
    return 0
  fi
  for port in $DN_PORTS; do
    dn_list="${dn_list:+$dn_list,}dn$i@127.0.0.1:$port"
    i=$((i + 1))
  done
  cat >"$file" <<PROPS
# Written by bin/polardbx up on $(date -u +%Y-%m-%dT%H:%M:%SZ); edit freely, it is not overwritten.
server.port=$POLARDBX_PORT
# HTTP: /metrics (Prometheus) and /status
metrics.port=$METRICS_PORT
data.dir=$data_dir/cn
gms.url=127.0.0.1:$GMS_PORT
gms.user=$GMS_USER
gms.password=$GMS_PASS
dn.list=$dn_list
dn.user=$DN_USER
dn.password=$DN_PASS
# PROCESS only: the deadlock detector reads the DNs' lock waits with it
dn.monitor.user=$MONITOR_USER
dn.monitor.password=$MONITOR_PASS
PROPS
  info "wrote $file"
}

# Port the CN listens on according to DIR/cn.properties (falls back to POLARDBX_PORT).
cn_port() {
  local data_dir=$1 port
  port=$(sed -n 's/^server\.port[[:space:]]*=[[:space:]]*\([0-9]*\).*/\1/p' "$data_dir/cn.properties" 2>/dev/null | tail -1)
  printf '%s\n' "${port:-$POLARDBX_PORT}"
}

cn_answers() {
  mariadb --no-defaults -h127.0.0.1 -P"$1" -uroot --connect-timeout=2 -e 'select 1' >/dev/null 2>&1
}

# Starts the CN in the background and waits until it answers SQL.
start_cn() {
  local data_dir=$1 cn_dir pid port jar i
  cn_dir="$data_dir/cn"
  port=$(cn_port "$data_dir")
  if pid=$(live_pid "$cn_dir/cn.pid" PolarDbxServer); then
    info "cn already running (pid $pid, port $port)"
    return 0
  fi
  port_in_use "$port" && die "port $port is used by another process; cannot start the CN"
  jar=$(server_jar) || die "no server jar; run bin/polardbx up without --no-build"
  mkdir -p "$cn_dir/logs"
  (
    cd "$cn_dir" || exit 1
    # shellcheck disable=SC2086 # CN_JAVA_OPTS is a list of JVM flags
    exec nohup java -Xmx"$CN_HEAP" ${CN_JAVA_OPTS:-} -Dpolardbx.log.dir="$cn_dir/logs" \
      -cp "$jar:$REPO_ROOT/polardbx-server/target/lib/*" "$CN_MAIN_CLASS" \
      --config "$data_dir/cn.properties" >>"$cn_dir/cn.out" 2>&1 </dev/null
  ) &
  echo $! >"$cn_dir/cn.pid"
  pid=$(cat "$cn_dir/cn.pid")
  info "cn starting (pid $pid, port $port, log $cn_dir/cn.out)"
  for ((i = 0; i < CN_WAIT_SECONDS * 2; i++)); do
    if cn_answers "$port"; then
      info "cn ready on port $port"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      cn_log_tail "$data_dir" >&2
      die "the CN exited during start-up; see $cn_dir/cn.out and $cn_dir/logs/"
    fi
    sleep 0.5
  done
  cn_log_tail "$data_dir" >&2
  die "the CN did not answer on port $port within ${CN_WAIT_SECONDS}s (still running as pid $pid)"
}

cn_log_tail() {
  local cn_dir="$1/cn" f
  for f in "$cn_dir/cn.out" "$cn_dir"/logs/*.log; do
    [ -f "$f" ] || continue
    echo "---- tail of $f"
    tail -40 "$f"
  done
}

stop_cn() {
  local data_dir=$1 pid
  if pid=$(live_pid "$data_dir/cn/cn.pid" PolarDbxServer); then
    terminate_pid "$pid" 30
    info "cn stopped"
  else
    info "cn not running"
  fi
  rm -f "$data_dir/cn/cn.pid"
}

status_cn() {
  local data_dir=$1 pid port
  port=$(cn_port "$data_dir")
  if pid=$(live_pid "$data_dir/cn/cn.pid" PolarDbxServer); then
    if cn_answers "$port"; then
      printf '%-10s pid %-8s port %-6s running\n' cn "$pid" "$port"
    else
      printf '%-10s pid %-8s port %-6s running (not answering SQL)\n' cn "$pid" "$port"
    fi
  else
    printf '%-10s pid %-8s port %-6s stopped\n' cn "-" "$port"
  fi
}
