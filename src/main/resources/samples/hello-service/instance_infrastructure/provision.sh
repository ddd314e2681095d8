#!/usr/bin/env bash
# A service instance: reads its inputs and its environment's outputs from proton-inputs.json.
set -euo pipefail
value() { sed -n "s/.*\"$1\" *: *\"\{0,1\}\([^\",}]*\)\"\{0,1\}.*/\1/p" proton-inputs.json | head -1; }
greeting=$(value greeting)
replicas=$(value replicas)
endpoint=$(value ClusterEndpoint)
echo "Starting $replicas replica(s) of $STACK_NAME on $endpoint"
cat > proton-outputs.json <<JSON
[
  {"key": "ServiceUrl", "valueString": "$endpoint/$STACK_NAME"},
  {"key": "Greeting", "valueString": "$greeting"},
  {"key": "Replicas", "valueString": "$replicas"}
]
JSON
