package dev.pave.drift;

import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentState;
import dev.pave.deploy.TargetType;
import dev.pave.template.TemplateType;

/**
 * A deployed thing drift is checked on: an environment, a service instance, a pipeline or a component, with what its
 * checks need (its last good deployment is {@code state.lastSucceededId}).
 */
public record DriftTarget(String arn, TargetType type, String service, String name, String team, TemplateType templateType, String templateName,
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
