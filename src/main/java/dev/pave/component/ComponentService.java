package dev.pave.component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.Arns;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.NewDeployment;
import dev.pave.deploy.TargetType;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentRoles;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ServiceQuotaExceededException;
import dev.pave.error.ValidationException.Problem;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisionedResource;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.provision.StackNames;
import dev.pave.provision.cloudformation.RunningStack;
import dev.pave.render.ProtonContext;
import dev.pave.render.RenderException;
import dev.pave.render.TemplateRenderer;
import dev.pave.service.Service;
import dev.pave.service.ServiceArns;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceService;
import dev.pave.tag.TagService;
import dev.pave.team.Ownership;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.BundleException;
import dev.pave.template.bundle.SafeYaml;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Directly defined components with Proton's rules: CloudFormation (provisioned with the environment's
 * componentRoleArn) or, in an environment provisioned through a repository, Terraform (committed there, as Proton's
 * self-managed provisioning did), attached to an instance only when its template version allows DIRECTLY_DEFINED,
 * deleted only when detached, and their outputs re-render the instance they are attached to.
 */
@ApplicationScoped
@Transactional
public class ComponentService {

    public record NewComponent(String name, String description, String environmentName, String serviceName, String serviceInstanceName,
            String serviceSpec, String manifest, String templateFile, Map<String, String> tags) {
    }

    /** UpdateComponent; null members stay; empty serviceName and serviceInstanceName detach. */
    public record Change(DeploymentType deploymentType, String description, String serviceName, String serviceInstanceName,
            String serviceSpec, String templateFile) {

        /** A portal edit with deploymentType NONE: the description only. */
        public static Change describe(String description) {
            return new Change(DeploymentType.NONE, description, null, null, null, null);
        }

        /**
         * Deploys what the component ran before (the rollback chose it): that template file and spec, with that
         * attachment (none: detached).
         */
        public static Change rollBack(String serviceName, String serviceInstanceName, String serviceSpec, String templateFile) {
            return new Change(DeploymentType.CURRENT_VERSION, null, serviceName == null ? "" : serviceName,
                    serviceInstanceName == null ? "" : serviceInstanceName, serviceSpec, templateFile);
        }

        /** A portal edit that deploys (CURRENT_VERSION): the template file and spec, detached from its instance if asked. */
        public static Change deploy(String description, String serviceSpec, String templateFile, boolean detach) {
            return new Change(DeploymentType.CURRENT_VERSION, description, detach ? "" : null, detach ? "" : null, serviceSpec, templateFile);
        }
    }

    /** A component whose stack already runs (AWS Proton deployed it), taken over as it runs: in an environment, or attached. */
    public record Adopted(String name, String environmentName, String serviceName, String serviceInstanceName, RunningStack stack,
            Map<String, String> tags) {
    }

    /** The one manifest Pave provisions components with: the create form's starting point, and an adopted component's. */
    public static final String MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "cloudformation.yaml";

    @Inject
    DeploymentService deployments;

    @Inject
    EnvironmentService environments;

    @Inject
    ServiceService services;

    @Inject
    ServiceArns serviceArns;

    @Inject
    TemplateService templates;

    @Inject
    TemplateRenderer renderer;

    @Inject
    TagService tags;

    @Inject
    AuditLog audit;

    @Inject
    Ownership ownership;

    @Inject
    Arns arns;

    public Component create(Caller caller, NewComponent spec) {
        Ownership.Claim owner = ownership.claim(caller, spec.tags());
        if (Component.byName(spec.name()).isPresent()) {
            throw new ConflictException("Component " + spec.name() + " already exists");
        }
        if (Component.count() >= 100) {
            throw new ServiceQuotaExceededException("You have reached the quota of 100 components");
        }
        provisioning(spec.manifest());
        Component c = new Component();
        c.name = spec.name();
        c.description = spec.description();
        c.manifest = spec.manifest();
        c.templateFile = spec.templateFile();
        c.serviceSpec = spec.serviceSpec();
        c.createdAt = c.lastModifiedAt = Instant.now();
        c.ownerTeam = owner.team();
        Target target = target(caller, spec.environmentName(), spec.serviceName(), spec.serviceInstanceName(), c);
        requireAttachable(caller, target);
        c.environmentName = target.environment().name;
        c.serviceName = target.instance() == null ? null : target.instance().serviceName;
        c.serviceInstanceName = target.instance() == null ? null : target.instance().name;
        NewDeployment deployment = deployment(c, target, c.templateFile, ProvisionRequest.Action.DEPLOY, null).build();
        // stored before its deployment starts, so whatever hears of the deployment (notices) finds its owner
        c.deployment.status = DeploymentStatus.IN_PROGRESS;
        c.persist();
        started(c, deployments.start(deployment));
        tags.tag(caller, arn(c), owner.tags());
        audit.record(caller, "CreateComponent", c.name, c.attached() ? "attached to " + c.serviceName + "/" + c.serviceInstanceName
                : "in environment " + c.environmentName);
        return c;
    }

    /**
     * Records a component with the stack it runs on: its template file is what the stack runs, its history starts
     * with one SUCCEEDED deployment holding the stack's outputs and resources, and nothing in the stack, or in the
     * instance it is attached to, is deployed again.
     */
    public Component adopt(Caller caller, Adopted a) {
        caller.require(Role.PLATFORM_ADMIN);
        Ownership.Claim owner = ownership.claim(caller, a.tags());
        if (Component.byName(a.name()).isPresent()) {
            throw new ConflictException("Component " + a.name() + " already exists");
        }
        if (Component.count() >= 100) {
            throw new ServiceQuotaExceededException("You have reached the quota of 100 components");
        }
        Component c = new Component();
        c.name = a.name();
        c.manifest = MANIFEST;
        c.templateFile = a.stack().appliedTemplate();
        c.createdAt = c.lastModifiedAt = Instant.now();
        c.ownerTeam = owner.team();
        Target target = target(caller, a.serviceName() == null ? a.environmentName() : null, a.serviceName(), a.serviceInstanceName(), c);
        c.environmentName = target.environment().name;
        NewDeployment imported = deployment(c, target, c.templateFile, ProvisionRequest.Action.DEPLOY, null).stack(a.stack().name()).build();
        c.deployment.importing(imported.request().deploymentId(), c.createdAt);
        c.persist();
        // attached only once recorded: a new attachment re-renders its instance, which already runs with these outputs
        deployments.imported(imported, a.stack());
        c.serviceName = target.instance() == null ? null : target.instance().serviceName;
        c.serviceInstanceName = target.instance() == null ? null : target.instance().name;
        tags.tag(caller, arn(c), owner.tags());
        audit.record(caller, "AdoptComponent", c.name, "stack " + a.stack().name() + (c.attached() ? ", attached to " + c.serviceName + "/"
                + c.serviceInstanceName : ", in environment " + c.environmentName) + ", team " + c.ownerTeam);
        return c;
    }

    public Component update(Caller caller, String name, Change change) {
        Component c = lock(name);
        ownership.requireChange(caller, c);
        deployments.active(arn(c)).ifPresent(d -> {
            throw new ConflictException("Component " + name + " already has a deployment in progress (" + d.id + ", " + d.status + ")");
        });
        if (change.description() != null) {
            c.description = change.description();
        }
        c.lastModifiedAt = Instant.now();
        boolean attachmentGiven = change.serviceName() != null || change.serviceInstanceName() != null;
        if (change.deploymentType() == DeploymentType.NONE) {
            if (attachmentGiven || change.templateFile() != null || change.serviceSpec() != null) {
                throw new ValidationException("deploymentType NONE changes only the description; use CURRENT_VERSION to change the "
                        + "template file or the attachment");
            }
            return c;
        }
        if (change.deploymentType() != DeploymentType.CURRENT_VERSION) {
            throw new ValidationException("Components are deployed with deploymentType NONE or CURRENT_VERSION only");
        }
        String serviceName = c.serviceName;
        String instanceName = c.serviceInstanceName;
        if (attachmentGiven) {
            boolean detach = (change.serviceName() == null || change.serviceName().isEmpty())
                    && (change.serviceInstanceName() == null || change.serviceInstanceName().isEmpty());
            serviceName = detach ? null : change.serviceName();
            instanceName = detach ? null : change.serviceInstanceName();
        }
        if (c.attached() && serviceName != null && !(serviceName.equals(c.serviceName) && instanceName.equals(c.serviceInstanceName))) {
            throw new ValidationException("Component " + name + " is attached to " + c.serviceName + "/" + c.serviceInstanceName
                    + "; detach it first (empty serviceName and serviceInstanceName) before attaching it elsewhere");
        }
        Target target = serviceName == null ? target(caller, c.environmentName, null, null, c)
                : target(caller, null, serviceName, instanceName, c);
        requireAttachable(caller, target);
        if (change.serviceSpec() != null) {
            c.serviceSpec = change.serviceSpec();
        }
        String templateFile = change.templateFile() != null ? change.templateFile() : c.templateFile;
        // the deployment's initial state is the attachment as it was, so its outcome knows which instance to re-render
        NewDeployment deployment = deployment(c, target, templateFile, ProvisionRequest.Action.DEPLOY, DeploymentType.CURRENT_VERSION).build();
        c.environmentName = target.environment().name;
        c.serviceName = target.instance() == null ? null : target.instance().serviceName;
        c.serviceInstanceName = target.instance() == null ? null : target.instance().name;
        started(c, deployments.start(deployment));
        audit.record(caller, "UpdateComponent", name, "deployment " + c.deployment.lastAttemptedId);
        return c;
    }

    /** Attaching a component changes the instance it joins (its IaC renders the component's outputs): its team must allow it. */
    private void requireAttachable(Caller caller, Target target) {
        if (target.instance() != null) {
            ownership.requireChange(caller, serviceArns.arn(target.instance())); // the team only: the service isn't ours to load
        }
    }

    public Component delete(Caller caller, String name) {
        Component c = lock(name);
        ownership.requireChange(caller, c);
        if (c.attached()) {
            throw new ValidationException("Component " + name + " is attached to service instance " + c.serviceName + "/" + c.serviceInstanceName
                    + "; detach it (UpdateComponent with empty serviceName and serviceInstanceName) before deleting it");
        }
        started(c, deployments.start(deployment(c, new Target(environment(c.environmentName), null, null), c.templateFile,
                ProvisionRequest.Action.DELETE, null).build()));
        audit.record(caller, "DeleteComponent", name, "deployment " + c.deployment.lastAttemptedId);
        return c;
    }

    public Component cancelDeployment(Caller caller, String name) {
        Component c = component(caller, name);
        ownership.requireChange(caller, c);
        deployments.cancel(caller, arn(c), "component " + name);
        return c;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Component component(Caller caller, String name) {
        caller.requireAnyRole();
        return Component.byName(name).orElseThrow(() -> new ResourceNotFoundException("The component " + name + " was not found"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Component> components(Caller caller, String environmentName, String serviceName, String serviceInstanceName, int offset, int limit) {
        caller.requireAnyRole();
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (environmentName != null) {
            where.add("environmentName = :e");
            params.put("e", environmentName);
        }
        if (serviceName != null) {
            where.add("serviceName = :s");
            params.put("s", serviceName);
        }
        if (serviceInstanceName != null) {
            where.add("serviceInstanceName = :i");
            params.put("i", serviceInstanceName);
        }
        var query = where.isEmpty() ? Component.<Component>findAll(Sort.by("name"))
                : Component.<Component>find(String.join(" and ", where), Sort.by("name"), params);
        return query.range(offset, offset + limit - 1).list();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> outputs(Caller caller, String name, String deploymentId) {
        return deployments.outputsOf(caller, arn(component(caller, name)), deploymentId, "component " + name);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProvisionedResource> provisionedResources(Caller caller, String name) {
        return deployments.provisionedResources(arn(component(caller, name)));
    }

    public String arn(Component c) {
        return arns.of("component", c.name);
    }

    /** Follows a deployment: status always; target state on success (re-rendering the instance when outputs changed); gone when deleted. */
    public void deploymentChanged(Deployment d) {
        Component c = Component.<Component>find("name", d.componentName).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElse(null);
        if (c == null || !c.deployment.follows(d)) {
            return;
        }
        String succeededBefore = c.deployment.lastSucceededId;
        c.lastModifiedAt = d.lastModifiedAt;
        if (c.deployment.followed(d)) {
            Map<String, String> before = succeededBefore == null ? Map.of() : deployments.deploymentOutputs(succeededBefore);
            JsonNode target = read(d.targetState).path("component");
            c.templateFile = target.path("templateFile").asText(c.templateFile);
            String previousService = read(d.initialState).path("component").path("serviceName").asText(null);
            String previousInstance = read(d.initialState).path("component").path("serviceInstanceName").asText(null);
            boolean attachmentChanged = !Objects.equals(previousService, c.serviceName) || !Objects.equals(previousInstance, c.serviceInstanceName);
            if (c.attached() && (!before.equals(deployments.outputs(arn(c))) || attachmentChanged)) {
                services.redeployInstance(c.serviceName, c.serviceInstanceName);
            }
            if (previousService != null && attachmentChanged) {
                services.redeployInstance(previousService, previousInstance);
            }
        } else if (d.status == DeploymentStatus.DELETE_COMPLETE) {
            tags.untagAll(arn(c));
            c.delete();
        }
    }

    // --- rules -------------------------------------------------------------------------------------------

    record Target(Environment environment, ServiceInstance instance, Service service) {
    }

    private Target target(Caller caller, String environmentName, String serviceName, String instanceName, Component component) {
        if ((serviceName == null) != (instanceName == null)) {
            throw new ValidationException("Give both serviceName and serviceInstanceName to attach a component, or neither");
        }
        if (serviceName == null) {
            if (environmentName == null) {
                throw new ValidationException("A component needs an environmentName, or a serviceName and serviceInstanceName to attach to");
            }
            Environment e = environment(environmentName);
            requireProvisionable(e, component);
            return new Target(e, null, null);
        }
        if (environmentName != null) {
            throw new ValidationException("An attached component runs in its instance's environment; leave out environmentName");
        }
        ServiceInstance i = services.instance(caller, serviceName, instanceName);
        Service s = services.service(caller, serviceName);
        TemplateVersion v = templates.version(caller, TemplateType.SERVICE, i.templateName, i.templateVersion.major, i.templateVersion.minor);
        List<String> sources = templates.supportedComponentSources(v);
        if (sources == null || !sources.contains("DIRECTLY_DEFINED")) {
            throw new ValidationException("Service template version " + i.templateName + ":" + i.version() + " of instance " + serviceName + "/"
                    + instanceName + " doesn't list DIRECTLY_DEFINED in its supportedComponentSources");
        }
        Component.attachedTo(serviceName, instanceName).filter(other -> !other.name.equals(component.name)).ifPresent(other -> {
            throw new ConflictException("Service instance " + serviceName + "/" + instanceName + " already has component " + other.name);
        });
        deployments.active(serviceArns.arn(i)).ifPresent(d -> {
            throw new ConflictException("Service instance " + serviceName + "/" + instanceName + " has a deployment in progress (" + d.id
                    + "); its component can't change until it finishes");
        });
        Environment e = environment(i.environmentName);
        requireProvisionable(e, component);
        return new Target(e, i, s);
    }

    /** CloudFormation components run with the environment's componentRoleArn; Terraform ones are committed to its repository. */
    private void requireProvisionable(Environment e, Component c) {
        if (provisioning(c.manifest).method() == ProvisioningMethod.SELF_MANAGED) {
            if (e.repositoryName == null) {
                throw new ValidationException("Component " + c.name + " is Terraform, which Pave commits to its environment's provisioning "
                        + "repository, and environment " + e.name + " has none (it is provisioned by " + e.provisioningMethod + ")");
            }
        } else if (environments.roles(e).componentRoleArn() == null) {
            throw new ValidationException("Environment " + e.name + " has no componentRoleArn, which components need"
                    + (e.environmentAccountConnectionId == null ? "" : " (its account connection " + e.environmentAccountConnectionId + " has none)"));
        }
    }

    /** How a component's manifest says it is provisioned, and the file its template is. */
    record Provisioning(ProvisioningMethod method, String file) {
    }

    /**
     * A component's manifest, checked: CloudFormation rendered with Jinja (Pave provisions it with the environment's
     * component role), or Terraform that Proton doesn't render (committed, as Proton's self-managed provisioning did,
     * to the environment's repository).
     */
    static Provisioning provisioning(String manifest) {
        JsonNode root;
        try {
            root = SafeYaml.parse("manifest", manifest.getBytes(StandardCharsets.UTF_8));
        } catch (BundleException e) {
            throw new ValidationException(Problem.about("manifest", "manifest is not valid YAML: " + e.getMessage()));
        }
        JsonNode templatesNode = root.path("infrastructure").path("templates");
        if (!templatesNode.isArray() || templatesNode.size() != 1) {
            throw new ValidationException(Problem.about("manifest", "manifest must list one template under infrastructure.templates"));
        }
        JsonNode t = templatesNode.get(0);
        String language = t.path("template_language").asText();
        String engine = t.path("rendering_engine").asText("jinja");
        if ("cloudformation".equals(language) && "jinja".equals(engine)) {
            return new Provisioning(ProvisioningMethod.CLOUDFORMATION, FILE);
        }
        if ("terraform".equals(language) && "hcl".equals(engine)) {
            String file = t.path("file").asText("*");
            if (!file.equals("*") && !file.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.tf")) {
                throw new ValidationException(Problem.about("manifest", "file must be a Terraform file name like main.tf, or \"*\""));
            }
            return new Provisioning(ProvisioningMethod.SELF_MANAGED, file.equals("*") ? "main.tf" : file);
        }
        throw new ValidationException(Problem.about("manifest", "Pave provisions components with CloudFormation (rendering_engine jinja, "
                + "template_language cloudformation) or, in an environment with a provisioning repository, Terraform (rendering_engine hcl, "
                + "template_language terraform)"));
    }

    private Environment environment(String name) {
        return Environment.byName(name).orElseThrow(() -> new ValidationException("Environment " + name + " does not exist"));
    }

    private NewDeployment.Builder deployment(Component c, Target target, String templateFile, ProvisionRequest.Action action, DeploymentType type) {
        String id = DeploymentService.newId();
        Environment e = target.environment();
        Provisioning provisioning = provisioning(c.manifest);
        Map<String, String> environmentOutputs = deployments.outputs(environments.arn(e));
        ObjectNode protonInputs = JsonNodeFactory.instance.objectNode();
        protonInputs.putObject("component").put("name", c.name);
        String arn = arn(c);
        String serviceName = target.instance() == null ? null : target.instance().serviceName;
        String instanceName = target.instance() == null ? null : target.instance().name;
        // the names a stack template's Proton-named parameters take (StackParameters), and Terraform's variables
        protonInputs.putObject("environment").put("name", e.name).put("account_id", environments.accountId(e))
                .set("outputs", JSON.valueToTree(environmentOutputs));
        if (serviceName != null) {
            protonInputs.putObject("service").put("name", serviceName);
            protonInputs.putObject("service_instance").put("name", instanceName).set("inputs", read(target.instance().spec));
        }
        NewDeployment.Builder deployment = NewDeployment.builder(id, action, TargetType.COMPONENT, arn, provisioning.method())
                .protonInputs(protonInputs).targetCreatedAt(c.createdAt).environment(e.name).service(serviceName).serviceInstance(instanceName)
                .component(c.name).type(type).following(c.deployment)
                .states(c.deployment.isNew() ? null : state(c.serviceName, c.serviceInstanceName, c.serviceSpec, c.templateFile),
                        action == ProvisionRequest.Action.DELETE ? null : state(serviceName, instanceName, c.serviceSpec, templateFile));
        if (provisioning.method() == ProvisioningMethod.SELF_MANAGED) {
            // Proton doesn't render Terraform: the inputs reach it as variables (proton.auto.tfvars.json)
            return deployment.files(Map.of(provisioning.file(), templateFile, "manifest.yaml", c.manifest), null).folder(e.name + "/" + c.name)
                    .selfManagedComponent(new ProvisionRequest.Repository(e.repositoryProvider, e.repositoryName, e.repositoryBranch, null, null),
                            environments.arn(e));
        }
        EnvironmentRoles roles = environments.roles(e);
        ProtonContext.EnvironmentRef env = new ProtonContext.EnvironmentRef(e.name, environments.accountId(e), Map.of(), environmentOutputs);
        ProtonContext.ComponentRef ref = new ProtonContext.ComponentRef(c.name, Map.of());
        Map<String, Object> context;
        if (target.instance() != null) {
            ServiceInstance i = target.instance();
            Service s = target.service();
            context = ProtonContext.attachedComponent(ref, new ProtonContext.ServiceRef(s.name, s.branchName, s.repositoryConnectionArn, s.repositoryId),
                    new ProtonContext.InstanceRef(i.name, dev.pave.render.BundleRendering.values(read(i.spec)), Map.of(), env));
        } else {
            context = ProtonContext.detachedComponent(ref, env);
        }
        String rendered;
        try {
            rendered = renderer.render(FILE, templateFile, context);
        } catch (RenderException ex) {
            throw new ValidationException(Problem.about("templateFile", "Rendering templateFile " + ex.getMessage()));
        }
        return deployment.stack(StackNames.component(c.name)).files(Map.of(FILE, rendered, "manifest.yaml", c.manifest), FILE)
                .role(roles.componentRoleArn()).account(roles.accountRole(ProvisioningMethod.CLOUDFORMATION));
    }

    private static ObjectNode state(String serviceName, String instanceName, String serviceSpec, String templateFile) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        ObjectNode c = state.putObject("component");
        if (serviceName != null) {
            c.put("serviceName", serviceName).put("serviceInstanceName", instanceName);
        }
        if (serviceSpec != null) {
            c.put("serviceSpec", serviceSpec);
        }
        c.put("templateFile", templateFile);
        return state;
    }

    private void started(Component c, Deployment d) {
        c.deployment.started(d);
        c.lastModifiedAt = d.createdAt;
    }

    private Component lock(String name) {
        return Component.<Component>find("name", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new ResourceNotFoundException("The component " + name + " was not found"));
    }

    private static JsonNode read(String json) {
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
