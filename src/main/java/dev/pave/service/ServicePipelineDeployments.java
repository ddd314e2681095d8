package dev.pave.service;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentTarget;
import dev.pave.deploy.TargetType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** How service pipelines (and so their services) follow their deployments. */
@ApplicationScoped
public class ServicePipelineDeployments implements DeploymentTarget {

    @Inject
    ServiceService services;

    @Override
    public TargetType type() {
        return TargetType.SERVICE_PIPELINE;
    }

    @Override
    public void deploymentChanged(Deployment deployment) {
        services.pipelineDeploymentChanged(deployment);
    }
}
