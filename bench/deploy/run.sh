#!/usr/bin/env bash
# Deployments per second through Pave's durable queue with the command engine. Starts the packaged app on a fresh
# home (embedded PostgreSQL) and a moto_server for the bundle's S3 source, registers a template whose provision
# command does nearly nothing, creates N environments (default 200) and times until all are SUCCEEDED.
# Usage: bench/deploy/run.sh [N] [WORKERS]
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-200}
workers=${2:-4}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
home=$(mktemp -d)
port=${PORT:-18081}
moto_port=${MOTO_PORT:-18082}
pids=()
trap 'kill ${pids[@]} 2>/dev/null; wait 2>/dev/null; rm -rf "$home"' EXIT

moto_server -H 127.0.0.1 -p "$moto_port" >"$home/moto.log" 2>&1 & pids+=($!)
PAVE_HOME=$home QUARKUS_HTTP_PORT=$port PAVE_SAMPLES_LOAD=false PAVE_DEPLOY_WORKERS=$workers PAVE_QUOTAS_ENVIRONMENTS=$n \
  PAVE_ADMIN_ACCESS_KEY_ID=PAVEBENCHKEY00000001 PAVE_ADMIN_SECRET_ACCESS_KEY=bench-secret-access-key-000000000000 \
  AWS_ENDPOINT_URL=http://127.0.0.1:$moto_port AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x AWS_REGION=us-east-1 \
  java -jar target/quarkus-app/quarkus-run.jar >"$home/pave.log" 2>&1 & pids+=($!)
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ]; do sleep 0.2; done

python3 bench/deploy/deployments.py "http://localhost:$port" "http://127.0.0.1:$moto_port" "$n" "$workers"
