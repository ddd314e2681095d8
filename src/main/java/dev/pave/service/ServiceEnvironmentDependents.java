package dev.pave.service;

import dev.pave.deploy.TargetType;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentDependents;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The service instances in an environment. */
@ApplicationScoped
public class ServiceEnvironmentDependents implements EnvironmentDependents {

    @Override
    public List<Dependent> in(Environment environment) {
        return ServiceInstance.<ServiceInstance>list("environmentName = ?1 order by serviceName, name", environment.name).stream()
                .map(i -> new Dependent(TargetType.SERVICE_INSTANCE, i.serviceName, i.name)).toList();
    }
}
