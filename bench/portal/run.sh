#!/usr/bin/env bash
# Page timings with a big registry: 1,000 templates, 5,000 environments, 20,000 deployments and 10,000 service
# instances inserted with SQL into the test profile's embedded PostgreSQL, then each page requested ROUNDS times by a
# signed-in user. Prints p50/p95 of the time to a full response on localhost; target p95 < 50 ms. Usage: bench/portal/run.sh [ROUNDS]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-300}"
./mvnw -o test -Dtest=PortalBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rounds="$rounds" 2>&1 | grep '^bench:' || {
  echo "the bench failed; see target/surefire-reports/dev.pave.web.PortalBench.txt" >&2
  exit 1
}
