package dev.pave.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.provision.ProvisionRequest;
import java.time.Instant;

/**
 * What a feature asks the engine to deploy: the provision request (whose id comes from {@link DeploymentService#newId()})
 * and Proton's bookkeeping about the target.
 *
 * @param initialState Proton's DeploymentState union before the deployment (null when the target is new)
 * @param targetState Proton's DeploymentState union the deployment brings the target to
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
}
