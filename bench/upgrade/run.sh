#!/usr/bin/env bash
# Upgrade plans at scale: one CloudFormation service instance (a Jinja loop of queues) deployed for real on moto,
# copied to INSTANCES (default 10000) with SQL in the test profile's embedded PostgreSQL, then the plan to a new minor
# computed ROUNDS times (default 3): every instance checked, rendered at the target (Jinja) and diffed. Target: 10,000 instances in under 10 s. Then the render bench, Pave's
# renders/s beside Python jinja2's on the same files (bench/render/run.sh).
# Usage: bench/upgrade/run.sh [INSTANCES] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
instances="${1:-10000}"
rounds="${2:-3}"
echo "bench: machine load: $(uptime)"
./mvnw test -Dtest=PlanBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.plan=true -Dbench.instances="$instances" \
  -Dbench.rounds="$rounds" 2>&1 | grep '^bench:' || {
  echo "the bench failed; see target/surefire-reports/dev.pave.upgrade.PlanBench.txt" >&2
  exit 1
}
bench/render/run.sh 500
