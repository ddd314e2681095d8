package dev.pave.environment;

import dev.pave.deploy.TargetType;
import java.util.List;

/** Resources that run in an environment (service instances, components): while any exists the environment can't be deleted. */
public interface EnvironmentDependents {

    /** One resource in the environment: a service instance (with its service) or a component. */
    record Dependent(TargetType type, String serviceName, String name) {

        /** As Proton names it in messages: {@code service/instance} or the component's name. */
        public String label() {
            return serviceName == null ? name : serviceName + "/" + name;
        }
    }

    /** What of this kind runs in the environment, by name. */
    List<Dependent> in(Environment environment);
}
