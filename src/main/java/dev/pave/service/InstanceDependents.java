package dev.pave.service;

import dev.pave.render.ProtonContext;
import java.util.Optional;

/**
 * What hangs on a service instance (its attached component): it may refuse the instance's deletion or update, and it
 * feeds {@code service_instance.components.default} when the instance renders.
 */
public interface InstanceDependents {

    void refuseDeletion(ServiceInstance instance);

    void refuseUpdate(ServiceInstance instance);

    Optional<ProtonContext.ComponentRef> attachedComponent(ServiceInstance instance);
}
