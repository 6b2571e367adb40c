#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: one cluster in a temp directory, on 127.0.0.1, on a free port.
#
#   eval "$(scripts/postgres.sh start)"   # installs Debian's postgresql if no server is found, starts a cluster,
#                                          # prints export lines: FACTORY_POSTGRES, FACTORY_POSTGRES_DIR, FACTORY_POSTGRES_BIN
#   scripts/postgres.sh stop [dir]         # stops that cluster and removes its directory (dir: $FACTORY_POSTGRES_DIR)
#
# It only ever touches the cluster it created: `stop` refuses a directory without its marker file, and a server
# already running elsewhere (Debian's own cluster on 5432, a developer's) is left alone: we take another port.
# Everything but the export lines goes to stderr, so the output can be eval'ed.
set -euo pipefail

# Written into every directory this script creates; `stop` removes nothing without it.
readonly marker=factory-postgres.marker

source "$(dirname "$0")/throwaway.sh"

install_server() { apt_install postgresql "PostgreSQL server" "set FACTORY_POSTGRES to a server of your own"; }

# The newest installed server's bin directory (Debian keeps each major version in /usr/lib/postgresql/N/bin),
# or nothing.
find_bin() {
  local dir best="" best_version=0 version
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] || continue
    version=$(basename "$(dirname "$dir")")
    version=${version%%.*}
    [[ $version =~ ^[0-9]+$ ]] || continue
    if [ "$version" -gt "$best_version" ]; then best=$dir; best_version=$version; fi
  done
  echo "$best"
}

# PostgreSQL refuses to run as root: as root, run its tools as the postgres OS user (from /, which that user can
# read); as anyone else, run them as ourselves.
as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

ensure_owner_user() {
  [ "$(id -u)" -eq 0 ] || return 0
  id postgres >/dev/null 2>&1 && return 0
  say "creating the postgres OS user"
  useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin postgres
}

# Global, not local: the clean-up trap of a failed start needs them.
bin="" dir=""

start() {
  local began data password port="" attempt
  began=$(date +%s.%N)

  bin=$(find_bin)
  if [ -z "$bin" ]; then
    install_server
    bin=$(find_bin)
    [ -n "$bin" ] || fail "postgresql installed but no /usr/lib/postgresql/*/bin/initdb found"
  fi
  ensure_owner_user

  dir=$(mktemp -d -t factory-postgres.XXXXXX)
  # Whatever fails from here on, do not leave a half-made cluster behind.
  trap 'as_owner "$bin/pg_ctl" stop -D "$dir/data" -m immediate >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
  touch "$dir/$marker"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir"
  as_owner test -w "$dir" || fail "the postgres user cannot write $dir (TMPDIR=${TMPDIR:-/tmp}): point TMPDIR at a directory it can reach"
  data=$dir/data

  # Hex, so it needs no quoting in a connection string.
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$password" >"$dir/password"
  [ "$(id -u)" -ne 0 ] || chown postgres: "$dir/password"
  chmod 600 "$dir/password"
  if ! as_owner "$bin/initdb" -D "$data" -U factory --pwfile="$dir/password" --auth=scram-sha-256 \
      -E UTF8 --locale=C --no-instructions >"$dir/initdb.log" 2>&1; then
    cat "$dir/initdb.log" >&2
    fail "initdb failed (output above)"
  fi
  rm -f "$dir/password"

  # Password (scram) logins over TCP from 127.0.0.1 and over the socket in our directory; nothing else.
  printf '%s\n' 'local all all scram-sha-256' 'host all all 127.0.0.1/32 scram-sha-256' >"$data/pg_hba.conf"
  printf '%s\n' "listen_addresses = '127.0.0.1'" "unix_socket_directories = '$dir'" >>"$data/postgresql.conf"

  # Another process may take a port between our probe and the server's bind: then try another one.
  local started=false
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(random_port)
    ! port_taken "$port" || continue
    if as_owner "$bin/pg_ctl" start -D "$data" -l "$dir/server.log" -o "-p $port" -w -t 60 >/dev/null 2>&1; then
      started=true
      break
    fi
    grep -q 'could not bind\|Address already in use' "$dir/server.log" 2>/dev/null || {
      tail -n 20 "$dir/server.log" >&2 || true
      fail "the server did not start (log above)"
    }
  done
  $started || fail "no free port found in $attempt tries"

  for attempt in $(seq 1 60); do
    "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" -t 1 && break
    [ "$attempt" -lt 60 ] || fail "the server on 127.0.0.1:$port is not ready after 30 s (log: $dir/server.log)"
    sleep 0.5
  done

  trap - EXIT
  say "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port in $dir, ready in $(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $began}") s"
  printf 'export FACTORY_POSTGRES=%q\n' "Host=127.0.0.1;Port=$port;Username=factory;Password=$password;Database=postgres"
  printf 'export FACTORY_POSTGRES_DIR=%q\n' "$dir"
  printf 'export FACTORY_POSTGRES_BIN=%q\n' "$bin"
}

stop() {
  dir=${1:-${FACTORY_POSTGRES_DIR:-}}
  [ -n "$dir" ] || fail "stop: which cluster? give its directory or set FACTORY_POSTGRES_DIR"
  if [ ! -e "$dir" ]; then
    say "stop: $dir is already gone"
    return 0
  fi
  [ -f "$dir/$marker" ] || fail "stop: $dir was not made by postgres.sh (no $marker): left alone"
  bin=${FACTORY_POSTGRES_BIN:-$(find_bin)}
  # pg_ctl status exits 3 when no server runs: then there is nothing to stop, only files to remove.
  if [ -d "$dir/data" ] && [ -n "$bin" ] && as_owner "$bin/pg_ctl" status -D "$dir/data" >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" stop -D "$dir/data" -m fast -w -t 60 >/dev/null
  fi
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) fail "usage: $0 start | stop [dir]" ;;
esac
