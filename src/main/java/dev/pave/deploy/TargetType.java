package dev.pave.deploy;

/** Proton's DeploymentTargetResourceType: what a deployment deploys. */
public enum TargetType {
    ENVIRONMENT,
    SERVICE_PIPELINE,
    SERVICE_INSTANCE,
    COMPONENT
}
