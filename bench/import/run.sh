#!/usr/bin/env bash
# Adopting a Proton estate: ENVIRONMENTS (default 50) environment stacks, each with one service's instance stack, made
# on moto with Proton's tags; then the import's dry run (what every visit to Admin -> Import from Proton does), the
# import, and an import again (everything skipped), each through POST /api/v1/imports. Target: 100 stacks adopted in
# under 30 s on 2 cores.
# Usage: bench/import/run.sh [ENVIRONMENTS]
set -euo pipefail
cd "$(dirname "$0")/../.."
environments="${1:-50}"
echo "bench: machine load: $(uptime)"
./mvnw test -Dtest=ImportBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.import=true -Dbench.environments="$environments" \
  2>&1 | grep '^bench:' || {
  echo "the bench failed; see target/surefire-reports/dev.pave.adoption.ImportBench.txt" >&2
  exit 1
}
