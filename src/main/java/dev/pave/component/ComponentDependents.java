package dev.pave.component;

import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.TargetType;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentDependents;
import dev.pave.error.ConflictException;
import dev.pave.error.ValidationException;
import dev.pave.render.ProtonContext;
import dev.pave.service.InstanceDependents;
import dev.pave.service.ServiceInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;

/**
 * Components seen from what they hang on: an instance with a component can't be deleted and can't be updated while
 * its component deploys; it renders with the component's outputs; an environment with components can't be deleted.
 */
@ApplicationScoped
public class ComponentDependents implements InstanceDependents, EnvironmentDependents {

    @Inject
    DeploymentService deployments;

    @Inject
    dev.pave.Arns arns;

    @Override
    public void refuseDeletion(ServiceInstance instance) {
        Component.attachedTo(instance.serviceName, instance.name).ifPresent(c -> {
            throw new ValidationException("Service instance " + instance.serviceName + "/" + instance.name + " has component " + c.name
                    + " attached; detach or delete it first");
        });
    }

    @Override
    public void refuseUpdate(ServiceInstance instance) {
        Component.attachedTo(instance.serviceName, instance.name).ifPresent(c -> deployments.active(arns.of("component", c.name)).ifPresent(d -> {
            throw new ConflictException("Component " + c.name + " of service instance " + instance.serviceName + "/" + instance.name
                    + " has a deployment in progress (" + d.id + "); the instance can't change until it finishes");
        }));
    }

    @Override
    public Optional<ProtonContext.ComponentRef> attachedComponent(ServiceInstance instance) {
        return Component.attachedTo(instance.serviceName, instance.name)
                .map(c -> new ProtonContext.ComponentRef(c.name, deployments.outputs(arns.of("component", c.name))));
    }

    @Override
    public List<Dependent> in(Environment environment) {
        return Component.<Component>list("environmentName = ?1 order by name", environment.name).stream()
                .map(c -> new Dependent(TargetType.COMPONENT, null, c.name)).toList();
    }
}
