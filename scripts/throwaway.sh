# What the scripts that start throwaway services for the tests share (postgres.sh, redis.sh, rabbitmq.sh,
# chromium.sh): sourced, not run. Messages go to stderr, named after the script that sourced this, so a
# script's stdout stays the export lines the caller evals.

say() { echo "$(basename "$0"): $*" >&2; }
fail() { say "$*"; exit 1; }

# Installs Debian's PACKAGE quietly (apt's own output is shown only when it fails). WHAT names the thing
# in messages; OTHERWISE says what the user can do instead ("set FACTORY_REDIS to a server of your own").
apt_install() {
  local package=$1 what=$2 otherwise=$3 log
  [ "$(id -u)" -eq 0 ] || fail "no $what found and not root: install it (sudo apt-get install $package) or $otherwise"
  command -v apt-get >/dev/null || fail "no $what found and no apt-get: install $what or $otherwise"
  say "no $what found: installing Debian's $package package"
  log=$(mktemp)
  # A fresh machine has no package lists, so update first; the install is what takes the time.
  if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$package"; } >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    fail "apt-get could not install $package (output above); install it by hand or $otherwise"
  fi
  rm -f "$log"
}

# True when something already accepts connections on 127.0.0.1:port (bash's /dev/tcp: no extra tools needed).
port_taken() {
  (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# A port below Linux's ephemeral range (32768+), so outgoing connections do not take it from under us.
random_port() {
  echo $((20000 + RANDOM % 12000))
}

# A random port nothing listens on yet.
free_port() {
  local port attempt
  for attempt in $(seq 1 50); do
    port=$(random_port)
    port_taken "$port" || { echo "$port"; return 0; }
  done
  fail "no free port found in 50 tries"
}
