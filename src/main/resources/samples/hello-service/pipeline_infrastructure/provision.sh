#!/usr/bin/env bash
# The pipeline: one stage per service instance, listed in proton-inputs.json's service_instances.
set -euo pipefail
branch=$(sed -n 's/.*"branch" *: *"\([^"]*\)".*/\1/p' proton-inputs.json | head -1)
stages=$(grep -o '"name" *: *"[^"]*"' proton-inputs.json | sed 's/.*: *"\(.*\)"/\1/' | tr '\n' ' ')
echo "Pipeline for branch $branch over: $stages"
printf '{"PipelineBranch": "%s", "Stages": "%s"}\n' "$branch" "$stages" > proton-outputs.json
