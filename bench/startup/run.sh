#!/usr/bin/env bash
# Time-to-ready and memory of the packaged app with embedded PostgreSQL.
# Starts Pave once to create the database, then restarts it N times (default 3) and prints, per start, the seconds
# from launch until /q/health/ready answers 200 and the RSS of the Java process and of PostgreSQL. Then it makes a
# class-data archive from one training start (the README's "Faster restarts") and restarts N times with it.
# Targets: first start < 5 s, restart < 2.5 s, Java RSS < 300 MB.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-3}
port=${PORT:-18080}
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -q -B -DskipTests package
home=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$home"' EXIT

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
pg_rss_kb() { local total=0; for p in $(pgrep -f "postgres -D $home/postgres" || true) $(pgrep -P "$(pgrep -f "postgres -D $home/postgres" | head -1)" 2>/dev/null || true); do total=$((total + $(rss_kb "$p"))); done; echo $total; }

# sets pid, and seconds (launch to ready); arguments go to the JVM
start() {
  local t0 t1
  t0=$(date +%s.%N)
  PAVE_HOME=$home QUARKUS_HTTP_PORT=$port java "$@" -jar target/quarkus-app/quarkus-run.jar >"$home/pave.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/q/health/ready")" = 200 ]; do
    kill -0 $pid 2>/dev/null || { cat "$home/pave.log"; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N)
  seconds=$(echo "$t1 - $t0" | bc)
}

start
printf 'first start (creates the database): ready in %.2f s\n' "$seconds"
kill $pid; wait $pid 2>/dev/null || true
restarts() {
  local label=$1; shift
  for i in $(seq 1 "$runs"); do
    start "$@"
    sleep 2  # let the heap settle after start before reading RSS
    printf '%s %d: ready in %.2f s, Java RSS %d MB, PostgreSQL RSS %d MB\n' "$label" "$i" "$seconds" \
      $(( $(rss_kb $pid) / 1024 )) $(( $(pg_rss_kb) / 1024 ))
    kill $pid; wait $pid 2>/dev/null || true
  done
}
restarts restart
# the training start: the JVM writes the classes it loaded when it exits
start -XX:ArchiveClassesAtExit="$home/pave.jsa"
sleep 2; kill $pid; wait $pid 2>/dev/null || true
restarts 'restart with the class-data archive' -XX:SharedArchiveFile="$home/pave.jsa"
