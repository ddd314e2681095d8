package dev.pave.fleet;

import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentState;
import dev.pave.deploy.TargetType;
import dev.pave.template.TemplateType;

/**
 * A deployed thing, found by its ARN: an environment, a service instance, a pipeline or a component, with its owner,
 * the version it runs and its deployment state (its last good deployment is {@code state.lastSucceededId}). Drift
 * checks and rollbacks work on these.
 */
public record DeployedResource(String arn, TargetType type, String service, String name, String team, TemplateType templateType, String templateName,
        DeployedVersion version, DeploymentState state) {

    /** "service instance api/dev", as summaries and notices name it. */
    public String label() {
        return switch (type) {
            case ENVIRONMENT -> "environment " + name;
            case SERVICE_INSTANCE -> "service instance " + service + "/" + name;
            case SERVICE_PIPELINE -> "the pipeline of service " + service;
            case COMPONENT -> "component " + name;
        };
    }
}
