# shellcheck shell=bash
# Shared helpers for bin/polardbx: logging, settings, pid files.

# Ports: the environment wins, then DIR/ports.env from the first `up`, then the defaults.
load_ports() {
  local data_dir=$1
  if [ -f "$data_dir/ports.env" ]; then
    local saved_polardbx saved_gms saved_dns
    saved_polardbx=$(sed -n 's/^POLARDBX_PORT=//p' "$data_dir/ports.env")
    saved_gms=$(sed -n 's/^GMS_PORT=//p' "$data_dir/ports.env")
    saved_dns=$(sed -n 's/^DN_PORTS=//p' "$data_dir/ports.env")
    POLARDBX_PORT=${POLARDBX_PORT:-$saved_polardbx}
    GMS_PORT=${GMS_PORT:-$saved_gms}
    DN_PORTS=${DN_PORTS:-$saved_dns}
  fi
  POLARDBX_PORT=${POLARDBX_PORT:-8527}
  GMS_PORT=${GMS_PORT:-13300}
  DN_PORTS=${DN_PORTS:-"13306 13307"}
  METRICS_PORT=${METRICS_PORT:-$((POLARDBX_PORT + 1))} # HTTP /metrics and /status
}

save_ports() {
  local data_dir=$1
  [ -f "$data_dir/ports.env" ] && return 0
  printf 'POLARDBX_PORT=%s\nGMS_PORT=%s\nDN_PORTS=%s\n' "$POLARDBX_PORT" "$GMS_PORT" "$DN_PORTS" >"$data_dir/ports.env"
}

DN_USER=${DN_USER:-polardbx}
DN_PASS=${DN_PASS:-polardbx}
MONITOR_USER=${MONITOR_USER:-polardbx_monitor}
MONITOR_PASS=${MONITOR_PASS:-polardbx_monitor}
GMS_USER=${GMS_USER:-polardbx_gms}
GMS_PASS=${GMS_PASS:-polardbx_gms}
REF_USER=${REF_USER:-polardbx_ref}
REF_PASS=${REF_PASS:-polardbx_ref}
DN_BUFFER_POOL=${DN_BUFFER_POOL:-128M}
CN_HEAP=${CN_HEAP:-1g}
CN_WAIT_SECONDS=${CN_WAIT_SECONDS:-120}

info() { printf '[polardbx] %s\n' "$*"; }
warn() { printf '[polardbx] WARNING: %s\n' "$*" >&2; }
die() { printf '[polardbx] ERROR: %s\n' "$*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    die "need root (or sudo) to run: $*"
  fi
}

# Prints the pid stored in FILE when that process is alive (and its command line contains PATTERN,
# which guards against a pid reused after a reboot); fails otherwise.
live_pid() {
  local file=$1 pattern=${2:-} pid
  [ -f "$file" ] || return 1
  pid=$(tr -d '[:space:]' < "$file")
  [ -n "$pid" ] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -n "$pattern" ] && [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$pattern" || return 1
  fi
  printf '%s\n' "$pid"
}

# True when something listens on 127.0.0.1:PORT.
port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Htln "sport = :$port" 2>/dev/null)" ]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# Sends SIGTERM to PID, waits up to SECONDS, then SIGKILL.
terminate_pid() {
  local pid=$1 seconds=${2:-30} i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < seconds * 10; i++)); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  warn "pid $pid did not stop within ${seconds}s; sending SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  sleep 0.2
}

# Absolute path of DIR (created if missing).
abs_dir() {
  mkdir -p "$1" && (cd "$1" && pwd -P)
}
