package dev.pave.component;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentTarget;
import dev.pave.deploy.TargetType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** How components follow their deployments. */
@ApplicationScoped
public class ComponentDeployments implements DeploymentTarget {

    @Inject
    ComponentService components;

    @Override
    public TargetType type() {
        return TargetType.COMPONENT;
    }

    @Override
    public void deploymentChanged(Deployment deployment) {
        components.deploymentChanged(deployment);
    }
}
