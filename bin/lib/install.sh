# shellcheck shell=bash
# Installs what the cluster and the build need (Debian/Ubuntu): MariaDB server/client, JDK 17, Maven.

mariadbd_path() {
  command -v mariadbd 2>/dev/null && return 0
  local d
  for d in /usr/sbin /usr/local/sbin /usr/local/bin; do
    [ -x "$d/mariadbd" ] && { printf '%s\n' "$d/mariadbd"; return 0; }
  done
  return 1
}

# Major version of the JDK behind `javac` (0 when there is none).
jdk_major() {
  command -v javac >/dev/null 2>&1 || { echo 0; return; }
  javac -version 2>&1 | sed -n 's/^javac \([0-9]*\).*/\1/p' | head -1
}

apt_install() {
  command -v apt-get >/dev/null 2>&1 \
    || die "missing $*; this is not a Debian/Ubuntu system, install them by hand"
  info "installing: $*"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
}

# Ensures mariadbd, mariadb-install-db, mariadb, mariadb-admin, a JDK >= 17 and mvn exist.
ensure_packages() {
  local pkgs=()
  if ! mariadbd_path >/dev/null || ! command -v mariadb-install-db >/dev/null 2>&1 \
      || ! command -v mariadb >/dev/null 2>&1 || ! command -v mariadb-admin >/dev/null 2>&1; then
    pkgs+=(mariadb-server mariadb-client)
  fi
  local jdk
  jdk=$(jdk_major)
  if [ "${jdk:-0}" -lt 17 ]; then
    pkgs+=(openjdk-17-jdk-headless)
  fi
  command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
  if [ ${#pkgs[@]} -gt 0 ]; then
    apt_install "${pkgs[@]}"
  fi
  if [ "$(jdk_major)" -lt 17 ] && [ -d /usr/lib/jvm/java-17-openjdk-"$(dpkg --print-architecture 2>/dev/null)" ]; then
    # An older JDK stays the default alternative: point this run at 17.
    JAVA_HOME=/usr/lib/jvm/java-17-openjdk-$(dpkg --print-architecture)
    export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"
  fi
  mariadbd_path >/dev/null || die "mariadbd still missing after install"
}

# The client libraries the client-matrix suite drives (tests/src/test/clients): Python, PHP, Perl and Node; and
# the headless browser StatusPageIT renders /status with.
ensure_client_packages() {
  local pkgs=()
  [ -x /usr/bin/chromium ] || pkgs+=(chromium)
  command -v pt-query-digest >/dev/null 2>&1 || pkgs+=(percona-toolkit)
  /usr/bin/python3 -c 'import pymysql' >/dev/null 2>&1 || pkgs+=(python3-pymysql)
  /usr/bin/python3 -c 'import MySQLdb' >/dev/null 2>&1 || pkgs+=(python3-mysqldb)
  command -v php >/dev/null 2>&1 || pkgs+=(php-cli)
  { command -v php >/dev/null 2>&1 && php -m 2>/dev/null | grep -qi '^pdo_mysql$'; } || pkgs+=(php-mysql)
  perl -MDBD::MariaDB -e1 >/dev/null 2>&1 || pkgs+=(libdbd-mariadb-perl)
  command -v node >/dev/null 2>&1 || pkgs+=(nodejs)
  command -v npm >/dev/null 2>&1 || pkgs+=(npm)
  if [ ${#pkgs[@]} -gt 0 ]; then
    apt_install "${pkgs[@]}"
  fi
}
