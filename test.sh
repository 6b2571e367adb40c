#!/usr/bin/env bash
# Runs every test of the solution: runtime, generator, analyzers and code fixes, sample.
# Services that later tests need (databases, brokers, browsers) are installed and started here.
set -euo pipefail
cd "$(dirname "$0")"

# PostgreSQL: the developer's own server when FACTORY_POSTGRES is set, else a throwaway cluster that
# scripts/postgres.sh installs (Debian's package, if missing), starts, and removes when this script ends,
# however it ends. If it cannot start, every other test still runs; the PostgreSQL tests fail saying why.
# Each service this script starts is stopped at exit, however it ends.
stops=()
trap 'for stop in "${stops[@]}"; do eval "$stop" || true; done' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${FACTORY_POSTGRES:-}" ]; then
  if postgres_env=$(scripts/postgres.sh start); then
    eval "$postgres_env"
    stops+=('scripts/postgres.sh stop "$FACTORY_POSTGRES_DIR"')
  else
    echo "test.sh: no throwaway PostgreSQL (see above): its tests will fail; set FACTORY_POSTGRES to use your own" >&2
  fi
fi

# RabbitMQ, the same way: the developer's broker when FACTORY_RABBITMQ is set, else a throwaway node
# (scripts/rabbitmq.sh installs Debian's rabbitmq-server if missing). Without one, the broker tests fail saying why.
if [ -z "${FACTORY_RABBITMQ:-}" ]; then
  if rabbitmq_env=$(scripts/rabbitmq.sh start); then
    eval "$rabbitmq_env"
    stops+=('scripts/rabbitmq.sh stop "$FACTORY_RABBITMQ_DIR"')
  else
    echo "test.sh: no throwaway RabbitMQ (see above): its tests will fail; set FACTORY_RABBITMQ to use your own" >&2
  fi
fi

# Chromium for the control room's browser test: FACTORY_CHROMIUM, else Debian's (scripts/chromium.sh installs it
# if missing). Without it every other test still runs; the browser test fails saying why.
if [ -z "${FACTORY_CHROMIUM:-}" ]; then
  if chromium_path=$(scripts/chromium.sh); then
    export FACTORY_CHROMIUM="$chromium_path"
  else
    echo "test.sh: no chromium (see above): the control room's browser test will fail; set FACTORY_CHROMIUM to use your own" >&2
  fi
fi

# Redis (the thinking units' memory tier), the same way: FACTORY_REDIS, else a throwaway server from scripts/redis.sh.
if [ -z "${FACTORY_REDIS:-}" ]; then
  if redis_env=$(scripts/redis.sh start); then
    eval "$redis_env"
    stops+=('scripts/redis.sh stop "$FACTORY_REDIS_DIR"')
  else
    echo "test.sh: no throwaway Redis (see above): its tests will fail; set FACTORY_REDIS to use your own" >&2
  fi
fi

dotnet test Factory.sln --configuration Release "$@"

# The factory command line as a NativeAOT executable: published with no trim or AOT warning, and run once.
scripts/aot.sh
