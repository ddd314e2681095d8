package dev.pave.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.DeploymentTarget;
import dev.pave.deploy.TargetType;
import dev.pave.schema.SpecDocuments;
import dev.pave.tag.TagService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/** How service instances (and so their services) follow their deployments. */
@ApplicationScoped
public class ServiceInstanceDeployments implements DeploymentTarget {

    @Inject
    ServiceDeployments serviceDeployments;

    @Inject
    ServiceStatusFlow flow;

    @Inject
    TagService tags;

    @Inject
    ServiceArns arns;

    @Override
    public TargetType type() {
        return TargetType.SERVICE_INSTANCE;
    }

    @Override
    public void deploymentChanged(Deployment d) {
        Service s = Service.<Service>find("name", d.serviceName).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElse(null);
        ServiceInstance i = ServiceInstance.byName(d.serviceName, d.serviceInstanceName).orElse(null);
        if (s == null || i == null || !i.deployment.follows(d)) {
            return;
        }
        boolean first = !i.deployment.deployed();
        i.lastModifiedAt = d.lastModifiedAt;
        if (i.deployment.followed(d)) {
            JsonNode target = SpecDocuments.read(d.targetState).path("serviceInstance");
            i.templateName = target.path("templateName").asText();
            i.templateVersion = DeployedVersion.in(target);
            i.spec = target.path("spec").asText(i.spec);
            if (first && (s.status == Service.Status.ACTIVE || s.status == Service.Status.UPDATE_IN_PROGRESS)) {
                serviceDeployments.pipelineInstancesChanged(s);
            }
        } else if (d.status == DeploymentStatus.DELETE_COMPLETE) {
            tags.untagAll(arns.arn(i));
            i.delete();
            i.flush();
            if (s.status == Service.Status.ACTIVE || s.status == Service.Status.UPDATE_IN_PROGRESS
                    || s.status == Service.Status.UPDATE_FAILED_CLEANUP_IN_PROGRESS) {
                serviceDeployments.pipelineInstancesChanged(s);
            }
        }
        flow.reconcile(s);
    }
}
