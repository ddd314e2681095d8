package dev.pave.provision;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.deploy.NewDeployment;
import dev.pave.deploy.TargetType;
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
        return NewDeployment.builder(UUID.randomUUID().toString(), action, TargetType.ENVIRONMENT,
                "arn:aws:proton:us-east-1:123456789012:environment/" + stackName, ProvisioningMethod.CLOUDFORMATION)
                .stack(stackName).files(Map.of("cloudformation.yaml", template), "cloudformation.yaml").protonInputs(json("{}")).tags(tags)
                .request();
    }

    public static ProvisionRequest commands(ProvisionRequest.Action action, Map<String, String> files, List<String> provision,
            List<String> deprovision, JsonNode protonInputs) {
        return commands(action, files, provision, deprovision, List.of(), protonInputs);
    }

    public static ProvisionRequest commands(ProvisionRequest.Action action, Map<String, String> files, List<String> provision,
            List<String> deprovision, List<String> drift, JsonNode protonInputs) {
        return NewDeployment.builder(UUID.randomUUID().toString(), action, TargetType.ENVIRONMENT,
                "arn:aws:proton:us-east-1:123456789012:environment/dev", ProvisioningMethod.COMMANDS)
                .stack("pave-env-dev-0badc0de").files(files, null).commands(provision, deprovision, drift).protonInputs(protonInputs)
                .role("arn:aws:iam::123456789012:role/codebuild").request();
    }

    public static ProvisionRequest selfManaged(ProvisionRequest.Action action, String targetType, ProvisionRequest.Repository repository,
            String folder, Map<String, String> files, JsonNode protonInputs, JsonNode metadata) {
        return NewDeployment.builder(UUID.randomUUID().toString(), action, TargetType.valueOf(targetType),
                "arn:aws:proton:us-east-1:123456789012:environment/dev", ProvisioningMethod.SELF_MANAGED)
                .stack("pave-env-dev-0badc0de").files(files, null).protonInputs(protonInputs).selfManaged(repository, metadata).folder(folder)
                .request();
    }
}
