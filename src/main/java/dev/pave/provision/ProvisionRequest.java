package dev.pave.provision;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Everything a provisioner needs for one deployment attempt. Built by the deployment engine from the stored
 * deployment, so a resumed attempt after a crash sees exactly what the first one saw.
 *
 * @param deploymentId Proton deployment id (a UUID)
 * @param action deploy (create or update) or delete the resource's infrastructure
 * @param targetArn the resource's ARN, exported to commands as {@code RESOURCE_ARN}
 * @param targetType ENVIRONMENT, SERVICE_PIPELINE, SERVICE_INSTANCE or COMPONENT
 * @param stackName the resource's stack name ({@link StackNames}), exported to commands as {@code STACK_NAME}
 * @param files the rendered bundle folder for this resource, by path relative to that folder
 *     (e.g. {@code cloudformation.yaml}, {@code main.tf}, {@code manifest.yaml})
 * @param templateFile CLOUDFORMATION: the file in {@code files} holding the stack template
 * @param provisionCommands COMMANDS: the manifest's {@code provision} commands
 * @param deprovisionCommands COMMANDS: the manifest's {@code deprovision} commands
 * @param driftCommands COMMANDS: the manifest's optional {@code drift} commands, run by drift checks
 * @param protonInputs the Proton input document ({@code proton-inputs.json}; for self-managed the tfvars)
 * @param roleArn CLOUDFORMATION: the stack role; COMMANDS: the CodeBuild role (informational)
 * @param accountRoleArn a role in another AWS account (an environment account connection's) whose credentials the
 *     provisioner uses there; null: Pave's own credentials and account
 * @param repository SELF_MANAGED: where to commit
 * @param folder SELF_MANAGED: the folder in the repository ({@code env/<name>}, {@code <svc>/pipeline}, …)
 * @param metadata SELF_MANAGED: the {@code .proton/deployment-metadata.json} document
 * @param tags tags to put on provisioned infrastructure (CloudFormation stack tags)
 */
public record ProvisionRequest(
        String deploymentId,
        Action action,
        String targetArn,
        String targetType,
        String stackName,
        ProvisioningMethod method,
        Map<String, String> files,
        String templateFile,
        List<String> provisionCommands,
        List<String> deprovisionCommands,
        List<String> driftCommands,
        JsonNode protonInputs,
        String roleArn,
        String accountRoleArn,
        Repository repository,
        String folder,
        JsonNode metadata,
        Map<String, String> tags) {

    public enum Action {
        DEPLOY,
        DELETE
    }

    /** A Git repository for self-managed provisioning; {@code url} is file:// or https://, the token is already decrypted. */
    public record Repository(String provider, String name, String branch, String url, String token) {

        /**
         * A repository as Pave stores it ({@code {"provider", "name", "branch"}}: a deployment's, the account's
         * pipeline repository), null for none. Its URL and token are resolved from its access settings when used.
         */
        public static Repository stored(JsonNode json) {
            return json == null || json.isNull() ? null
                    : new Repository(json.path("provider").asText(), json.path("name").asText(), json.path("branch").asText(), null, null);
        }
    }
}
