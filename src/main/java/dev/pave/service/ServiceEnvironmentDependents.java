package dev.pave.service;

import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentDependents;
import dev.pave.error.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** An environment with service instances in it can't be deleted. */
@ApplicationScoped
public class ServiceEnvironmentDependents implements EnvironmentDependents {

    @Override
    public void refuseDeletion(Environment environment) {
        List<ServiceInstance> instances = ServiceInstance.list("environmentName = ?1 order by serviceName, name", environment.name);
        if (!instances.isEmpty()) {
            throw new ValidationException("Environment " + environment.name + " has " + instances.size() + " service instance(s) ("
                    + instances.stream().limit(5).map(i -> i.serviceName + "/" + i.name).toList()
                    + "); delete them before the environment");
        }
    }
}
