package dev.pave.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.account.AccountSettings;
import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.NewDeployment;
import dev.pave.deploy.TargetType;
import dev.pave.deploy.plan.Rendered;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentRoles;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.ValidationException;
import dev.pave.identity.Caller;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.provision.StackNames;
import dev.pave.provision.cloudformation.RunningStack;
import dev.pave.render.BundleRendering;
import dev.pave.render.ProtonContext;
import dev.pave.schema.Inputs;
import dev.pave.schema.SpecDocuments;
import dev.pave.tag.TagService;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.Manifest;
import dev.pave.template.bundle.ValidatedBundle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's deployments: what an instance's or the pipeline's deployment carries (rendered IaC, Proton's inputs,
 * the provisioning method and role, the before and after states) and starting them. The status flow moves the
 * service on through it.
 */
@ApplicationScoped
public class ServiceDeployments implements ServiceStatusFlow.Effects {

    static final String INSTANCE_FOLDER = "instance_infrastructure";
    static final String PIPELINE_FOLDER = "pipeline_infrastructure";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TemplateService templates;

    @Inject
    DeploymentService deployments;

    @Inject
    EnvironmentService environments;

    @Inject
    TagService tags;

    @Inject
    ServiceArns arns;

    @Inject
    Event<ServiceService.StatusChanged> statusChanged;

    @Inject
    BundleRendering rendering;

    @Inject
    jakarta.enterprise.inject.Instance<InstanceDependents> dependents;

    /** Whether services of this template version have a pipeline: a bundle with one, unless pipelines are CUSTOMER_MANAGED. */
    public static boolean hasPipeline(Template template, ValidatedBundle bundle) {
        return !template.customerManaged() && bundle.manifests().containsKey(PIPELINE_FOLDER);
    }

    /** Starts a deployment of an instance (with DELETE, its deprovisioning); the instance follows it from now on. */
    void startInstance(Service s, ServiceInstance i, TemplateVersion version, ObjectNode inputs, ProvisionRequest.Action action,
            DeploymentType type) {
        Deployment d = deployments.start(instanceDeployment(DeploymentService.newId(), s, i, version, inputs, action, type).build());
        i.deployment.started(d);
        i.lastModifiedAt = d.createdAt;
    }

    /** Starts a deployment of the service's pipeline; only a service with a pipeline, whose state was set up at create, has one. */
    void startPipeline(Service s, TemplateVersion version, String inputsJson, ProvisionRequest.Action action, DeploymentType type) {
        Deployment d = deployments.start(pipelineDeployment(DeploymentService.newId(), s, version, inputsJson, action, type).build());
        s.pipelineDeployment.started(d);
        s.lastModifiedAt = d.createdAt;
    }

    /**
     * The deployment recording the stack an instance runs on (one AWS Proton deployed) as its first, SUCCEEDED once
     * {@link DeploymentService#imported imported}: nothing in the stack changes, and the instance's next deployment
     * updates it. The new instance follows it from now on.
     */
    NewDeployment instanceImport(Service s, ServiceInstance i, TemplateVersion version, ObjectNode inputs, RunningStack stack) {
        NewDeployment d = adopting(instanceDeployment(DeploymentService.newId(), s, i, version, inputs, ProvisionRequest.Action.DEPLOY, null), stack);
        i.deployment.importing(d.request().deploymentId(), i.createdAt);
        return d;
    }

    /** The same for the pipeline's stack, once the instances are recorded (its deployment lists them). */
    NewDeployment pipelineImport(Service s, TemplateVersion version, String inputsJson, RunningStack stack) {
        NewDeployment d = adopting(pipelineDeployment(DeploymentService.newId(), s, version, inputsJson, ProvisionRequest.Action.DEPLOY, null), stack);
        s.pipelineDeployment.importing(d.request().deploymentId(), s.createdAt);
        return d;
    }

    /** What the stack runs is the deployment's template: drift checks compare the stack with it. */
    private static NewDeployment adopting(NewDeployment.Builder deployment, RunningStack stack) {
        return deployment.stack(stack.name()).files(Map.of("cloudformation.yaml", stack.appliedTemplate()), "cloudformation.yaml").build();
    }

    @Override
    public List<ServiceInstance> instances(Service s) {
        return ServiceInstance.of(s.name);
    }

    @Override
    public void deleteInstance(Service s, ServiceInstance i) {
        TemplateVersion v = instanceVersion(i);
        i.deleting = true;
        startInstance(s, i, v, (ObjectNode) SpecDocuments.read(i.spec), ProvisionRequest.Action.DELETE, null);
    }

    @Override
    public void deployPipeline(Service s) {
        startPipeline(s, pipelineVersion(s), s.pipelineSpec, ProvisionRequest.Action.DEPLOY,
                DeploymentType.CURRENT_VERSION);
    }

    @Override
    public void remove(Service s) {
        tags.untagAll(arns.arn(s));
        s.delete();
    }

    @Override
    public void statusChanged(Service s, Service.Status previous) {
        statusChanged.fire(new ServiceService.StatusChanged(s, arns.arn(s), previous));
    }

    /** Instances were added or removed: the pipeline (a stage per instance) is deployed again, now or when it is free. */
    void pipelineInstancesChanged(Service s) {
        if (!s.hasPipeline || s.pipelineState().isNew()) {
            return;
        }
        if (deployments.active(arns.pipelineArn(s)).isPresent()) {
            s.pipelineRedeployPending = true;
        } else {
            deployPipeline(s);
        }
    }

    static Environment environment(String name) {
        return Environment.byName(name).orElseThrow(() -> new ValidationException("Environment " + name + " does not exist"));
    }

    /** A service template version deploys instances only into environments of the templates and majors it is compatible with. */
    void requireCompatible(TemplateVersion version, Environment e) {
        List<TemplateService.CompatibleEnvironment> compatible = templates.compatibleEnvironments(version);
        boolean ok = compatible.stream().anyMatch(c -> c.templateName().equals(e.templateName) && c.majorVersion() == e.templateVersion.major);
        if (!ok) {
            throw new ValidationException("Environment " + e.name + " runs environment template " + e.templateName + ":" + e.templateVersion.major
                    + ", which service template " + version.template.name + ":" + version.version() + " is not compatible with; compatible: "
                    + compatible.stream().map(c -> c.templateName() + ":" + c.majorVersion()).toList());
        }
    }

    /** An instance is provisioned the way its environment is: CloudFormation, commands or self-managed. */
    ProvisioningMethod instanceMethod(Environment e, TemplateVersion version) {
        Manifest manifest = manifest(version, INSTANCE_FOLDER);
        String template = "Service template " + version.template.name + ":" + version.version();
        return switch (manifest.engine()) {
            case TERRAFORM -> {
                if (e.repositoryName == null) {
                    throw new ValidationException(template + " is Terraform, which Pave provisions self-managed, but environment " + e.name
                            + " has no provisioning repository");
                }
                yield ProvisioningMethod.SELF_MANAGED;
            }
            case CODEBUILD -> {
                if (environments.roles(e).codebuildRoleArn() == null) {
                    throw new ValidationException(template + " has a codebuild manifest, which needs a codebuildRoleArn on environment " + e.name
                            + (e.environmentAccountConnectionId == null ? "" : " (its account connection's)"));
                }
                yield ProvisioningMethod.COMMANDS;
            }
            case CLOUDFORMATION -> {
                if (environments.roles(e).stackRoleArn() == null) {
                    throw new ValidationException(template + " is CloudFormation, which needs a protonServiceRoleArn on environment " + e.name);
                }
                yield ProvisioningMethod.CLOUDFORMATION;
            }
        };
    }

    /** Pipelines are provisioned as the account settings say, matched to the pipeline manifest's engine. */
    ProvisioningMethod pipelineMethod(TemplateVersion version) {
        Manifest manifest = manifest(version, PIPELINE_FOLDER);
        AccountSettings settings = AccountSettings.get();
        String template = "The pipeline of service template " + version.template.name + ":" + version.version();
        return switch (manifest.engine()) {
            case TERRAFORM -> {
                if (settings == null || settings.pipelineProvisioningRepository == null) {
                    throw new ValidationException(template + " is Terraform, which needs pipelineProvisioningRepository in the account settings");
                }
                yield ProvisioningMethod.SELF_MANAGED;
            }
            case CODEBUILD -> {
                if (settings == null || settings.pipelineCodebuildRoleArn == null) {
                    throw new ValidationException(template + " has a codebuild manifest, which needs pipelineCodebuildRoleArn in the account settings");
                }
                yield ProvisioningMethod.COMMANDS;
            }
            case CLOUDFORMATION -> {
                if (settings == null || settings.pipelineServiceRoleArn == null) {
                    throw new ValidationException(template + " is CloudFormation, which needs pipelineServiceRoleArn in the account settings");
                }
                yield ProvisioningMethod.CLOUDFORMATION;
            }
        };
    }

    private Manifest manifest(TemplateVersion version, String folder) {
        Manifest manifest = templates.bundle(version).manifests().get(folder);
        if (manifest == null) {
            throw new ValidationException("Service template version " + version.template.name + ":" + version.version() + " has no " + folder + " folder");
        }
        return manifest;
    }

    TemplateVersion instanceVersion(ServiceInstance i) {
        return templates.version(Caller.system(), TemplateType.SERVICE, i.templateName, i.templateVersion.major, i.templateVersion.minor);
    }

    TemplateVersion pipelineVersion(Service s) {
        return templates.version(Caller.system(), TemplateType.SERVICE, s.templateName, s.pipelineTemplateVersion.major, s.pipelineTemplateVersion.minor);
    }

    private ProtonContext.ServiceRef serviceRef(Service s) {
        return new ProtonContext.ServiceRef(s.name, s.branchName, s.repositoryConnectionArn, s.repositoryId);
    }

    private ProtonContext.EnvironmentRef environmentRef(Environment e) {
        return new ProtonContext.EnvironmentRef(e.name, environments.accountId(e), Map.of(), deployments.outputs(environments.arn(e)));
    }

    private ObjectNode serviceInputs(Service s) {
        ObjectNode service = JsonNodeFactory.instance.objectNode().put("name", s.name);
        if (s.repositoryId != null) {
            service.put("branch_name", s.branchName).put("repository_connection_arn", s.repositoryConnectionArn).put("repository_id", s.repositoryId);
        }
        return service;
    }

    private ObjectNode environmentInputs(ProtonContext.EnvironmentRef e) {
        ObjectNode env = JsonNodeFactory.instance.objectNode().put("account_id", e.accountId()).put("name", e.name());
        env.set("outputs", JSON.valueToTree(e.outputs()));
        return env;
    }

    /**
     * The files a deployment of the instance's inputs at {@code version} would apply (resolved against that version's
     * schema, in an environment it must be compatible with), rendered as that deployment renders them, without starting
     * it: an upgrade plan's view. Problems are ValidationExceptions.
     */
    public Rendered renderedAt(Service s, ServiceInstance i, TemplateVersion version) {
        ValidatedBundle bundle = templates.bundle(version);
        ObjectNode inputs = Inputs.resolve(bundle.inputSchema(), inputsAt(i, version), "spec");
        requireCompatible(version, environment(i.environmentName));
        return new Rendered(instanceDeployment(DeploymentService.newId(), s, i, version, inputs, ProvisionRequest.Action.DEPLOY, null).build()
                .request().files(),
                SpecDocuments.instance(inputs));
    }

    /** The instance's own inputs as a deployment at {@code version} reads them: migrated across a major by its migrations.yaml. */
    ObjectNode inputsAt(ServiceInstance i, TemplateVersion version) {
        return templates.bundle(version).migrate(i.templateVersion.major, version.majorVersion, (ObjectNode) SpecDocuments.read(i.spec));
    }

    /** The same for the service's pipeline. */
    public Rendered pipelineRenderedAt(Service s, TemplateVersion version) {
        ValidatedBundle bundle = templates.bundle(version);
        if (!bundle.manifests().containsKey(PIPELINE_FOLDER)) {
            throw new ValidationException("Service template version " + s.templateName + ":" + version.version() + " has no pipeline");
        }
        String inputs = Inputs.resolve(bundle.pipelineInputSchema(), (ObjectNode) SpecDocuments.read(s.pipelineSpec), "spec.pipeline").toString();
        return new Rendered(pipelineDeployment(DeploymentService.newId(), s, version, inputs, ProvisionRequest.Action.DEPLOY, null).build()
                .request().files(),
                SpecDocuments.pipelineSpec(inputs));
    }

    private NewDeployment.Builder instanceDeployment(String id, Service s, ServiceInstance i, TemplateVersion version, ObjectNode inputs,
            ProvisionRequest.Action action, DeploymentType type) {
        String arn = arns.arn(i);
        ValidatedBundle bundle = templates.bundle(version);
        Environment e = environment(i.environmentName);
        ProtonContext.EnvironmentRef env = environmentRef(e);
        ProtonContext.ComponentRef component = dependents.stream().map(d -> d.attachedComponent(i)).filter(Optional::isPresent)
                .map(Optional::get).findFirst().orElse(null);
        Map<String, Object> context = ProtonContext.serviceInstance(serviceRef(s),
                new ProtonContext.InstanceRef(i.name, BundleRendering.values(inputs), Map.of(), env), component);
        Map<String, String> files = rendering.renderFolder(bundle, INSTANCE_FOLDER, context);

        ObjectNode protonInputs = JsonNodeFactory.instance.objectNode();
        ObjectNode instance = protonInputs.putObject("service_instance").put("name", i.name);
        instance.set("inputs", inputs);
        if (component != null) {
            instance.putObject("components").putObject("default").put("name", component.name()).set("outputs", JSON.valueToTree(component.outputs()));
        }
        protonInputs.set("service", serviceInputs(s));
        protonInputs.set("environment", environmentInputs(env));

        Manifest manifest = manifest(version, INSTANCE_FOLDER);
        NewDeployment.Builder deployment = NewDeployment.builder(id, action, TargetType.SERVICE_INSTANCE, arn, i.provisioningMethod)
                .stack(StackNames.serviceInstance(s.name, i.name)).files(files, null)
                .commands(manifest.provisionCommands(), manifest.deprovisionCommands(), manifest.driftCommands()).protonInputs(protonInputs)
                .folder(e.name + "/" + s.name + "-" + i.name)
                .targetCreatedAt(i.createdAt).environment(e.name).service(s.name).serviceInstance(i.name).type(type).following(i.deployment)
                .states(i.deployment.isNew() ? null : instanceState(i.templateName, i.templateVersion.major, i.templateVersion.minor, i.spec, e, s),
                        action == ProvisionRequest.Action.DELETE ? null
                                : instanceState(version.template.name, version.majorVersion, version.minorVersion, inputs.toString(), e, s));
        EnvironmentRoles roles = i.provisioningMethod == ProvisioningMethod.SELF_MANAGED ? null : environments.roles(e);
        switch (i.provisioningMethod) {
            case CLOUDFORMATION -> deployment.files(files, manifest.files().get(0).substring(INSTANCE_FOLDER.length() + 1))
                    .role(roles.stackRoleArn()).account(roles.accountRole(ProvisioningMethod.CLOUDFORMATION));
            case COMMANDS -> deployment.role(roles.codebuildRoleArn()).account(roles.accountRole(ProvisioningMethod.COMMANDS));
            case SELF_MANAGED -> {
                deployment.selfManaged(new ProvisionRequest.Repository(e.repositoryProvider, e.repositoryName, e.repositoryBranch, null, null),
                        templates.arn(version.template), DeployedVersion.of(version.majorVersion, version.minorVersion), environments.arn(e));
            }
        }
        return deployment;
    }

    private NewDeployment.Builder pipelineDeployment(String id, Service s, TemplateVersion version, String inputsJson, ProvisionRequest.Action action,
            DeploymentType type) {
        String arn = arns.pipelineArn(s);
        ValidatedBundle bundle = templates.bundle(version);
        ObjectNode inputs = (ObjectNode) SpecDocuments.read(inputsJson);
        List<ProtonContext.InstanceRef> refs = new ArrayList<>();
        ArrayNode instanceInputs = JsonNodeFactory.instance.arrayNode();
        String environmentName = "";
        for (ServiceInstance i : ServiceInstance.of(s.name)) {
            if (i.deleting || !i.deployment.deployed()) {
                continue;
            }
            Environment e = environment(i.environmentName);
            if (environmentName.isEmpty()) {
                environmentName = e.name;
            }
            ProtonContext.EnvironmentRef env = environmentRef(e);
            Map<String, String> outputs = deployments.outputs(arns.arn(i));
            refs.add(new ProtonContext.InstanceRef(i.name, BundleRendering.values(SpecDocuments.read(i.spec)), outputs, env));
            ObjectNode item = instanceInputs.addObject().put("name", i.name);
            item.set("inputs", SpecDocuments.read(i.spec));
            item.set("outputs", JSON.valueToTree(outputs));
            item.set("environment", environmentInputs(env));
        }
        Map<String, Object> context = ProtonContext.pipeline(serviceRef(s), BundleRendering.values(inputs), refs);
        Map<String, String> files = rendering.renderFolder(bundle, PIPELINE_FOLDER, context);
        ObjectNode protonInputs = JsonNodeFactory.instance.objectNode();
        protonInputs.putObject("pipeline").set("inputs", inputs);
        protonInputs.set("service", serviceInputs(s));
        protonInputs.set("service_instances", instanceInputs);

        Manifest manifest = manifest(version, PIPELINE_FOLDER);
        AccountSettings settings = AccountSettings.get();
        NewDeployment.Builder deployment = NewDeployment.builder(id, action, TargetType.SERVICE_PIPELINE, arn, s.pipelineProvisioningMethod)
                .stack(StackNames.pipeline(s.name)).files(files, null)
                .commands(manifest.provisionCommands(), manifest.deprovisionCommands(), manifest.driftCommands()).protonInputs(protonInputs).folder(s.name + "/pipeline")
                .targetCreatedAt(s.createdAt).environment(environmentName).service(s.name).type(type).following(s.pipelineState())
                .states(s.pipelineState().isNew() ? null
                                : pipelineState(s.templateName, s.pipelineTemplateVersion.major, s.pipelineTemplateVersion.minor, s.pipelineSpec),
                        action == ProvisionRequest.Action.DELETE ? null
                                : pipelineState(version.template.name, version.majorVersion, version.minorVersion, inputsJson));
        switch (s.pipelineProvisioningMethod) {
            case CLOUDFORMATION -> deployment.files(files, manifest.files().get(0).substring(PIPELINE_FOLDER.length() + 1))
                    .role(settings.pipelineServiceRoleArn);
            case COMMANDS -> deployment.role(settings.pipelineCodebuildRoleArn);
            case SELF_MANAGED -> deployment.selfManaged(ProvisionRequest.Repository.stored(SpecDocuments.read(settings.pipelineProvisioningRepository)),
                    templates.arn(version.template), DeployedVersion.of(version.majorVersion, version.minorVersion), null);
        }
        return deployment;
    }

    private ObjectNode instanceState(String templateName, int major, int minor, String spec, Environment e, Service s) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        ObjectNode i = state.putObject("serviceInstance").put("templateName", templateName)
                .put("templateMajorVersion", String.valueOf(major)).put("templateMinorVersion", String.valueOf(minor)).put("spec", spec);
        if (e.deployment.deployed()) {
            i.put("lastSuccessfulEnvironmentDeploymentId", e.deployment.lastSucceededId);
        }
        if (s.pipelineState().deployed()) {
            i.put("lastSuccessfulServicePipelineDeploymentId", s.pipelineState().lastSucceededId);
        }
        return state;
    }

    private static ObjectNode pipelineState(String templateName, int major, int minor, String spec) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.putObject("servicePipeline").put("templateName", templateName)
                .put("templateMajorVersion", String.valueOf(major)).put("templateMinorVersion", String.valueOf(minor)).put("spec", spec);
        return state;
    }
}
