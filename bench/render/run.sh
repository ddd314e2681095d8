#!/usr/bin/env bash
# Renders the walkthrough's bundles (and AWS's samples when PAVE_PROTON_SAMPLES points at a checkout) ROUNDS times with Pave's TemplateRenderer and with Python jinja2 and prints
# renders/second for each and their ratio. Usage: bench/render/run.sh [ROUNDS]   (default 2000)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-2000}"

./mvnw -q test-compile
./mvnw -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-classpath.txt

pave=$(java -XX:+UseParallelGC -Xms512m -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" \
  dev.pave.render.RenderBench "$rounds" target/render-bench-cases.json 2>/dev/null | grep '^pave:')
jinja=$(python3 bench/render/jinja2_bench.py target/render-bench-cases.json "$rounds")
echo "$pave"
echo "$jinja"
awk -v p="$(sed 's/.*= \([0-9]*\) renders.*/\1/' <<<"$pave")" -v j="$(sed 's/.*= \([0-9]*\) renders.*/\1/' <<<"$jinja")" \
  'BEGIN { printf "pave/jinja2: %.2fx\n", p / j }'
