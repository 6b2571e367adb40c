#!/usr/bin/env bash
# A throwaway RabbitMQ for the tests: one node with its data, logs and Erlang cookie in a temp directory,
# listening on 127.0.0.1 on a free port, with its own node name, distribution port and port mapper.
#
#   eval "$(scripts/rabbitmq.sh start)"   # installs Debian's rabbitmq-server if missing, starts a node, prints
#                                          # export lines: FACTORY_RABBITMQ (an amqp:// URI), FACTORY_RABBITMQ_DIR,
#                                          # FACTORY_RABBITMQ_CTL (rabbitmqctl for that node, e.g. close_all_connections)
#   scripts/rabbitmq.sh stop [dir]         # stops that node and its port mapper, removes its directory
#
# It only ever touches the node it created: `stop` refuses a directory without its marker file, and a broker
# already running elsewhere (Debian's own on 5672, a developer's) is left alone: we take other ports, another
# node name, and a port mapper (epmd) of our own on a port of our own.
# Everything but the export lines goes to stderr, so the output can be eval'ed.
set -euo pipefail

# Written into every directory this script creates; `stop` removes nothing without it.
readonly marker=factory-rabbitmq.marker
readonly sbin=/usr/lib/rabbitmq/bin

source "$(dirname "$0")/throwaway.sh"

# The package starts Debian's own node where it can; that one is the system's, not ours: left alone.
install_server() { apt_install rabbitmq-server rabbitmq-server "set FACTORY_RABBITMQ to a broker of your own"; }

# The node's whole environment, written once into $dir/env: the server, rabbitmqctl and `stop` all read it, so
# nothing of the machine's (/etc/rabbitmq, ~/.erlang.cookie, epmd on 4369, /var/lib/rabbitmq) is used.
write_env() {
  local amqp=$1 dist=$2 epmd=$3 node=$4
  mkdir -p "$dir/home" "$dir/mnesia" "$dir/log"
  : >"$dir/enabled_plugins.erl"
  echo '[].' >"$dir/enabled_plugins.erl"
  # Loopback only; small enough for a test machine; a guest who may connect from 127.0.0.1 (the default).
  printf '%s\n' "listeners.tcp.1 = 127.0.0.1:$amqp" "loopback_users.guest = true" \
    "disk_free_limit.absolute = 50MB" "log.console = false" "log.file.level = warning" >"$dir/rabbitmq.conf"
  cat >"$dir/env" <<EOF
export HOME='$dir/home'
export RABBITMQ_CONF_ENV_FILE=/dev/null
export RABBITMQ_NODENAME='$node'
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$amqp
export RABBITMQ_DIST_PORT=$dist
export ERL_EPMD_PORT=$epmd
export RABBITMQ_MNESIA_BASE='$dir/mnesia'
export RABBITMQ_LOG_BASE='$dir/log'
export RABBITMQ_PID_FILE='$dir/rabbitmq.pid'
export RABBITMQ_CONFIG_FILE='$dir/rabbitmq.conf'
export RABBITMQ_ADVANCED_CONFIG_FILE='$dir/advanced.config'
export RABBITMQ_ENABLED_PLUGINS_FILE='$dir/enabled_plugins.erl'
export RABBITMQ_ENABLED_PLUGINS=
export FACTORY_RABBITMQ_EPMD_PORT=$epmd
EOF
  echo '[].' >"$dir/advanced.config"
  # rabbitmqctl for this node: tests close connections or restart the broker through it.
  cat >"$dir/rabbitmqctl" <<EOF
#!/usr/bin/env bash
. '$dir/env'
exec $sbin/rabbitmqctl -n '$node' "\$@"
EOF
  chmod +x "$dir/rabbitmqctl"
  # The node itself, in the foreground of whoever runs this (the broker-restart test starts it again with it).
  cat >"$dir/rabbitmq-server" <<EOF
#!/usr/bin/env bash
. '$dir/env'
exec $sbin/rabbitmq-server
EOF
  chmod +x "$dir/rabbitmq-server"
}

# Starts the node in the background (its own session, so a terminal's signals do not reach it) and waits until
# it accepts AMQP connections.
launch() {
  setsid "$dir/rabbitmq-server" >>"$dir/server.log" 2>&1 </dev/null &
  echo $! >"$dir/launcher.pid"
  if ! "$dir/rabbitmqctl" wait "$dir/rabbitmq.pid" --timeout 90 >>"$dir/ctl.log" 2>&1; then
    tail -n 30 "$dir/server.log" >&2 || true
    tail -n 10 "$dir/ctl.log" >&2 || true
    return 1
  fi
}

dir=""

start() {
  local began amqp dist epmd node
  began=$(date +%s.%N)
  [ -x "$sbin/rabbitmq-server" ] || install_server
  [ -x "$sbin/rabbitmq-server" ] || fail "rabbitmq-server installed but $sbin/rabbitmq-server not found"

  dir=$(mktemp -d -t factory-rabbitmq.XXXXXX)
  # Whatever fails from here on, do not leave a half-started node behind.
  trap 'stop_node; rm -rf "$dir"' EXIT
  touch "$dir/$marker"

  amqp=$(free_port)
  dist=$(free_port)
  epmd=$(free_port)
  node="factory-$(basename "$dir" | cut -d. -f2 | tr 'A-Z' 'a-z')@localhost"
  write_env "$amqp" "$dist" "$epmd" "$node"
  launch || fail "the node did not start (log above; $dir)"

  trap - EXIT
  say "RabbitMQ $("$dir/rabbitmqctl" version 2>/dev/null || echo '?') node $node on 127.0.0.1:$amqp in $dir, ready in $(awk "BEGIN {printf \"%.1f\", $(date +%s.%N) - $began}") s"
  printf 'export FACTORY_RABBITMQ=%q\n' "amqp://guest:guest@127.0.0.1:$amqp/"
  printf 'export FACTORY_RABBITMQ_DIR=%q\n' "$dir"
  printf 'export FACTORY_RABBITMQ_CTL=%q\n' "$dir/rabbitmqctl"
}

# Stops the node (politely, then by its pid) and the port mapper it started on its own port.
stop_node() {
  [ -f "$dir/env" ] || return 0
  "$dir/rabbitmqctl" shutdown --timeout 30 >/dev/null 2>&1 || true
  local pid
  for file in "$dir/rabbitmq.pid" "$dir/launcher.pid"; do
    pid=$(cat "$file" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then kill -9 "$pid" 2>/dev/null || true; fi
  done
  # epmd -kill stops only the mapper on our port (ERL_EPMD_PORT, from env).
  (. "$dir/env" && epmd -port "$FACTORY_RABBITMQ_EPMD_PORT" -kill >/dev/null 2>&1) || true
}

stop() {
  dir=${1:-${FACTORY_RABBITMQ_DIR:-}}
  [ -n "$dir" ] || fail "stop: which node? give its directory or set FACTORY_RABBITMQ_DIR"
  if [ ! -e "$dir" ]; then
    say "stop: $dir is already gone"
    return 0
  fi
  [ -f "$dir/$marker" ] || fail "stop: $dir was not made by rabbitmq.sh (no $marker): left alone"
  stop_node
  rm -rf "$dir"
  say "stopped and removed $dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:-}" ;;
  *) fail "usage: $0 start | stop [dir]" ;;
esac
