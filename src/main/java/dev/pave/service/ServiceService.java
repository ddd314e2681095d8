package dev.pave.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.approval.Approval;
import dev.pave.approval.Approvals;
import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentState;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.NewDeployment;
import dev.pave.deploy.TargetType;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.environment.Environment;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ServiceQuotaExceededException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisionedResource;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.provision.cloudformation.RunningStack;
import dev.pave.schema.Inputs;
import dev.pave.schema.Spec;
import dev.pave.schema.SpecDocuments;
import dev.pave.tag.TagService;
import dev.pave.team.Ownership;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.ValidatedBundle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Proton operations on services, their pipelines and their instances: their checks, their records and the
 * deployments they start (through {@link ServiceDeployments}). A new service deploys its instances first, then its
 * pipeline; {@link ServiceStatusFlow} moves it on as they finish. Every deployment is validated and rendered while the
 * request is made, so a bad spec fails the request and deploys nothing. Lists and filters are {@link ServiceSearch}'s.
 */
@ApplicationScoped
@Transactional
public class ServiceService {

    /** A service's status moved on (Proton's "AWS Proton Service Status Change"), fired in the changing transaction. */
    public record StatusChanged(Service service, String arn, Service.Status previous) {
    }

    /** UpdateServiceInstance or UpdateServicePipeline; null members stay as they are. */
    public record VersionChange(DeploymentType deploymentType, String spec, Integer templateMajorVersion, Integer templateMinorVersion) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TemplateService templates;

    @Inject
    Approvals approvals;

    @Inject
    IdentityService identity;

    @Inject
    VersionRules versionRules;

    @Inject
    DeploymentService deployments;

    @Inject
    TagService tags;

    @Inject
    AuditLog audit;

    @Inject
    Ownership ownership;

    @Inject
    ServiceArns arns;

    @Inject
    ServiceDeployments serviceDeployments;

    @Inject
    ServiceStatusFlow flow;

    @Inject
    jakarta.enterprise.inject.Instance<InstanceDependents> dependents;

    @Inject
    jakarta.enterprise.inject.Instance<ManualChanges> manualChanges;

    public Service create(Caller caller, NewService spec) {
        return create(caller, spec, false);
    }

    /** CreateService for a service whose instances service sync creates: its spec may list none yet (Proton's Git flow). */
    public Service createSynced(Caller caller, NewService spec) {
        return create(caller, spec, true);
    }

    private Service create(Caller caller, NewService spec, boolean instancesFromSync) {
        Ownership.Claim owner = ownership.claim(caller, spec.tags());
        if (Service.byName(spec.name()).isPresent()) {
            throw new ConflictException("Service " + spec.name() + " already exists");
        }
        if (Service.count() >= 1000) {
            throw new ServiceQuotaExceededException("You have reached the quota of 1000 services");
        }
        Template template = templates.template(caller, TemplateType.SERVICE, spec.templateName());
        ownership.requireAdmitted(owner.team(), "Creating service " + spec.name(), List.of(template.policy()));
        TemplateVersion version = versionRules.published(caller, template, spec.templateMajorVersion(), spec.templateMinorVersion());
        ValidatedBundle bundle = templates.bundle(version);
        ObjectNode document = Spec.parse(spec.spec(), Spec.Kind.ServiceSpec);
        List<InstanceSpec> instances = InstanceSpec.of(document);
        if (instances.isEmpty() && !instancesFromSync) {
            throw new ValidationException("spec.instances is empty: a service needs at least one instance");
        }

        Service s = newService(caller, owner, template, spec.name(), spec.spec(), spec.repositoryConnectionArn(), spec.repositoryId(),
                spec.branchName(), Service.Status.CREATE_IN_PROGRESS);
        s.description = spec.description();
        s.hasPipeline = ServiceDeployments.hasPipeline(template, bundle);
        JsonNode pipeline = document.get("pipeline");
        if (s.hasPipeline) {
            ObjectNode inputs = Inputs.resolve(bundle.pipelineInputSchema(), pipeline instanceof ObjectNode o ? o : JSON.createObjectNode(),
                    "spec.pipeline");
            s.pipelineSpec = inputs.toString();
            s.pipelineTemplateVersion = DeployedVersion.of(version.majorVersion, version.minorVersion);
            s.pipelineProvisioningMethod = serviceDeployments.pipelineMethod(version);
            s.pipelineDeployment = new DeploymentState();
            s.pipelineDeployment.status = DeploymentStatus.IN_PROGRESS; // deployed once the instances are
            if (s.repositoryId == null || s.branchName == null || s.repositoryConnectionArn == null) {
                throw new ValidationException("Service template " + template.name + ":" + version.version() + " has a pipeline, "
                        + "which needs repositoryConnectionArn, repositoryId and branchName");
            }
        } else if (pipeline != null && !pipeline.isNull()) {
            throw new ValidationException("spec.pipeline is given, but service template " + template.name + ":" + version.version()
                    + " has no pipeline");
        }
        s.persist();
        serviceDeployments.statusChanged(s, null);
        for (InstanceSpec i : instances) {
            newInstance(caller, s, version, i);
        }
        if (instances.isEmpty()) {
            flow.reconcile(s); // nothing to wait for: the pipeline deploys now, or the service is ACTIVE
        }
        tags.tag(caller, arns.arn(s), owner.tags());
        audit.record(caller, "CreateService", s.name, template.name + ":" + version.version() + ", " + instances.size() + " instance(s), team "
                + s.ownerTeam);
        return s;
    }

    /**
     * A service whose stacks already run (AWS Proton deployed them), taken over as the admin matched it to a template
     * version and a ServiceSpec naming every instance.
     *
     * @param instances the instances found running, each on its stack
     * @param pipelineStack the name of the pipeline's stack: required when the version has a pipeline, as are the
     *     repository members
     */
    public record Adopted(String name, String templateName, int templateMajorVersion, int templateMinorVersion, String spec,
            String repositoryConnectionArn, String repositoryId, String branchName, Set<String> instances, String pipelineStack,
            Map<String, String> tags) {
    }

    /**
     * Records a service and its instances and pipeline with the stacks they run on: each history starts with one
     * SUCCEEDED deployment holding its stack's outputs and resources, nothing in the stacks changes, the service is
     * ACTIVE, and the next update of an instance or the pipeline applies a change set to its stack. The instances'
     * environments must be in Pave already (adopted first).
     */
    public Service adopt(Caller caller, Adopted a, Map<String, RunningStack> instanceStacks, RunningStack pipelineStack) {
        Adoption checked = checked(caller, a);
        Ownership.Claim owner = ownership.claim(caller, a.tags());
        TemplateVersion version = checked.version();
        // settled from the start: what it runs is not deployed again when its parts are recorded
        Service s = newService(caller, owner, version.template, a.name(), a.spec(), a.repositoryConnectionArn(), a.repositoryId(), a.branchName(),
                Service.Status.ACTIVE);
        s.hasPipeline = checked.pipelineInputs() != null;
        if (s.hasPipeline) {
            s.pipelineProvisioningMethod = serviceDeployments.pipelineMethod(version);
            requireCloudFormation(s.pipelineProvisioningMethod, "The pipeline of service " + a.name(), version);
            s.pipelineSpec = checked.pipelineInputs();
            s.pipelineTemplateVersion = DeployedVersion.of(version.majorVersion, version.minorVersion);
            s.pipelineDeployment = new DeploymentState();
        }
        s.persist();
        serviceDeployments.statusChanged(s, null);
        for (InstanceSpec spec : checked.instances()) {
            Environment e = ServiceDeployments.environment(spec.environment());
            ownership.requireAdmitted(s.ownerTeam, "Service instance " + s.name + "/" + spec.name() + " in environment " + e.name,
                    List.of(e.instancePolicy()));
            serviceDeployments.requireCompatible(version, e);
            ServiceInstance i = new ServiceInstance();
            i.serviceName = s.name;
            i.name = spec.name();
            i.environmentName = e.name;
            i.templateName = s.templateName;
            i.templateVersion = DeployedVersion.of(version.majorVersion, version.minorVersion);
            ObjectNode inputs = Inputs.resolve(checked.bundle().inputSchema(), spec.inputs(), spec.path());
            i.spec = inputs.toString();
            i.provisioningMethod = serviceDeployments.instanceMethod(e, version);
            requireCloudFormation(i.provisioningMethod, "Service instance " + s.name + "/" + i.name, version);
            i.createdAt = i.lastModifiedAt = s.createdAt;
            RunningStack stack = Objects.requireNonNull(instanceStacks.get(i.name), i.name);
            NewDeployment imported = serviceDeployments.instanceImport(s, i, version, inputs, stack);
            i.persist();
            deployments.imported(imported, stack);
        }
        if (s.hasPipeline) {
            deployments.imported(serviceDeployments.pipelineImport(s, version, checked.pipelineInputs(), pipelineStack), pipelineStack);
        }
        tags.tag(caller, arns.arn(s), owner.tags());
        audit.record(caller, "AdoptService", s.name, version.template.name + ":" + version.version() + ", " + checked.instances().size()
                + " instance(s)" + (s.hasPipeline ? " and pipeline" : "") + " on their stacks, team " + s.ownerTeam);
        return s;
    }

    /** What adoption checked: the version, its instances' specs, and the pipeline's inputs (null: no pipeline). */
    private record Adoption(TemplateVersion version, ValidatedBundle bundle, List<InstanceSpec> instances, String pipelineInputs) {
    }

    /**
     * The checks {@link #adopt} makes of the service before its instances' environments are read (they may be
     * adopted in the same import): a dry run's. Problems with what the admin gives (spec, repository) are
     * ValidationExceptions.
     */
    public void check(Caller caller, Adopted a) {
        checked(caller, a);
    }

    private Adoption checked(Caller caller, Adopted a) {
        caller.require(Role.PLATFORM_ADMIN);
        if (Service.byName(a.name()).isPresent()) {
            throw new ConflictException("Service " + a.name() + " already exists");
        }
        if (Service.count() >= 1000) {
            throw new ServiceQuotaExceededException("You have reached the quota of 1000 services");
        }
        Template template = templates.template(caller, TemplateType.SERVICE, a.templateName());
        TemplateVersion version = versionRules.published(caller, template, a.templateMajorVersion(), a.templateMinorVersion());
        ValidatedBundle bundle = templates.bundle(version);
        ObjectNode document = Spec.parse(a.spec(), Spec.Kind.ServiceSpec);
        List<InstanceSpec> instances = InstanceSpec.of(document);
        Set<String> listed = instances.stream().map(InstanceSpec::name).collect(Collectors.toSet());
        if (!listed.equals(a.instances())) {
            throw new ValidationException("The spec of service " + a.name() + " lists instances " + new TreeSet<>(listed)
                    + ", its stacks are those of instances " + new TreeSet<>(a.instances()) + ": the spec must list every instance, and only those");
        }
        for (InstanceSpec spec : instances) {
            Inputs.resolve(bundle.inputSchema(), spec.inputs(), spec.path());
        }
        if (!ServiceDeployments.hasPipeline(template, bundle)) {
            if (a.pipelineStack() != null) {
                throw new ValidationException("Service " + a.name() + " has a pipeline stack (" + a.pipelineStack() + "), but service template "
                        + template.name + ":" + version.version() + " has no pipeline: adopt it on the version Proton deployed it from");
            }
            return new Adoption(version, bundle, instances, null);
        }
        if (a.pipelineStack() == null) {
            throw new ValidationException("Service template " + template.name + ":" + version.version() + " has a pipeline, and no stack of "
                    + "service " + a.name() + "'s pipeline was found");
        }
        if (a.repositoryId() == null || a.branchName() == null || a.repositoryConnectionArn() == null) {
            throw new ValidationException("Service template " + template.name + ":" + version.version() + " has a pipeline: give the "
                    + "repositoryConnectionArn, repositoryId and branchName service " + a.name() + " was created with");
        }
        JsonNode pipeline = document.get("pipeline");
        return new Adoption(version, bundle, instances, Inputs.resolve(bundle.pipelineInputSchema(),
                pipeline instanceof ObjectNode o ? o : JSON.createObjectNode(), "spec.pipeline").toString());
    }

    private static Service newService(Caller caller, Ownership.Claim owner, Template template, String name, String spec,
            String repositoryConnectionArn, String repositoryId, String branchName, Service.Status status) {
        Service s = new Service();
        s.name = name;
        s.templateName = template.name;
        s.spec = spec;
        s.repositoryConnectionArn = repositoryConnectionArn;
        s.repositoryId = repositoryId;
        s.branchName = branchName;
        s.status = status;
        s.createdAt = s.lastModifiedAt = Instant.now();
        s.createdBy = caller.username();
        s.ownerTeam = owner.team();
        return s;
    }

    private static void requireCloudFormation(ProvisioningMethod method, String what, TemplateVersion version) {
        if (method != ProvisioningMethod.CLOUDFORMATION) {
            throw new ValidationException(what + " would be provisioned with " + method + " by " + version.template.name + ":" + version.version()
                    + "; only CloudFormation stacks can be adopted");
        }
    }

    /** UpdateService: description, and instances added to or removed from the spec. */
    public Service update(Caller caller, String name, String description, String specText) {
        Service s = lock(name);
        ownership.requireChange(caller, s);
        if (description != null) {
            s.description = description;
        }
        s.lastModifiedAt = Instant.now();
        if (specText == null) {
            audit.record(caller, "UpdateService", name, "description");
            return s;
        }
        requireSettled(s);
        List<InstanceSpec> wanted = InstanceSpec.of(Spec.parse(specText, Spec.Kind.ServiceSpec));
        if (wanted.isEmpty()) {
            throw new ValidationException("spec.instances is empty: a service keeps at least one instance; delete the service instead");
        }
        Set<String> wantedNames = new HashSet<>();
        wanted.forEach(i -> wantedNames.add(i.name()));
        List<ServiceInstance> current = ServiceInstance.of(name).stream().filter(i -> !i.deleting).toList();
        Set<String> currentNames = new HashSet<>();
        current.forEach(i -> currentNames.add(i.name));
        List<ServiceInstance> removed = current.stream().filter(i -> !wantedNames.contains(i.name)).toList();
        List<InstanceSpec> added = wanted.stream().filter(i -> !currentNames.contains(i.name())).toList();
        for (ServiceInstance i : removed) {
            requireDeletable(s, i);
        }
        TemplateVersion version = added.isEmpty() ? null : defaultVersion(caller, s, null, null);
        for (InstanceSpec i : added) {
            newInstance(caller, s, version, i).addedByUpdate = true;
        }
        for (ServiceInstance i : removed) {
            serviceDeployments.deleteInstance(s, i);
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            s.specBeforeUpdate = s.spec;
            Service.Status before = s.status;
            s.status = Service.Status.UPDATE_IN_PROGRESS;
            s.statusMessage = null;
            serviceDeployments.statusChanged(s, before);
        }
        s.spec = specText;
        added.forEach(i -> manualChanges.forEach(m -> m.instanceChanged(caller, s, i.name(), "UpdateService")));
        removed.forEach(i -> manualChanges.forEach(m -> m.instanceRemoved(caller, s, i.name, "UpdateService")));
        audit.record(caller, "UpdateService", name, added.size() + " instance(s) added, " + removed.size() + " removed");
        return s;
    }

    /** Deletes the instances and the pipeline; the service goes when they are gone. */
    public Service delete(Caller caller, String name) {
        Service s = lock(name);
        ownership.requireChange(caller, s);
        requireSettled(s);
        List<ServiceInstance> instances = ServiceInstance.of(name);
        for (ServiceInstance i : instances) {
            dependents.forEach(d -> d.refuseDeletion(i));
            deployments.active(arns.arn(i)).ifPresent(d -> {
                throw new ConflictException("Service instance " + name + "/" + i.name + " has a deployment in progress (" + d.id + ")");
            });
        }
        deployments.active(arns.pipelineArn(s)).ifPresent(d -> {
            throw new ConflictException("The pipeline of service " + name + " has a deployment in progress (" + d.id + ")");
        });
        Service.Status before = s.status;
        s.status = Service.Status.DELETE_IN_PROGRESS;
        s.statusMessage = null;
        s.lastModifiedAt = Instant.now();
        serviceDeployments.statusChanged(s, before);
        for (ServiceInstance i : instances) {
            if (!i.deleting) {
                serviceDeployments.deleteInstance(s, i);
            }
        }
        if (s.hasPipeline && !s.pipelineState().isNew()) {
            TemplateVersion v = serviceDeployments.pipelineVersion(s);
            serviceDeployments.startPipeline(s, v, s.pipelineSpec, ProvisionRequest.Action.DELETE, null);
        }
        flow.reconcile(s);
        audit.record(caller, "DeleteService", name, instances.size() + " instance(s)");
        return s;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Service service(Caller caller, String name) {
        caller.requireAnyRole();
        return Service.byName(name).orElseThrow(() -> new ResourceNotFoundException("The service " + name + " was not found"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(String name) {
        return Service.byName(name).isPresent();
    }

    public Service updatePipeline(Caller caller, String serviceName, VersionChange change) {
        Service s = changeablePipeline(caller, serviceName);
        TemplateVersion target = target(caller, s.templateName, s.pipelineTemplateVersion, change,
                "pipeline of service " + serviceName);
        if (target == null) {
            return s;
        }
        ObjectNode given = (ObjectNode) SpecDocuments.read(s.pipelineSpec);
        if (change.spec() != null) {
            JsonNode pipeline = Spec.parse(change.spec(), Spec.Kind.ServiceSpec).get("pipeline");
            given = pipeline instanceof ObjectNode o ? o : JSON.createObjectNode();
        }
        deployPipeline(s, target, given, change.deploymentType());
        audit.record(caller, "UpdateServicePipeline", serviceName, change.deploymentType() + " to " + target.version());
        return s;
    }

    /** Deploys a version and inputs the pipeline ran before (the rollback chose them), a lower major too. */
    public Service rollBackPipeline(Caller caller, String serviceName, DeployedVersion to, String inputsJson) {
        Service s = changeablePipeline(caller, serviceName);
        TemplateVersion target = versionRules.rollbackTarget(caller, templates.template(caller, TemplateType.SERVICE, s.templateName), to);
        deployPipeline(s, target, (ObjectNode) SpecDocuments.read(inputsJson), VersionRules.movement(s.pipelineTemplateVersion, target));
        audit.record(caller, "RollBackServicePipeline", serviceName, "to " + target.version());
        return s;
    }

    private Service changeablePipeline(Caller caller, String serviceName) {
        Service s = lock(serviceName);
        ownership.requireChange(caller, s);
        if (!s.hasPipeline) {
            throw new ValidationException("Service " + serviceName + " has no pipeline");
        }
        deployments.active(arns.pipelineArn(s)).ifPresent(d -> {
            throw new ConflictException("The pipeline of service " + serviceName + " already has a deployment in progress (" + d.id + ")");
        });
        return s;
    }

    private void deployPipeline(Service s, TemplateVersion target, ObjectNode given, DeploymentType type) {
        ValidatedBundle bundle = templates.bundle(target);
        if (!bundle.manifests().containsKey(ServiceDeployments.PIPELINE_FOLDER)) {
            throw new ValidationException("Service template version " + s.templateName + ":" + target.version() + " has no pipeline");
        }
        String inputs = Inputs.resolve(bundle.pipelineInputSchema(), given, "spec.pipeline").toString();
        if (serviceDeployments.pipelineMethod(target) != s.pipelineProvisioningMethod) {
            throw new ValidationException("Version " + target.version() + " of " + s.templateName + " provisions pipelines with "
                    + serviceDeployments.pipelineMethod(target) + ", the pipeline of " + s.name + " uses " + s.pipelineProvisioningMethod);
        }
        serviceDeployments.startPipeline(s, target, inputs, ProvisionRequest.Action.DEPLOY, type);
    }

    public Service cancelPipelineDeployment(Caller caller, String serviceName) {
        Service s = service(caller, serviceName);
        ownership.requireChange(caller, s);
        deployments.cancel(caller, arns.pipelineArn(s), "the pipeline of service " + serviceName);
        return s;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> pipelineOutputs(Caller caller, String serviceName, String deploymentId) {
        Service s = service(caller, serviceName);
        return deployments.outputsOf(caller, arns.pipelineArn(s), deploymentId, "the pipeline of service " + serviceName);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProvisionedResource> pipelineResources(Caller caller, String serviceName) {
        return deployments.provisionedResources(arns.pipelineArn(service(caller, serviceName)));
    }

    public ServiceInstance createInstance(Caller caller, String serviceName, String name, String specText, Integer major, Integer minor,
            Map<String, String> tagMap) {
        Service s = lock(serviceName);
        ownership.requireChange(caller, s);
        requireSettled(s);
        if (ServiceInstance.byName(serviceName, name).isPresent()) {
            throw new ConflictException("Service instance " + serviceName + "/" + name + " already exists");
        }
        if (ServiceInstance.count("serviceName", serviceName) >= 20) {
            throw new ServiceQuotaExceededException("Service " + serviceName + " has reached the quota of 20 instances");
        }
        InstanceSpec spec = InstanceSpec.forInstance(specText, name);
        ServiceInstance i = newInstance(caller, s, defaultVersion(caller, s, major, minor), spec);
        tags.tag(caller, arns.arn(i), tagMap);
        manualChanges.forEach(m -> m.instanceChanged(caller, s, name, "CreateServiceInstance"));
        audit.record(caller, "CreateServiceInstance", serviceName + "/" + name, "deployment " + i.deployment.lastAttemptedId);
        return i;
    }

    public ServiceInstance updateInstance(Caller caller, String serviceName, String name, VersionChange change) {
        Service s = lock(serviceName);
        ServiceInstance i = changeableInstance(caller, s, name);
        TemplateVersion target = target(caller, i.templateName, i.templateVersion, change,
                "service instance " + serviceName + "/" + name);
        if (target == null) {
            return i;
        }
        boolean environmentAsks = Environment.byName(i.environmentName).map(e -> e.upgradesNeedApproval).orElse(false);
        Optional<String> needsApproval = Approvals.updateNeeds(caller, change.deploymentType(), i.environmentName, environmentAsks,
                templates.template(caller, TemplateType.SERVICE, i.templateName));
        if (needsApproval.isPresent()) {
            // held, not started: the API answers the instance as it is, its status message saying who must approve
            Approval held = approvals.request(caller, new Approvals.NewApproval(Approval.Kind.UPDATE, null, arns.arn(i), TargetType.SERVICE_INSTANCE,
                    "service instance " + serviceName + "/" + name, s.ownerTeam, TemplateType.SERVICE, i.templateName, target.majorVersion,
                    target.minorVersion, change.spec(), needsApproval.get()));
            i.deployment.statusMessage = approvals.waiting(held);
            return i;
        }
        deployHeldOrAsked(caller, s, i, target, change.spec(), change.deploymentType());
        audit.record(caller, "UpdateServiceInstance", serviceName + "/" + name, change.deploymentType() + " to " + target.version());
        return i;
    }

    private void deployHeldOrAsked(Caller caller, Service s, ServiceInstance i, TemplateVersion target, String spec, DeploymentType type) {
        ObjectNode given = spec != null ? InstanceSpec.forInstance(spec, i.name).inputs() : serviceDeployments.inputsAt(i, target);
        deployInstance(s, i, target, given, type);
        manualChanges.forEach(m -> m.instanceChanged(caller, s, i.name, "UpdateServiceInstance"));
    }

    /** An approver decided a held MAJOR_VERSION update of an instance: deploy it as its requester asked, or say it was rejected. */
    void decided(@Observes Approvals.Decided decided) {
        Approval a = decided.approval();
        if (a.kind != Approval.Kind.UPDATE || a.targetType != TargetType.SERVICE_INSTANCE) {
            return;
        }
        String[] names = arns.instanceNames(a.targetArn);
        if (a.status == Approval.Status.REJECTED) {
            ServiceInstance.byName(names[0], names[1]).ifPresent(i -> i.deployment.statusMessage = "The update to " + a.templateName + " "
                    + a.targetVersion() + " was rejected by " + a.decidedBy + (a.comment == null ? "" : ": " + a.comment));
            return;
        }
        Caller requester = identity.actingFor(a.requestedBy);
        Service s = lock(names[0]);
        ServiceInstance i = changeableInstance(requester, s, names[1]);
        TemplateVersion target = versionRules.published(requester, templates.template(requester, TemplateType.SERVICE, i.templateName),
                a.targetMajor, a.targetMinor);
        deployHeldOrAsked(requester, s, i, target, a.request, DeploymentType.MAJOR_VERSION);
        audit.record(requester, "UpdateServiceInstance", s.name + "/" + i.name, "MAJOR_VERSION to " + target.version() + ", approved by " + a.decidedBy);
    }

    /**
     * Deploys a version and inputs the instance ran before (the rollback chose them), a lower major too. Like any
     * change by hand, it blocks service sync of a synced instance.
     */
    public ServiceInstance rollBackInstance(Caller caller, String serviceName, String name, DeployedVersion to, String inputsJson) {
        Service s = lock(serviceName);
        ServiceInstance i = changeableInstance(caller, s, name);
        TemplateVersion target = versionRules.rollbackTarget(caller, templates.template(caller, TemplateType.SERVICE, i.templateName), to);
        deployInstance(s, i, target, (ObjectNode) SpecDocuments.read(inputsJson), VersionRules.movement(i.templateVersion, target));
        manualChanges.forEach(m -> m.instanceChanged(caller, s, name, "RollBackServiceInstance"));
        audit.record(caller, "RollBackServiceInstance", serviceName + "/" + name, "to " + target.version());
        return i;
    }

    private ServiceInstance changeableInstance(Caller caller, Service s, String name) {
        ownership.requireChange(caller, s);
        ServiceInstance i = instance(caller, s.name, name);
        if (i.deleting) {
            throw new ConflictException("Service instance " + s.name + "/" + name + " is being deleted");
        }
        deployments.active(arns.arn(i)).ifPresent(d -> {
            throw new ConflictException("Service instance " + s.name + "/" + name + " already has a deployment in progress ("
                    + d.id + ", " + d.status + "); wait for it to finish or cancel it");
        });
        dependents.forEach(d -> d.refuseUpdate(i));
        return i;
    }

    private void deployInstance(Service s, ServiceInstance i, TemplateVersion target, ObjectNode given, DeploymentType type) {
        ObjectNode inputs = Inputs.resolve(templates.bundle(target).inputSchema(), given, "spec");
        Environment e = ServiceDeployments.environment(i.environmentName);
        serviceDeployments.requireCompatible(target, e);
        if (serviceDeployments.instanceMethod(e, target) != i.provisioningMethod) {
            throw new ValidationException("Version " + target.version() + " of " + i.templateName + " is provisioned with "
                    + serviceDeployments.instanceMethod(e, target) + ", instance " + i.name + " with " + i.provisioningMethod);
        }
        serviceDeployments.startInstance(s, i, target, inputs, ProvisionRequest.Action.DEPLOY, type);
    }

    /**
     * Service sync's ask for one instance, read from a ServiceSpec: created when new, updated at its version when its
     * inputs differ from what it runs; answers the deployment started, or empty when it already runs that spec.
     */
    public Optional<String> syncInstance(Caller caller, String serviceName, String name, String serviceSpec) {
        InstanceSpec spec = InstanceSpec.forInstance(serviceSpec, name);
        Optional<ServiceInstance> existing = ServiceInstance.byName(serviceName, name);
        if (existing.isEmpty()) {
            return Optional.of(createInstance(caller, serviceName, name, serviceSpec, null, null, Map.of()).deployment.lastAttemptedId);
        }
        ServiceInstance i = existing.get();
        if (!i.environmentName.equals(spec.environment())) {
            throw new ValidationException("Service instance " + serviceName + "/" + name + " runs in environment " + i.environmentName
                    + " and the spec names " + spec.environment() + ": an instance cannot move to another environment");
        }
        if (runs(i, spec)) {
            return Optional.empty();
        }
        return Optional.of(updateInstance(caller, serviceName, name, new VersionChange(DeploymentType.CURRENT_VERSION, serviceSpec, null, null))
                .deployment.lastAttemptedId);
    }

    /**
     * Whether the instance already runs what this ServiceSpec asks of it: deployed, in the environment named, with the
     * entry's inputs (defaults filled in) equal to those it deployed.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean runsSpec(String serviceName, String name, String serviceSpec) {
        InstanceSpec spec = InstanceSpec.forInstance(serviceSpec, name);
        return ServiceInstance.byName(serviceName, name).filter(i -> i.environmentName.equals(spec.environment()) && runs(i, spec)).isPresent();
    }

    private boolean runs(ServiceInstance i, InstanceSpec spec) {
        ObjectNode inputs = Inputs.resolve(templates.bundle(serviceDeployments.instanceVersion(i)).inputSchema(), spec.inputs(), spec.path());
        return i.deployment.deployed() && !i.deleting && Inputs.same(inputs, SpecDocuments.read(i.spec));
    }

    /** Service sync's ask for the pipeline: updated at its version when the spec's pipeline inputs differ from what it runs. */
    public Optional<String> syncPipeline(Caller caller, String serviceName, String serviceSpec) {
        Service s = service(caller, serviceName);
        if (!s.hasPipeline) {
            throw new ValidationException("spec.pipeline is given, but service " + serviceName + " has no pipeline");
        }
        JsonNode pipeline = Spec.parse(serviceSpec, Spec.Kind.ServiceSpec).get("pipeline");
        ObjectNode inputs = Inputs.resolve(templates.bundle(serviceDeployments.pipelineVersion(s)).pipelineInputSchema(),
                pipeline instanceof ObjectNode o ? o : JSON.createObjectNode(), "spec.pipeline");
        if (s.pipelineState().deployed() && Inputs.same(inputs, SpecDocuments.read(s.pipelineSpec))) {
            return Optional.empty();
        }
        return Optional.of(updatePipeline(caller, serviceName, new VersionChange(DeploymentType.CURRENT_VERSION, serviceSpec, null, null))
                .pipelineDeployment.lastAttemptedId);
    }

    /** CURRENT_VERSION re-deployment of an instance (e.g. its component's outputs changed); refused while it is busy. */
    public void redeployInstance(String serviceName, String name) {
        Service s = lock(serviceName);
        ServiceInstance i = ServiceInstance.byName(serviceName, name).orElse(null);
        if (i == null || i.deleting || deployments.active(arns.arn(i)).isPresent()) {
            return;
        }
        TemplateVersion v = serviceDeployments.instanceVersion(i);
        serviceDeployments.startInstance(s, i, v, (ObjectNode) SpecDocuments.read(i.spec), ProvisionRequest.Action.DEPLOY,
                DeploymentType.CURRENT_VERSION);
    }

    public ServiceInstance deleteInstance(Caller caller, String serviceName, String name) {
        Service s = lock(serviceName);
        ownership.requireChange(caller, s);
        ServiceInstance i = instance(caller, serviceName, name);
        if (ServiceInstance.count("serviceName = ?1 and deleting = false", serviceName) <= 1 && !i.deleting) {
            throw new ValidationException("Service instance " + name + " is the last instance of service " + serviceName
                    + ": a service keeps at least one instance; delete the service instead");
        }
        requireDeletable(s, i);
        serviceDeployments.deleteInstance(s, i);
        manualChanges.forEach(m -> m.instanceRemoved(caller, s, name, "DeleteServiceInstance"));
        audit.record(caller, "DeleteServiceInstance", serviceName + "/" + name, "deployment " + i.deployment.lastAttemptedId);
        return i;
    }

    public ServiceInstance cancelInstanceDeployment(Caller caller, String serviceName, String name) {
        ServiceInstance i = instance(caller, serviceName, name);
        ownership.requireChange(caller, arns.arn(i)); // the team only: cancelling locks the service next
        deployments.cancel(caller, arns.arn(i), "service instance " + serviceName + "/" + name);
        return i;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ServiceInstance instance(Caller caller, String serviceName, String name) {
        caller.requireAnyRole();
        return ServiceInstance.byName(serviceName, name).orElseThrow(() -> new ResourceNotFoundException(
                "The service instance " + serviceName + "/" + name + " was not found"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> instanceOutputs(Caller caller, String serviceName, String name, String deploymentId) {
        ServiceInstance i = instance(caller, serviceName, name);
        return deployments.outputsOf(caller, arns.arn(i), deploymentId, "service instance " + serviceName + "/" + name);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProvisionedResource> instanceResources(Caller caller, String serviceName, String name) {
        return deployments.provisionedResources(arns.arn(instance(caller, serviceName, name)));
    }

    private ServiceInstance newInstance(Caller caller, Service s, TemplateVersion version, InstanceSpec spec) {
        if (spec.environment() == null) {
            throw new ValidationException("The spec of service instance " + spec.name() + " must name its environment");
        }
        if (ServiceInstance.byName(s.name, spec.name()).isPresent()) {
            throw new ConflictException("Service instance " + s.name + "/" + spec.name() + " already exists");
        }
        Environment e = ServiceDeployments.environment(spec.environment());
        ownership.requireAdmitted(s.ownerTeam, "Service instance " + s.name + "/" + spec.name() + " in environment " + e.name,
                List.of(e.instancePolicy()));
        serviceDeployments.requireCompatible(version, e);
        if (!e.deployment.deployed()) {
            throw new ValidationException("Environment " + e.name + " is not deployed yet (" + e.deployment.status
                    + "); service instance " + spec.name() + " can run only in a deployed environment");
        }
        ObjectNode inputs = Inputs.resolve(templates.bundle(version).inputSchema(), spec.inputs(), spec.path());
        ServiceInstance i = new ServiceInstance();
        i.serviceName = s.name;
        i.name = spec.name();
        i.environmentName = e.name;
        i.templateName = s.templateName;
        i.templateVersion = DeployedVersion.of(version.majorVersion, version.minorVersion);
        i.spec = inputs.toString();
        i.provisioningMethod = serviceDeployments.instanceMethod(e, version);
        i.createdAt = i.lastModifiedAt = Instant.now();
        serviceDeployments.startInstance(s, i, version, inputs, ProvisionRequest.Action.DEPLOY, null);
        i.persist();
        return i;
    }

    private void requireDeletable(Service s, ServiceInstance i) {
        dependents.forEach(d -> d.refuseDeletion(i));
        deployments.active(arns.arn(i)).ifPresent(d -> {
            throw new ConflictException("Service instance " + s.name + "/" + i.name + " has a deployment in progress (" + d.id
                    + ", " + d.status + "); wait for it to finish or cancel it");
        });
    }

    private static void requireSettled(Service s) {
        if (s.status == Service.Status.CREATE_IN_PROGRESS || s.status == Service.Status.DELETE_IN_PROGRESS
                || s.status == Service.Status.UPDATE_IN_PROGRESS || s.status == Service.Status.CREATE_FAILED_CLEANUP_IN_PROGRESS
                || s.status == Service.Status.UPDATE_FAILED_CLEANUP_IN_PROGRESS) {
            throw new ConflictException("Service " + s.name + " is " + s.status + "; wait for it to finish");
        }
    }

    /** The version an instance added to the service gets, unless its request names one (the add-instance form shows it). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TemplateVersion newInstanceVersion(Caller caller, Service s) {
        return defaultVersion(caller, s, null, null);
    }

    /** The version a new instance gets: the given one, else the recommended minor of the major the service's instances use. */
    private TemplateVersion defaultVersion(Caller caller, Service s, Integer major, Integer minor) {
        Template template = templates.template(caller, TemplateType.SERVICE, s.templateName);
        return versionRules.newInstance(caller, template, ServiceInstance.of(s.name).stream().map(i -> i.templateVersion.major).findFirst().orElse(null),
                major, minor);
    }

    /** The version a deployment type moves to; null for NONE. */
    private TemplateVersion target(Caller caller, String templateName, DeployedVersion running, VersionChange change, String what) {
        Template template = templates.template(caller, TemplateType.SERVICE, templateName);
        return versionRules.target(caller, new VersionRules.Running(template, running), new VersionRules.Requested(change.deploymentType(),
                change.templateMajorVersion(), change.templateMinorVersion(), change.spec() != null), " for " + what);
    }

    private Service lock(String name) {
        return Service.<Service>find("name", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new ResourceNotFoundException("The service " + name + " was not found"));
    }
}
