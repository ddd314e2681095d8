package dev.pave.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Provision requests for tests, one per engine, each with a fresh deployment id. */
public final class Requests {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Requests() {
    }

    public static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    public static ProvisionRequest cloudFormation(ProvisionRequest.Action action, String stackName, String template, Map<String, String> tags) {
        return new ProvisionRequest(UUID.randomUUID().toString(), action, "arn:aws:proton:us-east-1:123456789012:environment/" + stackName,
                "ENVIRONMENT", stackName, ProvisioningMethod.CLOUDFORMATION, Map.of("cloudformation.yaml", template), "cloudformation.yaml",
                List.of(), List.of(), json("{}"), null, null, null, null, tags);
    }

    public static ProvisionRequest commands(ProvisionRequest.Action action, Map<String, String> files, List<String> provision,
            List<String> deprovision, JsonNode protonInputs) {
        return new ProvisionRequest(UUID.randomUUID().toString(), action, "arn:aws:proton:us-east-1:123456789012:environment/dev",
                "ENVIRONMENT", "pave-env-dev-0badc0de", ProvisioningMethod.COMMANDS, files, null, provision, deprovision, protonInputs,
                "arn:aws:iam::123456789012:role/codebuild", null, null, null, Map.of());
    }

    public static ProvisionRequest selfManaged(ProvisionRequest.Action action, String targetType, ProvisionRequest.Repository repository,
            String folder, Map<String, String> files, JsonNode protonInputs, JsonNode metadata) {
        return new ProvisionRequest(UUID.randomUUID().toString(), action, "arn:aws:proton:us-east-1:123456789012:environment/dev",
                targetType, "pave-env-dev-0badc0de", ProvisioningMethod.SELF_MANAGED, files, null, List.of(), List.of(), protonInputs,
                null, repository, folder, metadata, Map.of());
    }
}
