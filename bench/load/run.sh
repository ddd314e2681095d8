#!/usr/bin/env bash
# Pave under load: CLIENTS (default 200) signed Proton API clients and USERS (20) signed-in portal users, each
# looping with a think time, for DURATION seconds (300) after a WARMUP (15 s), against the packaged app on embedded
# PostgreSQL with a fresh home, the load generator beside it on the same machine (bench/load/Load.java, JDK only).
# Before the clock starts the generator seeds a few environment templates, environments from the sample
# pave-sandbox-env and services with instances and pipelines from pave-hello-service (deployed by the command runner,
# so they succeed only with bubblewrap installed), and signs the page users in through the login form.
# API mix: mostly Get/List of templates, versions, environments, services, instances, deployments, tags; ~8% writes
# (Create/Update/Tag/DeleteEnvironmentTemplate on each client's own templates). Pages: catalog, template pages,
# environments and an environment, services and a service, instances, deployments and a deployment.
# Prints requests, p50/p99/max latency per operation, 4xx/5xx/failed counts and the CPU each side used.
# Target: 0 5xx and p99 < 50 ms for every operation on a 2-core machine.
# Usage: [DURATION=300] [CLIENTS=200] [USERS=20] [WARMUP=15] [THINK_MS=200-500] [PAGE_THINK_MS=500-2000] \
#        [TIMELINE=10] [PAVE_JAVA_OPTS=…] [PORT=18083] bench/load/run.sh
# Builds the jar with ./mvnw when target/quarkus-app/quarkus-run.jar is missing (as the other benches do);
# after changing the code, rebuild it first.
# TIMELINE=n adds p50/p99 per n-second window (are the slow requests spread out or bunched in stalls?);
# PAVE_JAVA_OPTS goes to Pave's JVM, e.g. -Xlog:gc:file=/tmp/pave-gc.log.
set -euo pipefail
cd "$(dirname "$0")/../.."
duration=${DURATION:-300}
clients=${CLIENTS:-200}
users=${USERS:-20}
warmup=${WARMUP:-15}
port=${PORT:-18083}
echo "bench: machine load: $(uptime)"
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package

home=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && { kill $pid 2>/dev/null; wait $pid 2>/dev/null; }; rm -rf "$home"' EXIT

key=PAVELOADBENCH0000001
secret=load-bench-secret-access-key-00000000000
password=load-bench-admin-password
# Each API client creates and deletes templates of its own: Proton's quota of 100 templates would refuse them.
PAVE_HOME=$home QUARKUS_HTTP_PORT=$port PAVE_QUOTAS_TEMPLATES=100000 PAVE_ADMIN_PASSWORD=$password \
  PAVE_ADMIN_ACCESS_KEY_ID=$key PAVE_ADMIN_SECRET_ACCESS_KEY=$secret \
  java ${PAVE_JAVA_OPTS:-} -jar target/quarkus-app/quarkus-run.jar >"$home/pave.log" 2>&1 &
pid=$!
until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ]; do
  kill -0 $pid 2>/dev/null || { cat "$home/pave.log"; exit 1; }
  sleep 0.2
done

cpu_s() { awk -v hz="$(getconf CLK_TCK)" '{ s += ($14 + $15) / hz } END { printf "%.0f", s }' "$@" 2>/dev/null || echo 0; }
# the postmaster (first line of postmaster.pid) and its children: backends, checkpointer, walwriter, …
pg_stats() {
  local pm
  pm=$(head -1 "$home/postgres/postmaster.pid" 2>/dev/null) || return 0
  for p in $pm $(pgrep -P "$pm" || true); do echo "/proc/$p/stat"; done
}
# the machine's CPU time by kind (user nice system idle iowait irq softirq steal), to tell a busy or noisy host
machine0=$(head -1 /proc/stat)
pave_cpu0=$(cpu_s /proc/$pid/stat)
pg_cpu0=$(cpu_s $(pg_stats) /dev/null)

java -XX:+UseSerialGC -Xmx512m bench/load/Load.java url="http://localhost:$port" key=$key secret=$secret password=$password \
  duration="$duration" warmup="$warmup" clients="$clients" users="$users" \
  think="${THINK_MS:-200-500}" page-think="${PAGE_THINK_MS:-500-2000}" timeline="${TIMELINE:-0}"

echo "server CPU from seeding to the end: Pave JVM $(( $(cpu_s /proc/$pid/stat) - pave_cpu0 )) s," \
  "PostgreSQL $(( $(cpu_s $(pg_stats) /dev/null) - pg_cpu0 )) s (processes alive now)"
awk -v a="$machine0" -v b="$(head -1 /proc/stat)" 'BEGIN {
  split(a, x); split(b, y); for (i = 2; i <= 9; i++) { d[i] = y[i] - x[i]; t += d[i] }
  printf "machine CPU from seeding to the end: %.0f%% busy (user %.0f%%, system %.0f%%, softirq %.0f%%), %.0f%% idle, %.0f%% stolen by the host\n",
    100 * (t - d[5] - d[6] - d[9]) / t, 100 * (d[2] + d[3]) / t, 100 * d[4] / t, 100 * d[8] / t, 100 * (d[5] + d[6]) / t, 100 * d[9] / t }'
errors=$(grep -c ' ERROR ' "$home/pave.log" || true)
echo "pave.log: $errors ERROR lines"
[ "$errors" = 0 ] || grep ' ERROR ' "$home/pave.log" | cut -c1-300 | sort | uniq -c | sort -rn | head -5
