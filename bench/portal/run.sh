#!/usr/bin/env bash
# Page timings with a big registry: at SCALE 1, 1,000 templates, 5,000 environments with DEPLOYMENTS (default 4)
# deployments each, 2,000 services and 10,000 service instances inserted with SQL into the test profile's embedded
# PostgreSQL (SCALE multiplies every count but DEPLOYMENTS), then each portal page (catalog and its filters, template
# pages, environments, deployments, services, the instance list with its filters and far pages, an instance's and a
# pipeline's page) requested ROUNDS times in all by USERS signed-in users at once, each waiting about THINK ms between
# pages (default 0: asking again at once), after 300 warm-up requests.
# Prints p50/p95 of the server's time (its Server-Timing header) and of the round trip on localhost; target p95 < 50 ms,
# with 50 users at SCALE 10 and DEPLOYMENTS 200 (100,000 instances, 10 million deployments).
# Usage: bench/portal/run.sh [ROUNDS] [SCALE] [USERS] [DEPLOYMENTS] [THINK]   (defaults 300 1 1 4 0)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-300}"
scale="${2:-1}"
users="${3:-1}"
deployments="${4:-4}"
think="${5:-0}"
echo "bench: machine load: $(uptime)"
./mvnw test -Dtest=PortalBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.rounds="$rounds" -Dbench.scale="$scale" \
  -Dbench.users="$users" -Dbench.deployments-per-environment="$deployments" -Dbench.think-ms="$think" 2>&1 | grep '^bench:' || {
  echo "the bench failed; see target/surefire-reports/dev.pave.web.PortalBench.txt" >&2
  exit 1
}
