package dev.pave.service;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.error.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Proton's ServiceStatus flow: a service moves on from what its instances and pipeline show. A new service is
 * ACTIVE once its instances and then its pipeline succeeded; a failed creation deprovisions the new instances; a
 * failed update deprovisions what it added and restores the spec; a deleted service goes when its instances and
 * pipeline are gone. What the flow does to the world goes through {@link Effects}, so its transitions can be tested
 * as a table (ServiceStatusFlowTest).
 */
@ApplicationScoped
public class ServiceStatusFlow {

    /** What the flow reads and starts: the service's deployments in Pave. */
    public interface Effects {

        /** The service's instances now, by name. */
        List<ServiceInstance> instances(Service s);

        /** Marks an instance as being deleted and starts its deprovisioning. */
        void deleteInstance(Service s, ServiceInstance i);

        /** Deploys the pipeline again at its current version (a stage per instance); refusals are ValidationExceptions. */
        void deployPipeline(Service s);

        /** The service is gone: its record and tags are removed. */
        void remove(Service s);

        /** The service's status moved on from {@code previous} (null: a new service); owners hear of it. */
        void statusChanged(Service s, Service.Status previous);
    }

    private final Effects effects;

    @Inject
    public ServiceStatusFlow(Effects effects) {
        this.effects = effects;
    }

    /** Moves the service's status on from what its instances and pipeline show. */
    void reconcile(Service s) {
        Service.Status before = s.status;
        move(s);
        if (s.status != before) {
            effects.statusChanged(s, before);
        }
    }

    private void move(Service s) {
        List<ServiceInstance> instances = effects.instances(s);
        boolean busy = instances.stream().anyMatch(i -> i.deployment.busy()) || s.pipelineState().busy() && !s.pipelineState().isNew();
        Optional<ServiceInstance> failed = instances.stream().filter(i -> i.deployment.status == DeploymentStatus.FAILED
                || i.deployment.status == DeploymentStatus.CANCELLED).findFirst();
        switch (s.status) {
            case CREATE_IN_PROGRESS -> {
                if (failed.isPresent()) {
                    s.status = Service.Status.CREATE_FAILED_CLEANUP_IN_PROGRESS;
                    s.statusMessage = "Service instance " + failed.get().name + " failed"
                            + (failed.get().deployment.statusMessage == null ? "" : ": " + failed.get().deployment.statusMessage)
                            + "; the service's new instances are deprovisioned";
                    cleanUp(s, instances);
                } else if (instances.stream().allMatch(i -> i.deployment.status == DeploymentStatus.SUCCEEDED)) {
                    if (!s.hasPipeline) {
                        s.status = Service.Status.ACTIVE;
                    } else if (s.pipelineState().isNew()) {
                        try {
                            effects.deployPipeline(s);
                        } catch (ValidationException e) {
                            s.status = Service.Status.CREATE_FAILED;
                            s.statusMessage = "The pipeline could not be deployed: " + e.getMessage();
                        }
                    } else if (s.pipelineState().status == DeploymentStatus.SUCCEEDED) {
                        s.status = Service.Status.ACTIVE;
                        s.statusMessage = null;
                    } else if (!s.pipelineState().busy()) {
                        s.status = Service.Status.CREATE_FAILED;
                        s.statusMessage = "The pipeline failed" + (s.pipelineState().statusMessage == null ? ""
                                : ": " + s.pipelineState().statusMessage);
                    }
                }
            }
            case CREATE_FAILED_CLEANUP_IN_PROGRESS -> cleanUp(s, instances);
            case UPDATE_IN_PROGRESS -> {
                if (!busy) {
                    if (failed.isPresent()) {
                        String why = "Service instance " + failed.get().name + " failed"
                                + (failed.get().deployment.statusMessage == null ? "" : ": " + failed.get().deployment.statusMessage);
                        if (instances.stream().anyMatch(i -> i.addedByUpdate)) {
                            s.status = Service.Status.UPDATE_FAILED_CLEANUP_IN_PROGRESS;
                            s.statusMessage = why + "; the instances this update added are deprovisioned";
                            cleanUpUpdate(s, instances);
                        } else {
                            s.status = Service.Status.UPDATE_FAILED;
                            s.statusMessage = why;
                            settleUpdate(s, instances);
                        }
                    } else if (instances.stream().anyMatch(i -> i.deployment.status == DeploymentStatus.DELETE_FAILED)) {
                        s.status = Service.Status.UPDATE_FAILED;
                        s.statusMessage = "A removed service instance could not be deleted";
                        settleUpdate(s, instances);
                    } else {
                        s.status = Service.Status.ACTIVE;
                        s.statusMessage = null;
                        settleUpdate(s, instances);
                    }
                }
            }
            case UPDATE_FAILED_CLEANUP_IN_PROGRESS -> cleanUpUpdate(s, instances);
            case DELETE_IN_PROGRESS -> {
                boolean pipelineGone = !s.hasPipeline || s.pipelineState().isNew()
                        || s.pipelineState().status == DeploymentStatus.DELETE_COMPLETE;
                if (instances.isEmpty() && pipelineGone) {
                    effects.remove(s);
                } else if (!busy && (instances.stream().anyMatch(i -> i.deployment.status == DeploymentStatus.DELETE_FAILED)
                        || s.pipelineState().status == DeploymentStatus.DELETE_FAILED)) {
                    s.status = Service.Status.DELETE_FAILED;
                    s.statusMessage = "Deleting the service's instances or pipeline failed";
                }
            }
            default -> {
                // settled
            }
        }
        s.lastModifiedAt = Instant.now();
    }

    private void cleanUp(Service s, List<ServiceInstance> instances) {
        for (ServiceInstance i : instances) {
            if (!i.deleting && !i.deployment.busy()) {
                effects.deleteInstance(s, i);
            }
        }
        List<ServiceInstance> left = effects.instances(s);
        if (left.isEmpty()) {
            s.status = Service.Status.CREATE_FAILED_CLEANUP_COMPLETE;
        } else if (left.stream().noneMatch(i -> i.deployment.busy())
                && left.stream().anyMatch(i -> i.deployment.status == DeploymentStatus.DELETE_FAILED)) {
            s.status = Service.Status.CREATE_FAILED_CLEANUP_FAILED;
        }
    }

    /** Deprovisions what a failed update added; once they are gone the service's spec is the one before the update. */
    private void cleanUpUpdate(Service s, List<ServiceInstance> instances) {
        for (ServiceInstance i : instances) {
            if (i.addedByUpdate && !i.deleting && !i.deployment.busy()) {
                effects.deleteInstance(s, i);
            }
        }
        List<ServiceInstance> left = effects.instances(s).stream().filter(i -> i.addedByUpdate).toList();
        if (left.isEmpty()) {
            s.status = Service.Status.UPDATE_FAILED_CLEANUP_COMPLETE;
            s.spec = s.specBeforeUpdate;
            s.specBeforeUpdate = null;
        } else if (left.stream().noneMatch(i -> i.deployment.busy())
                && left.stream().anyMatch(i -> i.deployment.status == DeploymentStatus.DELETE_FAILED)) {
            s.status = Service.Status.UPDATE_FAILED_CLEANUP_FAILED;
            settleUpdate(s, left);
        }
    }

    /** The update is over: what it added stays. */
    private static void settleUpdate(Service s, List<ServiceInstance> instances) {
        instances.forEach(i -> i.addedByUpdate = false);
        s.specBeforeUpdate = null;
    }
}
