#!/usr/bin/env bash
# Runs with Proton's CodeBuild contract: proton-inputs.json in the working directory, RESOURCE_ARN and STACK_NAME
# in the environment; outputs go to proton-outputs.json. Plain bash and coreutils only, so it runs anywhere.
set -euo pipefail
value() { sed -n "s/.*\"$1\" *: *\"\([^\"]*\)\".*/\1/p" proton-inputs.json | head -1; }
name=$(value name)
cidr=$(value network_cidr)
size=$(value size)
echo "Provisioning sandbox environment '$name' ($size, $cidr) as $STACK_NAME"
sandbox_id="sbx-$(printf '%s' "$RESOURCE_ARN" | sha256sum | cut -c1-12)"
cat > proton-outputs.json <<JSON
{
  "SandboxId": "$sandbox_id",
  "NetworkCidr": "$cidr",
  "Size": "$size",
  "ClusterEndpoint": "https://$sandbox_id.sandbox.local",
  "ProvisionedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
JSON
echo "Sandbox $sandbox_id is ready"
