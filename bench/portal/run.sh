#!/usr/bin/env bash
# Page timings with a big registry: 1,000 templates, 5,000 environments with 20,000 deployments, 2,000 services and
# 10,000 service instances inserted with SQL into the test profile's embedded PostgreSQL, then each portal page (catalog
# and its filters, template pages, environments, deployments, services, the instance list with its filters and far
# pages, an instance's and a pipeline's page) requested ROUNDS times by a signed-in user after 300 warm-up requests.
# Prints p50/p95 of the server's time (its Server-Timing header) and of the round trip on localhost; target p95 < 50 ms.
# Usage: bench/portal/run.sh [ROUNDS]   (default 300)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-300}"
echo "bench: machine load: $(uptime)"
./mvnw test -Dtest=PortalBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rounds="$rounds" 2>&1 | grep '^bench:' || {
  echo "the bench failed; see target/surefire-reports/dev.pave.web.PortalBench.txt" >&2
  exit 1
}
