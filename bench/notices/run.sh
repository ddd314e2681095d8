#!/usr/bin/env bash
# Notices' costs, in the test profile's embedded PostgreSQL with a webhook receiver on localhost:
#  - publishing: one notice per transaction, fanned out to a team of MEMBERS inboxes and one webhook target
#    (EVENTS notices, default 1000; MEMBERS default 50), p50/p99 per notice;
#  - delivery: from each notice's commit to the receiver having it, p50/p95/max, and notices delivered per second;
#  - the inbox page of a member holding all of them, p50 of 20 loads.
# Usage: bench/notices/run.sh [EVENTS] [MEMBERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
events="${1:-1000}"
members="${2:-50}"
echo "bench: machine load: $(uptime)"
./mvnw test -Dtest=NoticeBench -Dsurefire.failIfNoSpecifiedTests=false -Dbench.notices=true -Dbench.events="$events" \
  -Dbench.members="$members" 2>&1 | grep '^bench:' || {
  echo "the bench failed; see target/surefire-reports/dev.pave.notice.NoticeBench.txt" >&2
  exit 1
}
