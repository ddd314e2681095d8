package dev.pave.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.component.ComponentService;
import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.TargetType;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.ConflictException;
import dev.pave.error.PaveException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.fleet.DeployedResource;
import dev.pave.fleet.DeployedResources;
import dev.pave.identity.Caller;
import dev.pave.schema.SpecDocuments;
import dev.pave.service.ServiceService;
import dev.pave.team.Ownership;
import dev.pave.template.TemplateService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;

/**
 * Rolls a resource back (Proton's roadmap #10): an environment, a service instance, a pipeline or a component goes
 * back to the template version and spec of its last succeeded deployment before the current one, with one action.
 * Pave keeps every deployment's spec, so a rollback also crosses a major version.
 */
@ApplicationScoped
public class Rollbacks {

    /**
     * What rolling {@code resource} back would deploy: the version and spec of deployment {@code to} (a component: its
     * template file and spec), or why it cannot now.
     *
     * @param current the resource's last attempted deployment, the one rolled back from
     * @param allowed whether the caller may roll it back (the owning team's members and admins)
     */
    public record Rollback(DeployedResource resource, Deployment current, Deployment to, String templateName, DeployedVersion version,
            String spec, String refusal, boolean allowed) {

        public boolean possible() {
            return refusal == null;
        }

        /** The spec as its owners write it: an instance's or pipeline's stored inputs become their spec document. */
        public String specText() {
            return switch (resource.type()) {
                case SERVICE_INSTANCE -> SpecDocuments.instanceSpec(spec);
                case SERVICE_PIPELINE -> SpecDocuments.pipelineSpec(spec);
                case ENVIRONMENT, COMPONENT -> spec;
            };
        }

        /** Back to a lower major version: Pave kept the spec from then, which is what makes this possible. */
        public boolean acrossMajor() {
            return version != null && resource.version() != null && version.major != resource.version().major;
        }
    }

    @Inject
    DeployedResources resources;

    @Inject
    DeploymentService deployments;

    @Inject
    EnvironmentService environments;

    @Inject
    ServiceService services;

    @Inject
    ComponentService components;

    @Inject
    Ownership ownership;

    @Inject
    VersionRules versionRules;

    @Inject
    TemplateService templates;

    /** The rollback the resource offers; empty when it has no earlier succeeded deployment to go back to. */
    public Optional<Rollback> plan(Caller caller, String arn) {
        caller.requireAnyRole();
        return QuarkusTransaction.requiringNew().call(() -> {
            DeployedResource r = resources.byArn(arn == null ? "" : arn)
                    .orElseThrow(() -> new ResourceNotFoundException("The resource " + arn + " was not found"));
            if (r.state().isNew()) {
                return Optional.empty();
            }
            Deployment current = deployments.deployment(caller, r.state().lastAttemptedId);
            boolean allowed = ownership.mayChange(caller, r.team());
            return deployments.before(r.arn(), current.id).map(to -> rollback(caller, r, current, to, allowed));
        });
    }

    private Rollback rollback(Caller caller, DeployedResource r, Deployment current, Deployment to, boolean allowed) {
        JsonNode state = to.state();
        String refusal = r.state().busy() ? "A deployment of " + r.label() + " is running; roll back once it has finished" : null;
        if (r.type() == TargetType.COMPONENT) {
            return new Rollback(r, current, to, null, null, state.path("serviceSpec").asText(null), refusal, allowed);
        }
        DeployedVersion version = DeployedVersion.in(state);
        if (refusal == null) {
            try {
                versionRules.rollbackTarget(caller, templates.template(caller, r.templateType(), state.path("templateName").asText()), version);
            } catch (PaveException gone) {
                refusal = gone.getMessage();
            }
        }
        return new Rollback(r, current, to, state.path("templateName").asText(), version, state.path("spec").asText(null), refusal, allowed);
    }

    /** Deploys the rollback the resource offers now; answers what it deployed. */
    public Rollback rollBack(Caller caller, String arn) {
        Rollback r = plan(caller, arn).orElseThrow(() -> new ConflictException("There is no earlier succeeded deployment of " + arn
                + " to roll back to"));
        if (!r.possible()) {
            throw new ConflictException(r.refusal());
        }
        ownership.requireChange(caller, arn);
        QuarkusTransaction.requiringNew().run(() -> deploy(caller, r));
        return r;
    }

    /**
     * Deploys again the version and spec of the resource's deployment {@code deploymentId}, in the caller's
     * transaction (a campaign rolling back records the deployment with its own progress); answers the new
     * deployment's id.
     */
    public String rollBackTo(Caller caller, String arn, String deploymentId) {
        DeployedResource r = resources.byArn(arn).orElseThrow(() -> new ResourceNotFoundException("The resource " + arn + " was not found"));
        ownership.requireChange(caller, arn);
        Deployment to = deployments.deployment(caller, deploymentId);
        if (!arn.equals(to.targetArn)) {
            throw new ConflictException("The deployment " + deploymentId + " is not one of " + r.label());
        }
        Deployment current = r.state().isNew() ? to : deployments.deployment(caller, r.state().lastAttemptedId);
        Rollback rollback = rollback(caller, r, current, to, true);
        if (!rollback.possible()) {
            throw new ConflictException(rollback.refusal());
        }
        deploy(caller, rollback);
        return resources.byArn(arn).orElseThrow().state().lastAttemptedId;
    }

    private void deploy(Caller caller, Rollback r) {
        DeployedResource resource = r.resource();
        switch (resource.type()) {
            case ENVIRONMENT -> environments.rollBack(caller, resource.name(), r.version(), r.spec());
            case SERVICE_INSTANCE -> services.rollBackInstance(caller, resource.service(), resource.name(), r.version(), r.spec());
            case SERVICE_PIPELINE -> services.rollBackPipeline(caller, resource.service(), r.version(), r.spec());
            case COMPONENT -> {
                JsonNode state = r.to().state();
                components.update(caller, resource.name(), ComponentService.Change.rollBack(state.path("serviceName").asText(null),
                        state.path("serviceInstanceName").asText(null), r.spec(), state.path("templateFile").asText()));
            }
        }
    }
}
