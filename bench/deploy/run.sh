#!/usr/bin/env bash
# How fast Pave takes deployments in and runs them through its durable queue. Starts the packaged app on a fresh home
# (embedded PostgreSQL) and a moto_server for the bundle's S3 source, registers a template whose provision command
# does nearly nothing, and for each engine:
#  - creates N environments (default 200) through the Proton API from 8 concurrent clients while WORKERS (default 4)
#    deployment workers run them: CreateEnvironment's latency, and the time until all are SUCCEEDED;
#  - drains the queue: N more environments queued while no worker runs (PAVE_DEPLOY_WORKERS=0), then Pave restarted
#    with WORKERS workers and timed from ready until all are SUCCEEDED: the queue's own rate.
# Engines: "commands" runs the template's command in the sandbox (a bash start-up per deployment); "dry-run"
# (pave.deploy.dry-run) provisions nothing, which measures the engine apart from what it drives.
# Targets: CreateEnvironment p50 < 50 ms; the queue >= 100 deployments/s with dry-run.
# Usage: bench/deploy/run.sh [N] [WORKERS] [ENGINES...]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-200}
workers=${2:-4}
shift $(( $# < 2 ? $# : 2 ))
engines=("$@")
[ ${#engines[@]} -gt 0 ] || engines=(commands dry-run)
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
port=${PORT:-18081}
moto_port=${MOTO_PORT:-18082}
home=
moto=
pave=
trap 'kill $pave $moto 2>/dev/null; wait 2>/dev/null; [ -n "$home" ] && rm -rf "$home"' EXIT

moto_server -H 127.0.0.1 -p "$moto_port" >/dev/null 2>&1 & moto=$!

# start_pave WORKERS DRY_RUN: Pave on $home, waits until it is ready
start_pave() {
  PAVE_HOME=$home QUARKUS_HTTP_PORT=$port PAVE_SAMPLES_LOAD=false PAVE_DEPLOY_WORKERS=$1 PAVE_DEPLOY_DRY_RUN=$2 \
    PAVE_QUOTAS_ENVIRONMENTS=$((2 * n)) \
    PAVE_ADMIN_ACCESS_KEY_ID=PAVEBENCHKEY00000001 PAVE_ADMIN_SECRET_ACCESS_KEY=bench-secret-access-key-000000000000 \
    AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 \
    java -jar target/quarkus-app/quarkus-run.jar >>"$home/pave.log" 2>&1 &
  pave=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ]; do
    kill -0 $pave 2>/dev/null || { tail -20 "$home/pave.log"; exit 1; }
    sleep 0.2
  done
}
stop_pave() { kill $pave; wait $pave 2>/dev/null || true; }
bench() { python3 bench/deploy/deployments.py "http://localhost:$port" "http://127.0.0.1:$moto_port" "$@"; }

for engine in "${engines[@]}"; do
  case $engine in commands) dry=false ;; dry-run) dry=true ;; *) echo "unknown engine $engine" >&2; exit 2 ;; esac
  home=$(mktemp -d)
  echo "== $engine: $n environments, $workers deployment workers, 8 API clients"
  start_pave "$workers" $dry
  bench setup
  bench create "$n" run
  bench wait $n
  stop_pave
  start_pave 0 $dry
  bench create "$n" drain >/dev/null
  stop_pave
  start_pave "$workers" $dry
  bench wait $((2 * n)) drained
  stop_pave
  rm -rf "$home"
done
