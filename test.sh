#!/usr/bin/env bash
# Runs every test of the solution: runtime, generator, analyzers and code fixes, sample.
# Services that later tests need (databases, brokers, browsers) are installed and started here.
set -euo pipefail
cd "$(dirname "$0")"

# PostgreSQL: the developer's own server when FACTORY_POSTGRES is set, else a throwaway cluster that
# scripts/postgres.sh installs (Debian's package, if missing), starts, and removes when this script ends,
# however it ends. If it cannot start, every other test still runs; the PostgreSQL tests fail saying why.
if [ -z "${FACTORY_POSTGRES:-}" ]; then
  if postgres_env=$(scripts/postgres.sh start); then
    eval "$postgres_env"
    trap 'scripts/postgres.sh stop "$FACTORY_POSTGRES_DIR"' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  else
    echo "test.sh: no throwaway PostgreSQL (see above): its tests will fail; set FACTORY_POSTGRES to use your own" >&2
  fi
fi

# Redis (the thinking units' memory tier): the developer's own when FACTORY_REDIS is set, else a throwaway
# server from scripts/redis.sh, stopped and removed at exit (chained before what the blocks above set).
if [ -z "${FACTORY_REDIS:-}" ]; then
  if redis_env=$(scripts/redis.sh start); then
    eval "$redis_env"
    trap "scripts/redis.sh stop \"\$FACTORY_REDIS_DIR\"; $(trap -p EXIT | sed -e "s/^trap -- '//" -e "s/' EXIT\$//")" EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
  else
    echo "test.sh: no throwaway Redis (see above): its tests will fail; set FACTORY_REDIS to use your own" >&2
  fi
fi

dotnet test Factory.sln --configuration Release "$@"
