package dev.pave.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pave.deploy.DeploymentState;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.error.ValidationException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Proton's ServiceStatus flow as a table: a service in a status, with its pipeline and instances as their last
 * deployments left them, moves to the expected status and starts the expected deletions and deployments.
 * <ul>
 * <li>pipeline: {@code -} none; {@code new} one that was never deployed; {@code refused} one that cannot be deployed;
 * else the status of its last deployment.</li>
 * <li>instances: {@code name=STATUS}, {@code +added} when the running update added it, {@code +deleting} when it is being
 * deleted; a FAILED instance's message is "boom".</li>
 * <li>effects, in order: {@code delete <instance>}, {@code deploy pipeline}, {@code remove}; every move is announced.</li>
 * </ul>
 */
class ServiceStatusFlowTest {

    @ParameterizedTest(name = "{0} with pipeline {1} and {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "-", quoteCharacter = '"', textBlock = """
            # status                        | pipeline        | instances                                  | next status                       | message                                                                        | effects
            CREATE_IN_PROGRESS              | -               | dev=IN_PROGRESS prod=SUCCEEDED             | CREATE_IN_PROGRESS                | -                                                                              | -
            CREATE_IN_PROGRESS              | -               | dev=SUCCEEDED prod=SUCCEEDED               | ACTIVE                            | -                                                                              | -
            CREATE_IN_PROGRESS              | new             | dev=SUCCEEDED                              | CREATE_IN_PROGRESS                | -                                                                              | deploy pipeline
            CREATE_IN_PROGRESS              | refused         | dev=SUCCEEDED                              | CREATE_FAILED                     | The pipeline could not be deployed: no pipeline role                           | -
            CREATE_IN_PROGRESS              | IN_PROGRESS     | dev=SUCCEEDED                              | CREATE_IN_PROGRESS                | -                                                                              | -
            CREATE_IN_PROGRESS              | SUCCEEDED       | dev=SUCCEEDED                              | ACTIVE                            | -                                                                              | -
            CREATE_IN_PROGRESS              | FAILED          | dev=SUCCEEDED                              | CREATE_FAILED                     | The pipeline failed: boom                                                      | -
            CREATE_IN_PROGRESS              | new             | dev=FAILED prod=SUCCEEDED                  | CREATE_FAILED_CLEANUP_IN_PROGRESS | Service instance dev failed: boom; the service's new instances are deprovisioned | delete dev; delete prod
            CREATE_IN_PROGRESS              | -               | dev=CANCELLED prod=IN_PROGRESS             | CREATE_FAILED_CLEANUP_IN_PROGRESS | Service instance dev failed; the service's new instances are deprovisioned     | delete dev
            CREATE_FAILED_CLEANUP_IN_PROGRESS | -             | -                                          | CREATE_FAILED_CLEANUP_COMPLETE    | -                                                                              | -
            CREATE_FAILED_CLEANUP_IN_PROGRESS | -             | dev=DELETE_FAILED+deleting                 | CREATE_FAILED_CLEANUP_FAILED      | -                                                                              | -
            CREATE_FAILED_CLEANUP_IN_PROGRESS | -             | dev=DELETE_IN_PROGRESS+deleting prod=DELETE_FAILED+deleting | CREATE_FAILED_CLEANUP_IN_PROGRESS | -                                      | -
            UPDATE_IN_PROGRESS              | SUCCEEDED       | dev=SUCCEEDED qa=IN_PROGRESS+added         | UPDATE_IN_PROGRESS                | -                                                                              | -
            UPDATE_IN_PROGRESS              | SUCCEEDED       | dev=SUCCEEDED qa=SUCCEEDED+added           | ACTIVE                            | -                                                                              | -
            UPDATE_IN_PROGRESS              | SUCCEEDED       | dev=SUCCEEDED qa=FAILED+added              | UPDATE_FAILED_CLEANUP_IN_PROGRESS | Service instance qa failed: boom; the instances this update added are deprovisioned | delete qa
            UPDATE_IN_PROGRESS              | -               | dev=FAILED                                 | UPDATE_FAILED                     | Service instance dev failed: boom                                              | -
            UPDATE_IN_PROGRESS              | -               | dev=SUCCEEDED old=DELETE_FAILED+deleting   | UPDATE_FAILED                     | A removed service instance could not be deleted                                | -
            UPDATE_FAILED_CLEANUP_IN_PROGRESS | -             | dev=SUCCEEDED                              | UPDATE_FAILED_CLEANUP_COMPLETE    | -                                                                              | -
            UPDATE_FAILED_CLEANUP_IN_PROGRESS | -             | dev=SUCCEEDED qa=DELETE_FAILED+added+deleting | UPDATE_FAILED_CLEANUP_FAILED   | -                                                                              | -
            DELETE_IN_PROGRESS              | DELETE_IN_PROGRESS | -                                       | DELETE_IN_PROGRESS                | -                                                                              | -
            DELETE_IN_PROGRESS              | DELETE_COMPLETE | -                                          | DELETE_IN_PROGRESS                | -                                                                              | remove
            DELETE_IN_PROGRESS              | new             | -                                          | DELETE_IN_PROGRESS                | -                                                                              | remove
            DELETE_IN_PROGRESS              | -               | dev=DELETE_FAILED+deleting                 | DELETE_FAILED                     | Deleting the service's instances or pipeline failed                            | -
            DELETE_IN_PROGRESS              | DELETE_FAILED   | -                                          | DELETE_FAILED                     | Deleting the service's instances or pipeline failed                            | -
            DELETE_IN_PROGRESS              | DELETE_FAILED   | dev=DELETE_IN_PROGRESS+deleting            | DELETE_IN_PROGRESS                | -                                                                              | -
            ACTIVE                          | FAILED          | dev=FAILED                                 | ACTIVE                            | -                                                                              | -
            """)
    void transition(Service.Status status, String pipeline, String instances, Service.Status next, String message, String effects) {
        Service service = service(status, pipeline);
        RecordedEffects world = new RecordedEffects(instances(instances), "refused".equals(pipeline));

        new ServiceStatusFlow(world).reconcile(service);

        assertEquals(next, service.status);
        assertEquals(message, service.statusMessage);
        assertEquals(effects, world.done.isEmpty() ? null : String.join("; ", world.done));
        assertEquals(status == next ? List.of() : List.of(status + " -> " + next), world.changes, "owners hear of each move, once");
    }

    @ParameterizedTest(name = "{0}: what the update added stays, the spec before it is dropped")
    @CsvSource({"dev=SUCCEEDED qa=SUCCEEDED+added", "dev=FAILED qa=SUCCEEDED"})
    void aSettledUpdateKeepsWhatItAdded(String instances) {
        Service service = service(Service.Status.UPDATE_IN_PROGRESS, null);
        service.spec = "after";
        service.specBeforeUpdate = "before";
        RecordedEffects world = new RecordedEffects(instances(instances), false);

        new ServiceStatusFlow(world).reconcile(service);

        assertEquals("after", service.spec);
        assertEquals(null, service.specBeforeUpdate);
        assertEquals(List.of(false, false), world.instances.stream().map(i -> i.addedByUpdate).toList());
    }

    @ParameterizedTest(name = "a failed update whose additions are gone restores the spec before it")
    @CsvSource("dev=SUCCEEDED")
    void aCleanedUpUpdateRestoresTheSpec(String instances) {
        Service service = service(Service.Status.UPDATE_FAILED_CLEANUP_IN_PROGRESS, null);
        service.spec = "after";
        service.specBeforeUpdate = "before";

        new ServiceStatusFlow(new RecordedEffects(instances(instances), false)).reconcile(service);

        assertEquals("before", service.spec);
        assertEquals(null, service.specBeforeUpdate);
    }

    private static Service service(Service.Status status, String pipeline) {
        Service s = new Service();
        s.name = "web";
        s.status = status;
        s.hasPipeline = pipeline != null;
        if (pipeline != null) {
            s.pipelineDeployment = new DeploymentState();
            s.pipelineDeployment.status = DeploymentStatus.IN_PROGRESS; // as a new service's pipeline is, before its first deployment
            if (!pipeline.equals("new") && !pipeline.equals("refused")) {
                s.pipelineDeployment.status = DeploymentStatus.valueOf(pipeline);
                s.pipelineDeployment.lastAttemptedId = "pipeline-1";
                s.pipelineDeployment.statusMessage = s.pipelineDeployment.failed() ? "boom" : null;
            }
        }
        return s;
    }

    private static List<ServiceInstance> instances(String text) {
        List<ServiceInstance> list = new ArrayList<>();
        if (text == null) {
            return list;
        }
        for (String item : text.trim().split("\\s+")) {
            String[] parts = item.split("=");
            String[] flags = parts[1].split("\\+");
            ServiceInstance i = new ServiceInstance();
            i.serviceName = "web";
            i.name = parts[0];
            i.deployment.status = DeploymentStatus.valueOf(flags[0]);
            i.deployment.lastAttemptedId = "deployment-of-" + i.name;
            i.deployment.statusMessage = i.deployment.status == DeploymentStatus.FAILED ? "boom" : null;
            for (int f = 1; f < flags.length; f++) {
                switch (flags[f]) {
                    case "added" -> i.addedByUpdate = true;
                    case "deleting" -> i.deleting = true;
                    default -> throw new IllegalArgumentException(flags[f]);
                }
            }
            list.add(i);
        }
        return list;
    }

    /** The service's instances in memory; deletions and deployments are recorded, and started as Pave would start them. */
    private static final class RecordedEffects implements ServiceStatusFlow.Effects {
        final List<ServiceInstance> instances;
        final boolean pipelineRefused;
        final List<String> done = new ArrayList<>();
        final List<String> changes = new ArrayList<>();

        RecordedEffects(List<ServiceInstance> instances, boolean pipelineRefused) {
            this.instances = instances;
            this.pipelineRefused = pipelineRefused;
        }

        @Override
        public List<ServiceInstance> instances(Service s) {
            return instances;
        }

        @Override
        public void deleteInstance(Service s, ServiceInstance i) {
            i.deleting = true;
            i.deployment.status = DeploymentStatus.DELETE_IN_PROGRESS;
            done.add("delete " + i.name);
        }

        @Override
        public void deployPipeline(Service s) {
            if (pipelineRefused) {
                throw new ValidationException("no pipeline role");
            }
            s.pipelineDeployment.status = DeploymentStatus.IN_PROGRESS;
            s.pipelineDeployment.lastAttemptedId = "pipeline-1";
            done.add("deploy pipeline");
        }

        @Override
        public void remove(Service s) {
            done.add("remove");
        }

        @Override
        public void statusChanged(Service s, Service.Status previous) {
            changes.add(previous + " -> " + s.status);
        }
    }
}
