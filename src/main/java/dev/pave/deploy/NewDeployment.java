package dev.pave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.error.ValidationException;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.provision.cloudformation.StackParameters;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a feature asks the engine to deploy: the provision request (whose id comes from {@link DeploymentService#newId()})
 * and Proton's bookkeeping about the target. Both are long records: make them with {@link #builder}, which names
 * every part and leaves out what a deployment does not have.
 *
 * @param initialState Proton's DeploymentState union before the deployment (null when the target is new)
 * @param targetState Proton's DeploymentState union the deployment brings the target to (null for a delete)
 * @param deploymentType Proton's DeploymentUpdateType for updates; null for creates and deletes
 */
public record NewDeployment(
        ProvisionRequest request,
        TargetType targetType,
        Instant targetCreatedAt,
        String environmentName,
        String serviceName,
        String serviceInstanceName,
        String componentName,
        String deploymentType,
        JsonNode initialState,
        JsonNode targetState,
        String lastAttemptedDeploymentId,
        String lastSucceededDeploymentId) {

    /** A deployment of the target {@code targetArn}, provisioned with {@code method}. */
    public static Builder builder(String deploymentId, ProvisionRequest.Action action, TargetType targetType, String targetArn,
            ProvisioningMethod method) {
        return new Builder(deploymentId, action, targetType, targetArn, method);
    }

    /** Names the parts of a deployment; what is not set is absent (empty for files, commands and tags). */
    public static final class Builder {
        private final String deploymentId;
        private final ProvisionRequest.Action action;
        private final TargetType targetType;
        private final String targetArn;
        private final ProvisioningMethod method;
        private String stackName;
        private Map<String, String> files = Map.of();
        private String templateFile;
        private List<String> provisionCommands = List.of();
        private List<String> deprovisionCommands = List.of();
        private List<String> driftCommands = List.of();
        private JsonNode protonInputs;
        private String roleArn;
        private String accountRoleArn;
        private ProvisionRequest.Repository repository;
        private String folder;
        private JsonNode metadata;
        private Map<String, String> tags = Map.of();
        private Instant targetCreatedAt;
        private String environmentName;
        private String serviceName;
        private String serviceInstanceName;
        private String componentName;
        private DeploymentType deploymentType;
        private JsonNode initialState;
        private JsonNode targetState;
        private DeploymentState following = new DeploymentState();

        private Builder(String deploymentId, ProvisionRequest.Action action, TargetType targetType, String targetArn, ProvisioningMethod method) {
            this.deploymentId = deploymentId;
            this.action = action;
            this.targetType = targetType;
            this.targetArn = targetArn;
            this.method = method;
        }

        public Builder stack(String stackName) {
            this.stackName = stackName;
            return this;
        }

        /** The rendered bundle folder; for CloudFormation, {@code templateFile} names the stack template among them. */
        public Builder files(Map<String, String> files, String templateFile) {
            this.files = files;
            this.templateFile = templateFile;
            return this;
        }

        public Builder commands(List<String> provision, List<String> deprovision, List<String> drift) {
            this.provisionCommands = provision;
            this.deprovisionCommands = deprovision;
            this.driftCommands = drift;
            return this;
        }

        public Builder protonInputs(JsonNode protonInputs) {
            this.protonInputs = protonInputs;
            return this;
        }

        public Builder role(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        /** The role Pave assumes to provision in another account (null: its own account). */
        public Builder account(String accountRoleArn) {
            this.accountRoleArn = accountRoleArn;
            return this;
        }

        /** Self-managed provisioning: the repository to commit to and {@code .proton/deployment-metadata.json}. */
        public Builder selfManaged(ProvisionRequest.Repository repository, JsonNode metadata) {
            this.repository = repository;
            this.metadata = metadata;
            return this;
        }

        /**
         * Self-managed provisioning of a target on {@code version} of the template {@code templateArn}: commits to
         * {@code repository} with Proton's {@code .proton/deployment-metadata.json}, which a service instance's also
         * gives its {@code environmentArn} (null for other targets).
         */
        public Builder selfManaged(ProvisionRequest.Repository repository, String templateArn, DeployedVersion version, String environmentArn) {
            ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("deploymentId", deploymentId)
                    .put("isResourceDeleted", action == ProvisionRequest.Action.DELETE);
            ObjectNode resource = metadata.putObject("resourceMetadata").put("arn", targetArn).put("templateArn", templateArn)
                    .put("templateMajorVersion", String.valueOf(version.major)).put("templateMinorVersion", String.valueOf(version.minor));
            if (environmentArn != null) {
                resource.put("environmentArn", environmentArn);
            }
            return selfManaged(repository, metadata);
        }

        /** The same for a component, which has no template: Proton's {@code componentMetadata} names its environment. */
        public Builder selfManagedComponent(ProvisionRequest.Repository repository, String environmentArn) {
            ObjectNode metadata = JsonNodeFactory.instance.objectNode().put("deploymentId", deploymentId)
                    .put("isResourceDeleted", action == ProvisionRequest.Action.DELETE);
            metadata.putObject("componentMetadata").put("arn", targetArn).put("environmentArn", environmentArn);
            return selfManaged(repository, metadata);
        }

        /**
         * The target's folder in a provisioning repository, laid out as Proton's pull requests were (and as workflows
         * written for them find it): {@code <environment>}, {@code <environment>/<service>-<instance>},
         * {@code <service>/pipeline}.
         */
        public Builder folder(String folder) {
            this.folder = folder;
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        /** When the target was created, as Proton's deployment history reports it. */
        public Builder targetCreatedAt(Instant createdAt) {
            this.targetCreatedAt = createdAt;
            return this;
        }

        public Builder environment(String name) {
            this.environmentName = name;
            return this;
        }

        public Builder service(String name) {
            this.serviceName = name;
            return this;
        }

        public Builder serviceInstance(String name) {
            this.serviceInstanceName = name;
            return this;
        }

        public Builder component(String name) {
            this.componentName = name;
            return this;
        }

        /** An update's DeploymentUpdateType; creates and deletes have none. */
        public Builder type(DeploymentType type) {
            this.deploymentType = type;
            return this;
        }

        /** Proton's DeploymentState before (null for a new target) and after (null for a delete). */
        public Builder states(JsonNode initial, JsonNode target) {
            this.initialState = initial;
            this.targetState = target;
            return this;
        }

        /** The target's deployment state now: the new deployment records its last attempted and last succeeded. */
        public Builder following(DeploymentState state) {
            this.following = state;
            return this;
        }

        /** The provision request alone, as a provisioner sees it. */
        public ProvisionRequest request() {
            return new ProvisionRequest(deploymentId, action, targetArn, targetType.name(), stackName, method, files, templateFile,
                    provisionCommands, deprovisionCommands, driftCommands, protonInputs, roleArn, accountRoleArn, repository, folder,
                    metadata, tags);
        }

        /**
         * @throws ValidationException when a stack template declares a parameter that would get no value: told now,
         *     by the call that asked for the deployment, rather than by CloudFormation later
         */
        public NewDeployment build() {
            if (method == ProvisioningMethod.CLOUDFORMATION && action == ProvisionRequest.Action.DEPLOY && templateFile != null
                    && files.containsKey(templateFile)) {
                try {
                    StackParameters.values(files.get(templateFile), targetType.name(), protonInputs);
                } catch (IllegalArgumentException missing) {
                    throw new ValidationException(missing.getMessage());
                }
            }
            return new NewDeployment(request(), targetType, targetCreatedAt, environmentName, serviceName, serviceInstanceName, componentName,
                    deploymentType == null ? null : deploymentType.name(), initialState, targetState, following.lastAttemptedId,
                    following.lastSucceededId);
        }
    }
}
