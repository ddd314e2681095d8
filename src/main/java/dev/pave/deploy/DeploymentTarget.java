package dev.pave.deploy;

/**
 * A kind of resource that deployments change: environments, service pipelines, service instances and components,
 * one implementation each in their feature's package. The engine calls it, inside the transaction that changes a deployment's status, so the resource and its
 * deployment never disagree.
 */
public interface DeploymentTarget {

    TargetType type();

    /**
     * The deployment's status changed (to CANCELLING or to a final status): bring the resource in line, e.g. take the
     * target state on success, keep the previous state but record the failure otherwise, remove the resource when its
     * deletion completed.
     */
    void deploymentChanged(Deployment deployment);
}
