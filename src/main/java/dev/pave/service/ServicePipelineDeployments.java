package dev.pave.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentTarget;
import dev.pave.deploy.TargetType;
import dev.pave.schema.SpecDocuments;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;

/** How service pipelines (and so their services) follow their deployments. */
@ApplicationScoped
public class ServicePipelineDeployments implements DeploymentTarget {

    @Inject
    ServiceDeployments serviceDeployments;

    @Inject
    ServiceStatusFlow flow;

    @Override
    public TargetType type() {
        return TargetType.SERVICE_PIPELINE;
    }

    @Override
    public void deploymentChanged(Deployment d) {
        Service s = Service.<Service>find("name", d.serviceName).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElse(null);
        if (s == null || !s.pipelineState().follows(d)) {
            return;
        }
        s.lastModifiedAt = d.lastModifiedAt;
        if (s.pipelineDeployment.followed(d)) {
            JsonNode target = SpecDocuments.read(d.targetState).path("servicePipeline");
            s.pipelineTemplateVersion = DeployedVersion.in(target);
            s.pipelineSpec = target.path("spec").asText(s.pipelineSpec);
        }
        if (!d.status.active() && s.pipelineRedeployPending && s.status != Service.Status.DELETE_IN_PROGRESS) {
            s.pipelineRedeployPending = false;
            serviceDeployments.deployPipeline(s);
        }
        flow.reconcile(s);
    }
}
