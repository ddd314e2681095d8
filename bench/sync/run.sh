#!/usr/bin/env bash
# Sync's costs, in the test profile's embedded PostgreSQL with real git repositories over file://:
#  - from a push's webhook to the version it makes being registered (PUSHES pushes, default 10; target < 2 s);
#  - from a push's webhook changing a synced instance's spec to that instance's deployment started (target < 2 s);
#  - one polling round over CONFIGS template sync configs (default 500), each on its own repository, none moved.
# The latencies are read from the database every 100 ms, so they are at most 0.1 s high.
# Usage: bench/sync/run.sh [CONFIGS] [PUSHES]
set -euo pipefail
cd "$(dirname "$0")/../.."
configs="${1:-500}"
pushes="${2:-10}"
echo "bench: machine load: $(uptime)"
./mvnw test -Dtest=SyncBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.sync=true -Dbench.configs="$configs" \
  -Dbench.pushes="$pushes" 2>&1 | grep '^bench:' || {
  echo "the bench failed; see target/surefire-reports/dev.pave.sync.SyncBench.txt" >&2
  exit 1
}
