#!/usr/bin/env bash
# A throwaway Redis for the tests: one server in a temp directory, on 127.0.0.1, on a free port, with a password.
#
#   eval "$(scripts/redis.sh start)"   # installs Debian's redis-server if none is found, starts a server,
#                                       # prints export lines: FACTORY_REDIS (a StackExchange.Redis configuration
#                                       # string), FACTORY_REDIS_DIR
#   scripts/redis.sh stop [dir]         # stops that server and removes its directory (dir: $FACTORY_REDIS_DIR)
#
# It only ever touches the server it started: `stop` refuses a directory without its marker file and signals
# only the process id that server wrote there; a Redis already running elsewhere is left alone (we take
# another port). Nothing is persisted. Everything but the export lines goes to stderr, so the output can be eval'ed.
set -euo pipefail

# Written into every directory this script creates; `stop` removes nothing without it.
readonly marker=factory-redis.marker

source "$(dirname "$0")/throwaway.sh"

install_server() { apt_install redis-server redis-server "set FACTORY_REDIS to a server of your own"; }

# The server's own process, from the pid file it wrote; empty when it wrote none.
server_pid() {
  [ -f "$1/redis.pid" ] && cat "$1/redis.pid" || true
}

# Global, not local: the clean-up trap of a failed start needs it.
dir=""

start() {
  local began password port="" attempt pid
  began=$(date +%s.%N)
  command -v redis-server >/dev/null || install_server
  command -v redis-server >/dev/null || fail "redis-server installed but not on PATH"

  dir=$(mktemp -d -t factory-redis.XXXXXX)
  # Whatever fails from here on, do not leave a server or its directory behind.
  trap 'pid=$(server_pid "$dir"); [ -z "$pid" ] || kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
  touch "$dir/$marker"

  # Hex, so it needs no quoting in a configuration string.
  password=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
  # The password goes in a config file (mode 600), not on a command line other users can read.
  printf '%s\n' "requirepass $password" >"$dir/redis.conf"
  chmod 600 "$dir/redis.conf"

  local started=false
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$(random_port)
    ! port_taken "$port" || continue
    if redis-server "$dir/redis.conf" --port "$port" --bind 127.0.0.1 --dir "$dir" --daemonize yes \
        --pidfile "$dir/redis.pid" --logfile "$dir/server.log" --save "" --appendonly no >/dev/null 2>&1; then
      for _ in $(seq 1 40); do
        if REDISCLI_AUTH=$password redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null | grep -q PONG; then
          started=true
          break
        fi
        sleep 0.25
      done
    fi
    $started && break
    grep -q 'Address already in use' "$dir/server.log" 2>/dev/null || {
      tail -n 20 "$dir/server.log" >&2 || true
      fail "the server did not start (log above)"
    }
  done
  $started || fail "no free port found in $attempt tries"

  trap - EXIT
  say "Redis $(redis-server --version | sed -n 's/.*v=\([^ ]*\).*/\1/p') on 127.0.0.1:$port in $dir, ready in $(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $began}") s"
  printf 'export FACTORY_REDIS=%q\n' "127.0.0.1:$port,password=$password"
  printf 'export FACTORY_REDIS_DIR=%q\n' "$dir"
}

stop() {
  local pid
  dir=${1:-${FACTORY_REDIS_DIR:-}}
  [ -n "$dir" ] || fail "stop: which server? give its directory or set FACTORY_REDIS_DIR"
  if [ ! -e "$dir" ]; then
    say "stop: $dir is already gone"
    return 0
  fi
  [ -f "$dir/$marker" ] || fail "stop: $dir was not made by redis.sh (no $marker): left alone"
  pid=$(server_pid "$dir")
  if [ -n "$pid" ] && kill "$pid" 2>/dev/null; then
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.25
    done
  fi
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) fail "usage: $0 start | stop [dir]" ;;
esac
