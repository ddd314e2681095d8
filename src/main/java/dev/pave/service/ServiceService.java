package dev.pave.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.Arns;
import dev.pave.PaveConfig;
import dev.pave.account.AccountSettings;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentState;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.deploy.NewDeployment;
import dev.pave.deploy.TargetType;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.ConflictException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ServiceQuotaExceededException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.provision.ProvisionRequest;
import dev.pave.provision.ProvisionedResource;
import dev.pave.provision.ProvisioningMethod;
import dev.pave.provision.StackNames;
import dev.pave.render.BundleRendering;
import dev.pave.render.ProtonContext;
import dev.pave.schema.Inputs;
import dev.pave.schema.Spec;
import dev.pave.tag.TagService;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.Manifest;
import dev.pave.template.bundle.ValidatedBundle;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Services, their pipelines and their instances with Proton's rules. A new service deploys its instances first, then
 * its pipeline (which lists the instances and their outputs), and is ACTIVE when all succeeded; a failed creation
 * deprovisions the new instances. Adding or removing an instance re-deploys the pipeline. Every deployment is
 * validated and rendered while the request is made, so a bad spec fails the request and deploys nothing.
 */
@ApplicationScoped
@Transactional
public class ServiceService {

    public record NewService(String name, String templateName, int templateMajorVersion, Integer templateMinorVersion, String spec,
            String description, String repositoryConnectionArn, String repositoryId, String branchName, Map<String, String> tags) {
    }

    /** UpdateServiceInstance or UpdateServicePipeline; null members stay as they are. */
    public record VersionChange(DeploymentType deploymentType, String spec, Integer templateMajorVersion, Integer templateMinorVersion) {
    }

    /** ListServiceInstances' filter entry. */
    public record InstanceFilter(String key, String value) {
    }

    /** The portal's instance list: text in the instance's or service's name, exact names, a status; null members match all. */
    public record InstanceSearch(String text, String serviceName, String environmentName, String templateName, DeploymentStatus status) {
    }

    static final String INSTANCE_FOLDER = "instance_infrastructure";
    static final String PIPELINE_FOLDER = "pipeline_infrastructure";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    TemplateService templates;

    @Inject
    VersionRules versionRules;

    @Inject
    DeploymentService deployments;

    @Inject
    EnvironmentService environments;

    @Inject
    TagService tags;

    @Inject
    AuditLog audit;

    @Inject
    Arns arns;

    @Inject
    BundleRendering rendering;

    @Inject
    PaveConfig config;

    @Inject
    jakarta.enterprise.inject.Instance<InstanceDependents> dependents;

    // --- services ----------------------------------------------------------------------------------------

    public Service create(Caller caller, NewService spec) {
        caller.requireDeployer();
        if (Service.byName(spec.name()).isPresent()) {
            throw new ConflictException("Service " + spec.name() + " already exists");
        }
        if (Service.count() >= 1000) {
            throw new ServiceQuotaExceededException("You have reached the quota of 1000 services");
        }
        Template template = templates.template(caller, TemplateType.SERVICE, spec.templateName());
        TemplateVersion version = versionRules.published(caller, template, spec.templateMajorVersion(), spec.templateMinorVersion());
        ValidatedBundle bundle = templates.bundle(version);
        ObjectNode document = Spec.parse(spec.spec(), Spec.Kind.ServiceSpec);
        List<InstanceSpec> instances = instanceSpecs(document);
        if (instances.isEmpty()) {
            throw new ValidationException("spec.instances is empty: a service needs at least one instance");
        }

        Service s = new Service();
        s.name = spec.name();
        s.description = spec.description();
        s.templateName = template.name;
        s.spec = spec.spec();
        s.repositoryConnectionArn = spec.repositoryConnectionArn();
        s.repositoryId = spec.repositoryId();
        s.branchName = spec.branchName();
        s.status = Service.Status.CREATE_IN_PROGRESS;
        s.createdAt = s.lastModifiedAt = Instant.now();
        s.createdBy = caller.username();
        s.hasPipeline = !template.customerManaged() && bundle.manifests().containsKey(PIPELINE_FOLDER);
        JsonNode pipeline = document.get("pipeline");
        if (s.hasPipeline) {
            ObjectNode inputs = Inputs.resolve(bundle.pipelineInputSchema(), pipeline instanceof ObjectNode o ? o : JSON.createObjectNode(),
                    "spec.pipeline");
            s.pipelineSpec = inputs.toString();
            s.pipelineTemplateMajorVersion = version.majorVersion;
            s.pipelineTemplateMinorVersion = version.minorVersion;
            s.pipelineProvisioningMethod = pipelineMethod(version);
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
        for (InstanceSpec i : instances) {
            newInstance(caller, s, version, i);
        }
        tags.tag(caller, arn(s), spec.tags());
        audit.record(caller, "CreateService", s.name, template.name + ":" + version.version() + ", " + instances.size() + " instance(s)");
        return s;
    }

    /** UpdateService: description, and instances added to or removed from the spec. */
    public Service update(Caller caller, String name, String description, String specText) {
        caller.requireDeployer();
        Service s = lock(name);
        if (description != null) {
            s.description = description;
        }
        s.lastModifiedAt = Instant.now();
        if (specText == null) {
            audit.record(caller, "UpdateService", name, "description");
            return s;
        }
        requireSettled(s);
        List<InstanceSpec> wanted = instanceSpecs(Spec.parse(specText, Spec.Kind.ServiceSpec));
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
            startDeletion(s, i);
        }
        if (!added.isEmpty() || !removed.isEmpty()) {
            s.specBeforeUpdate = s.spec;
            s.status = Service.Status.UPDATE_IN_PROGRESS;
            s.statusMessage = null;
        }
        s.spec = specText;
        audit.record(caller, "UpdateService", name, added.size() + " instance(s) added, " + removed.size() + " removed");
        return s;
    }

    /** Deletes the instances and the pipeline; the service goes when they are gone. */
    public Service delete(Caller caller, String name) {
        caller.requireDeployer();
        Service s = lock(name);
        requireSettled(s);
        List<ServiceInstance> instances = ServiceInstance.of(name);
        for (ServiceInstance i : instances) {
            dependents.forEach(d -> d.refuseDeletion(i));
            deployments.active(arn(i)).ifPresent(d -> {
                throw new ConflictException("Service instance " + name + "/" + i.name + " has a deployment in progress (" + d.id + ")");
            });
        }
        deployments.active(pipelineArn(s)).ifPresent(d -> {
            throw new ConflictException("The pipeline of service " + name + " has a deployment in progress (" + d.id + ")");
        });
        s.status = Service.Status.DELETE_IN_PROGRESS;
        s.statusMessage = null;
        s.lastModifiedAt = Instant.now();
        for (ServiceInstance i : instances) {
            if (!i.deleting) {
                startDeletion(s, i);
            }
        }
        if (s.hasPipeline && !s.pipelineState().isNew()) {
            TemplateVersion v = pipelineVersion(s);
            pipelineStarted(s, deployments.start(pipelineDeployment(s, v, s.pipelineSpec, ProvisionRequest.Action.DELETE, null)));
        }
        reconcile(s);
        audit.record(caller, "DeleteService", name, instances.size() + " instance(s)");
        return s;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Service service(Caller caller, String name) {
        caller.requireAnyRole();
        return Service.byName(name).orElseThrow(() -> new ResourceNotFoundException("The service " + name + " was not found"));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Service> services(Caller caller, int offset, int limit) {
        caller.requireAnyRole();
        return Service.<Service>findAll(Sort.by("name")).range(offset, offset + limit - 1).list();
    }

    /**
     * One page of services by name whose name, description or template name contains {@code text} in any case, and,
     * when {@code createdBy} is given, that this user created.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Service> services(Caller caller, String text, String createdBy, int offset, int limit) {
        caller.requireAnyRole();
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (text != null && !text.isBlank()) {
            where.add("(lower(name) like :like escape '\\' or lower(coalesce(description, '')) like :like escape '\\'"
                    + " or lower(templateName) like :like escape '\\')");
            params.put("like", "%" + text.strip().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (createdBy != null) {
            where.add("createdBy = :createdBy");
            params.put("createdBy", createdBy);
        }
        if (where.isEmpty()) {
            return services(caller, offset, limit);
        }
        return Service.<Service>find(String.join(" and ", where), Sort.by("name"), params).range(offset, offset + limit - 1).list();
    }

    /** How many instances each of the services has, by service name. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, Long> instanceCounts(List<Service> services) {
        Map<String, Long> counts = new LinkedHashMap<>();
        if (services.isEmpty()) {
            return counts;
        }
        ServiceInstance.getEntityManager().createQuery("select i.serviceName, count(i) from ServiceInstance i where i.serviceName in :names"
                + " group by i.serviceName", Object[].class).setParameter("names", services.stream().map(x -> x.name).toList())
                .getResultList().forEach(row -> counts.put((String) row[0], (Long) row[1]));
        return counts;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(String name) {
        return Service.byName(name).isPresent();
    }

    // --- pipelines ---------------------------------------------------------------------------------------

    public Service updatePipeline(Caller caller, String serviceName, VersionChange change) {
        caller.requireDeployer();
        Service s = lock(serviceName);
        if (!s.hasPipeline) {
            throw new ValidationException("Service " + serviceName + " has no pipeline");
        }
        deployments.active(pipelineArn(s)).ifPresent(d -> {
            throw new ConflictException("The pipeline of service " + serviceName + " already has a deployment in progress (" + d.id + ")");
        });
        TemplateVersion target = target(caller, s.templateName, s.pipelineTemplateMajorVersion, s.pipelineTemplateMinorVersion, change,
                "pipeline of service " + serviceName);
        if (target == null) {
            return s;
        }
        ValidatedBundle bundle = templates.bundle(target);
        if (!bundle.manifests().containsKey(PIPELINE_FOLDER)) {
            throw new ValidationException("Service template version " + s.templateName + ":" + target.version() + " has no pipeline");
        }
        String inputs = s.pipelineSpec;
        if (change.spec() != null) {
            JsonNode pipeline = Spec.parse(change.spec(), Spec.Kind.ServiceSpec).get("pipeline");
            inputs = Inputs.resolve(bundle.pipelineInputSchema(), pipeline instanceof ObjectNode o ? o : JSON.createObjectNode(),
                    "spec.pipeline").toString();
        } else {
            inputs = Inputs.resolve(bundle.pipelineInputSchema(), (ObjectNode) read(inputs), "spec.pipeline").toString();
        }
        if (pipelineMethod(target) != s.pipelineProvisioningMethod) {
            throw new ValidationException("Version " + target.version() + " of " + s.templateName + " provisions pipelines with "
                    + pipelineMethod(target) + ", the pipeline of " + serviceName + " uses " + s.pipelineProvisioningMethod);
        }
        pipelineStarted(s, deployments.start(pipelineDeployment(s, target, inputs, ProvisionRequest.Action.DEPLOY, change.deploymentType())));
        audit.record(caller, "UpdateServicePipeline", serviceName, change.deploymentType() + " to " + target.version());
        return s;
    }

    public Service cancelPipelineDeployment(Caller caller, String serviceName) {
        caller.requireDeployer();
        Service s = service(caller, serviceName);
        deployments.cancel(caller, pipelineArn(s), "the pipeline of service " + serviceName);
        return s;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> pipelineOutputs(Caller caller, String serviceName, String deploymentId) {
        Service s = service(caller, serviceName);
        return deployments.outputsOf(caller, pipelineArn(s), deploymentId, "the pipeline of service " + serviceName);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProvisionedResource> pipelineResources(Caller caller, String serviceName) {
        return deployments.provisionedResources(pipelineArn(service(caller, serviceName)));
    }

    // --- instances ---------------------------------------------------------------------------------------

    public ServiceInstance createInstance(Caller caller, String serviceName, String name, String specText, Integer major, Integer minor,
            Map<String, String> tagMap) {
        caller.requireDeployer();
        Service s = lock(serviceName);
        requireSettled(s);
        if (ServiceInstance.byName(serviceName, name).isPresent()) {
            throw new ConflictException("Service instance " + serviceName + "/" + name + " already exists");
        }
        if (ServiceInstance.count("serviceName", serviceName) >= 20) {
            throw new ServiceQuotaExceededException("Service " + serviceName + " has reached the quota of 20 instances");
        }
        InstanceSpec spec = instanceSpec(specText, name);
        ServiceInstance i = newInstance(caller, s, defaultVersion(caller, s, major, minor), spec);
        tags.tag(caller, arn(i), tagMap);
        audit.record(caller, "CreateServiceInstance", serviceName + "/" + name, "deployment " + i.deployment.lastAttemptedId);
        return i;
    }

    public ServiceInstance updateInstance(Caller caller, String serviceName, String name, VersionChange change) {
        caller.requireDeployer();
        Service s = lock(serviceName);
        ServiceInstance i = instance(caller, serviceName, name);
        if (i.deleting) {
            throw new ConflictException("Service instance " + serviceName + "/" + name + " is being deleted");
        }
        deployments.active(arn(i)).ifPresent(d -> {
            throw new ConflictException("Service instance " + serviceName + "/" + name + " already has a deployment in progress ("
                    + d.id + ", " + d.status + "); wait for it to finish or cancel it");
        });
        dependents.forEach(d -> d.refuseUpdate(i));
        TemplateVersion target = target(caller, i.templateName, i.templateMajorVersion, i.templateMinorVersion, change,
                "service instance " + serviceName + "/" + name);
        if (target == null) {
            return i;
        }
        ValidatedBundle bundle = templates.bundle(target);
        ObjectNode given = change.spec() != null ? instanceSpec(change.spec(), name).inputs() : (ObjectNode) read(i.spec);
        ObjectNode inputs = Inputs.resolve(bundle.inputSchema(), given, "spec");
        Environment e = environment(i.environmentName);
        requireCompatible(target, e);
        if (instanceMethod(e, target) != i.provisioningMethod) {
            throw new ValidationException("Version " + target.version() + " of " + i.templateName + " is provisioned with "
                    + instanceMethod(e, target) + ", instance " + name + " with " + i.provisioningMethod);
        }
        instanceStarted(i, deployments.start(instanceDeployment(s, i, target, inputs, ProvisionRequest.Action.DEPLOY, change.deploymentType())));
        audit.record(caller, "UpdateServiceInstance", serviceName + "/" + name, change.deploymentType() + " to " + target.version());
        return i;
    }

    /** CURRENT_VERSION re-deployment of an instance (e.g. its component's outputs changed); refused while it is busy. */
    public void redeployInstance(String serviceName, String name) {
        Service s = lock(serviceName);
        ServiceInstance i = ServiceInstance.byName(serviceName, name).orElse(null);
        if (i == null || i.deleting || deployments.active(arn(i)).isPresent()) {
            return;
        }
        TemplateVersion v = templates.version(Caller.system(), TemplateType.SERVICE, i.templateName, i.templateMajorVersion, i.templateMinorVersion);
        instanceStarted(i, deployments.start(instanceDeployment(s, i, v, (ObjectNode) read(i.spec), ProvisionRequest.Action.DEPLOY,
                DeploymentType.CURRENT_VERSION)));
    }

    public ServiceInstance deleteInstance(Caller caller, String serviceName, String name) {
        caller.requireDeployer();
        Service s = lock(serviceName);
        ServiceInstance i = instance(caller, serviceName, name);
        if (ServiceInstance.count("serviceName = ?1 and deleting = false", serviceName) <= 1 && !i.deleting) {
            throw new ValidationException("Service instance " + name + " is the last instance of service " + serviceName
                    + ": a service keeps at least one instance; delete the service instead");
        }
        requireDeletable(s, i);
        startDeletion(s, i);
        audit.record(caller, "DeleteServiceInstance", serviceName + "/" + name, "deployment " + i.deployment.lastAttemptedId);
        return i;
    }

    public ServiceInstance cancelInstanceDeployment(Caller caller, String serviceName, String name) {
        caller.requireDeployer();
        ServiceInstance i = instance(caller, serviceName, name);
        deployments.cancel(caller, arn(i), "service instance " + serviceName + "/" + name);
        return i;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public ServiceInstance instance(Caller caller, String serviceName, String name) {
        caller.requireAnyRole();
        return ServiceInstance.byName(serviceName, name).orElseThrow(() -> new ResourceNotFoundException(
                "The service instance " + serviceName + "/" + name + " was not found"));
    }

    /** Instances of one service (or all), filtered and sorted as ListServiceInstances asks. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ServiceInstance> instances(Caller caller, String serviceName, List<InstanceFilter> filters, String sortBy, boolean descending,
            int offset, int limit) {
        caller.requireAnyRole();
        if (serviceName != null) {
            service(caller, serviceName);
        }
        List<ServiceInstance> all = serviceName == null ? ServiceInstance.list("order by serviceName, name") : ServiceInstance.of(serviceName);
        List<ServiceInstance> kept = new ArrayList<>();
        for (ServiceInstance i : all) {
            if (filters.stream().allMatch(f -> matches(i, f))) {
                kept.add(i);
            }
        }
        java.util.Comparator<ServiceInstance> order = switch (sortBy == null ? "name" : sortBy) {
            case "deploymentStatus" -> java.util.Comparator.comparing(i -> i.deployment.status.name());
            case "templateName" -> java.util.Comparator.comparing(i -> i.templateName);
            case "serviceName" -> java.util.Comparator.comparing(i -> i.serviceName);
            case "environmentName" -> java.util.Comparator.comparing(i -> i.environmentName);
            case "lastDeploymentAttemptedAt" -> java.util.Comparator.comparing(i -> i.deployment.lastAttemptedAt,
                    java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
            case "createdAt" -> java.util.Comparator.comparing(i -> i.createdAt);
            default -> java.util.Comparator.comparing(i -> i.name);
        };
        order = order.thenComparing(i -> i.serviceName).thenComparing(i -> i.name);
        kept.sort(descending ? order.reversed() : order);
        return kept.stream().skip(offset).limit(limit).toList();
    }

    /** One page of every service's instances, by service then name, filtered in the database (one query, no per-row loads). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ServiceInstance> search(Caller caller, InstanceSearch search, int offset, int limit) {
        caller.requireAnyRole();
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (search.text() != null) {
            where.add("(lower(name) like :text escape '\\' or lower(serviceName) like :text escape '\\')");
            params.put("text", "%" + search.text().toLowerCase(Locale.ROOT).replaceAll("([\\\\%_])", "\\\\$1") + "%");
        }
        if (search.serviceName() != null) {
            where.add("serviceName = :service");
            params.put("service", search.serviceName());
        }
        if (search.environmentName() != null) {
            where.add("environmentName = :environment");
            params.put("environment", search.environmentName());
        }
        if (search.templateName() != null) {
            where.add("templateName = :template");
            params.put("template", search.templateName());
        }
        if (search.status() != null) {
            where.add("deployment.status = :status");
            params.put("status", search.status());
        }
        Sort order = Sort.by("serviceName").and("name");
        var query = where.isEmpty() ? ServiceInstance.<ServiceInstance>findAll(order)
                : ServiceInstance.<ServiceInstance>find(String.join(" and ", where), order, params);
        return query.range(offset, offset + limit - 1).list();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> instanceOutputs(Caller caller, String serviceName, String name, String deploymentId) {
        ServiceInstance i = instance(caller, serviceName, name);
        return deployments.outputsOf(caller, arn(i), deploymentId, "service instance " + serviceName + "/" + name);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProvisionedResource> instanceResources(Caller caller, String serviceName, String name) {
        return deployments.provisionedResources(arn(instance(caller, serviceName, name)));
    }

    /** UP_TO_DATE, BEHIND_MINOR or BEHIND_MAJOR against the template's published versions. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public String versionStatus(String templateName, int major, int minor) {
        Optional<TemplateVersion> recommended = Template.find(TemplateType.SERVICE, templateName).flatMap(templates::recommendedVersion);
        return VersionRules.standing(recommended, major, minor).name();
    }

    public String arn(Service s) {
        return arns.of("service", s.name);
    }

    public String pipelineArn(Service s) {
        return arns.of("service", s.name + "/pipeline");
    }

    public String arn(ServiceInstance i) {
        return arns.of("service", i.serviceName + "/service-instance/" + i.name);
    }

    // --- following deployments (called by the engine inside its transaction) ---------------------------

    public void instanceDeploymentChanged(Deployment d) {
        Service s = Service.<Service>find("name", d.serviceName).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElse(null);
        ServiceInstance i = ServiceInstance.byName(d.serviceName, d.serviceInstanceName).orElse(null);
        if (s == null || i == null || !i.deployment.follows(d)) {
            return;
        }
        boolean first = !i.deployment.deployed();
        i.lastModifiedAt = d.lastModifiedAt;
        if (i.deployment.followed(d)) {
            JsonNode target = read(d.targetState).path("serviceInstance");
            i.templateName = target.path("templateName").asText();
            i.templateMajorVersion = Integer.parseInt(target.path("templateMajorVersion").asText());
            i.templateMinorVersion = Integer.parseInt(target.path("templateMinorVersion").asText());
            i.spec = target.path("spec").asText(i.spec);
            if (first && (s.status == Service.Status.ACTIVE || s.status == Service.Status.UPDATE_IN_PROGRESS)) {
                pipelineInstancesChanged(s);
            }
        } else if (d.status == DeploymentStatus.DELETE_COMPLETE) {
            tags.untagAll(arn(i));
            i.delete();
            i.flush();
            if (s.status == Service.Status.ACTIVE || s.status == Service.Status.UPDATE_IN_PROGRESS
                    || s.status == Service.Status.UPDATE_FAILED_CLEANUP_IN_PROGRESS) {
                pipelineInstancesChanged(s);
            }
        }
        reconcile(s);
    }

    public void pipelineDeploymentChanged(Deployment d) {
        Service s = Service.<Service>find("name", d.serviceName).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional().orElse(null);
        if (s == null || !s.pipelineState().follows(d)) {
            return;
        }
        s.lastModifiedAt = d.lastModifiedAt;
        if (s.pipelineDeployment.followed(d)) {
            JsonNode target = read(d.targetState).path("servicePipeline");
            s.pipelineTemplateMajorVersion = Integer.parseInt(target.path("templateMajorVersion").asText());
            s.pipelineTemplateMinorVersion = Integer.parseInt(target.path("templateMinorVersion").asText());
            s.pipelineSpec = target.path("spec").asText(s.pipelineSpec);
        }
        if (!d.status.active() && s.pipelineRedeployPending && s.status != Service.Status.DELETE_IN_PROGRESS) {
            s.pipelineRedeployPending = false;
            redeployPipeline(s);
        }
        reconcile(s);
    }

    /** Instances were added or removed: the pipeline (a stage per instance) is deployed again, now or when it is free. */
    private void pipelineInstancesChanged(Service s) {
        if (!s.hasPipeline || s.pipelineState().isNew()) {
            return;
        }
        if (deployments.active(pipelineArn(s)).isPresent()) {
            s.pipelineRedeployPending = true;
        } else {
            redeployPipeline(s);
        }
    }

    private void redeployPipeline(Service s) {
        pipelineStarted(s, deployments.start(pipelineDeployment(s, pipelineVersion(s), s.pipelineSpec, ProvisionRequest.Action.DEPLOY,
                DeploymentType.CURRENT_VERSION)));
    }

    /** Moves the service's status on from what its instances and pipeline show. */
    private void reconcile(Service s) {
        List<ServiceInstance> instances = ServiceInstance.of(s.name);
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
                            redeployPipeline(s);
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
                    tags.untagAll(arn(s));
                    s.delete();
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
                startDeletion(s, i);
            }
        }
        List<ServiceInstance> left = ServiceInstance.of(s.name);
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
                startDeletion(s, i);
            }
        }
        List<ServiceInstance> left = ServiceInstance.of(s.name).stream().filter(i -> i.addedByUpdate).toList();
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

    // --- rules -------------------------------------------------------------------------------------------

    record InstanceSpec(String name, String environment, ObjectNode inputs, String path) {
    }

    private static List<InstanceSpec> instanceSpecs(ObjectNode document) {
        List<InstanceSpec> list = new ArrayList<>();
        JsonNode instances = document.get("instances");
        if (instances == null || instances.isNull()) {
            return list;
        }
        if (!instances.isArray()) {
            throw new ValidationException("spec.instances must be a list of {name, environment, spec}");
        }
        Set<String> names = new HashSet<>();
        for (int n = 0; n < instances.size(); n++) {
            JsonNode i = instances.get(n);
            String path = "spec.instances[" + n + "]";
            String name = i.path("name").asText(null);
            String environment = i.path("environment").asText(null);
            if (name == null || environment == null) {
                throw new ValidationException(path + " needs a name and an environment");
            }
            if (!name.matches("^[0-9A-Za-z]+[0-9A-Za-z_\\-]*$") || name.length() > 100) {
                throw new ValidationException(path + ".name '" + name + "' is not a valid resource name");
            }
            if (!names.add(name)) {
                throw new ValidationException(path + ".name: instance " + name + " appears twice");
            }
            JsonNode spec = i.get("spec");
            if (spec != null && !spec.isNull() && !spec.isObject()) {
                throw new ValidationException(path + ".spec must be a mapping of input names to values");
            }
            list.add(new InstanceSpec(name, environment, spec instanceof ObjectNode o ? o : JSON.createObjectNode(), path + ".spec"));
        }
        return list;
    }

    /** CreateServiceInstance's spec: a ServiceInstanceSpec with {@code environment}, or a ServiceSpec naming the instance. */
    private static InstanceSpec instanceSpec(String text, String name) {
        ObjectNode document;
        try {
            document = Spec.parse(text, Spec.Kind.ServiceInstanceSpec);
        } catch (ValidationException notInstanceSpec) {
            ObjectNode service;
            try {
                service = Spec.parse(text, Spec.Kind.ServiceSpec);
            } catch (ValidationException notServiceSpec) {
                throw notInstanceSpec;
            }
            return instanceSpecs(service).stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow(() ->
                    new ValidationException("spec.instances has no instance named " + name));
        }
        String environment = document.path("environment").asText(null);
        return new InstanceSpec(name, environment, Spec.inputs(document), "spec.spec");
    }

    private ServiceInstance newInstance(Caller caller, Service s, TemplateVersion version, InstanceSpec spec) {
        if (spec.environment() == null) {
            throw new ValidationException("The spec of service instance " + spec.name() + " must name its environment");
        }
        if (ServiceInstance.byName(s.name, spec.name()).isPresent()) {
            throw new ConflictException("Service instance " + s.name + "/" + spec.name() + " already exists");
        }
        Environment e = environment(spec.environment());
        requireCompatible(version, e);
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
        i.templateMajorVersion = version.majorVersion;
        i.templateMinorVersion = version.minorVersion;
        i.spec = inputs.toString();
        i.provisioningMethod = instanceMethod(e, version);
        i.createdAt = i.lastModifiedAt = Instant.now();
        instanceStarted(i, deployments.start(instanceDeployment(s, i, version, inputs, ProvisionRequest.Action.DEPLOY, null)));
        i.persist();
        return i;
    }

    private void startDeletion(Service s, ServiceInstance i) {
        TemplateVersion v = templates.version(Caller.system(), TemplateType.SERVICE, i.templateName, i.templateMajorVersion, i.templateMinorVersion);
        i.deleting = true;
        instanceStarted(i, deployments.start(instanceDeployment(s, i, v, (ObjectNode) read(i.spec), ProvisionRequest.Action.DELETE, null)));
    }

    private void requireDeletable(Service s, ServiceInstance i) {
        dependents.forEach(d -> d.refuseDeletion(i));
        deployments.active(arn(i)).ifPresent(d -> {
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

    private void requireCompatible(TemplateVersion version, Environment e) {
        List<TemplateService.CompatibleEnvironment> compatible = templates.compatibleEnvironments(version);
        boolean ok = compatible.stream().anyMatch(c -> c.templateName().equals(e.templateName) && c.majorVersion() == e.templateMajorVersion);
        if (!ok) {
            throw new ValidationException("Environment " + e.name + " runs environment template " + e.templateName + ":" + e.templateMajorVersion
                    + ", which service template " + version.template.name + ":" + version.version() + " is not compatible with; compatible: "
                    + compatible.stream().map(c -> c.templateName() + ":" + c.majorVersion()).toList());
        }
    }

    private Environment environment(String name) {
        return Environment.byName(name).orElseThrow(() -> new ValidationException("Environment " + name + " does not exist"));
    }

    /** An instance is provisioned the way its environment is: CloudFormation, commands or self-managed. */
    private ProvisioningMethod instanceMethod(Environment e, TemplateVersion version) {
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
                if (e.codebuildRoleArn == null) {
                    throw new ValidationException(template + " has a codebuild manifest, which needs a codebuildRoleArn on environment " + e.name);
                }
                yield ProvisioningMethod.COMMANDS;
            }
            case CLOUDFORMATION -> {
                if (e.protonServiceRoleArn == null) {
                    throw new ValidationException(template + " is CloudFormation, which needs a protonServiceRoleArn on environment " + e.name);
                }
                yield ProvisioningMethod.CLOUDFORMATION;
            }
        };
    }

    /** Pipelines are provisioned as the account settings say, matched to the pipeline manifest's engine. */
    private ProvisioningMethod pipelineMethod(TemplateVersion version) {
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

    /** The version an instance added to the service gets, unless its request names one (the add-instance form shows it). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public TemplateVersion newInstanceVersion(Caller caller, Service s) {
        return defaultVersion(caller, s, null, null);
    }

    /** The version a new instance gets: the given one, else the recommended minor of the major the service's instances use. */
    private TemplateVersion defaultVersion(Caller caller, Service s, Integer major, Integer minor) {
        Template template = templates.template(caller, TemplateType.SERVICE, s.templateName);
        return versionRules.newInstance(caller, template, ServiceInstance.of(s.name).stream().map(i -> i.templateMajorVersion).findFirst().orElse(null),
                major, minor);
    }

    /** The version a deployment type moves to; null for NONE. */
    private TemplateVersion target(Caller caller, String templateName, int major, int minor, VersionChange change, String what) {
        Template template = templates.template(caller, TemplateType.SERVICE, templateName);
        return versionRules.target(caller, new VersionRules.Running(template, major, minor), new VersionRules.Requested(change.deploymentType(),
                change.templateMajorVersion(), change.templateMinorVersion(), change.spec() != null), " for " + what);
    }

    private TemplateVersion pipelineVersion(Service s) {
        return templates.version(Caller.system(), TemplateType.SERVICE, s.templateName, s.pipelineTemplateMajorVersion, s.pipelineTemplateMinorVersion);
    }

    // --- deployments -------------------------------------------------------------------------------------

    private ProtonContext.ServiceRef serviceRef(Service s) {
        return new ProtonContext.ServiceRef(s.name, s.branchName, s.repositoryConnectionArn, s.repositoryId);
    }

    private ProtonContext.EnvironmentRef environmentRef(Environment e) {
        return new ProtonContext.EnvironmentRef(e.name, config.accountId(), Map.of(), deployments.outputs(environments.arn(e)));
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

    private NewDeployment instanceDeployment(Service s, ServiceInstance i, TemplateVersion version, ObjectNode inputs,
            ProvisionRequest.Action action, DeploymentType type) {
        String id = DeploymentService.newId();
        String arn = arn(i);
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
        String templateFile = null;
        ProvisionRequest.Repository repository = null;
        ObjectNode metadata = null;
        String role = null;
        switch (i.provisioningMethod) {
            case CLOUDFORMATION -> {
                templateFile = manifest.files().get(0).substring(INSTANCE_FOLDER.length() + 1);
                role = e.protonServiceRoleArn;
            }
            case COMMANDS -> role = e.codebuildRoleArn;
            case SELF_MANAGED -> {
                repository = new ProvisionRequest.Repository(e.repositoryProvider, e.repositoryName, e.repositoryBranch, null, null);
                metadata = JsonNodeFactory.instance.objectNode().put("deploymentId", id).put("isResourceDeleted", action == ProvisionRequest.Action.DELETE);
                metadata.putObject("resourceMetadata").put("arn", arn).put("templateArn", templates.arn(version.template))
                        .put("templateMajorVersion", String.valueOf(version.majorVersion))
                        .put("templateMinorVersion", String.valueOf(version.minorVersion)).put("environmentArn", environments.arn(e));
            }
        }
        ProvisionRequest request = new ProvisionRequest(id, action, arn, TargetType.SERVICE_INSTANCE.name(), StackNames.serviceInstance(s.name, i.name),
                i.provisioningMethod, files, templateFile, manifest.provisionCommands(), manifest.deprovisionCommands(), protonInputs, role,
                repository, "env/" + s.name + "-" + i.name, metadata, Map.of());
        boolean isNew = i.deployment.isNew();
        return new NewDeployment(request, TargetType.SERVICE_INSTANCE, i.createdAt, e.name, s.name, i.name, null,
                type == null ? null : type.name(),
                isNew ? null : instanceState(i.templateName, i.templateMajorVersion, i.templateMinorVersion, i.spec, e, s),
                action == ProvisionRequest.Action.DELETE ? null
                        : instanceState(version.template.name, version.majorVersion, version.minorVersion, inputs.toString(), e, s),
                i.deployment.lastAttemptedId, i.deployment.lastSucceededId);
    }

    private NewDeployment pipelineDeployment(Service s, TemplateVersion version, String inputsJson, ProvisionRequest.Action action,
            DeploymentType type) {
        String id = DeploymentService.newId();
        String arn = pipelineArn(s);
        ValidatedBundle bundle = templates.bundle(version);
        ObjectNode inputs = (ObjectNode) read(inputsJson);
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
            Map<String, String> outputs = deployments.outputs(arn(i));
            refs.add(new ProtonContext.InstanceRef(i.name, BundleRendering.values(read(i.spec)), outputs, env));
            ObjectNode item = instanceInputs.addObject().put("name", i.name);
            item.set("inputs", read(i.spec));
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
        String templateFile = null;
        ProvisionRequest.Repository repository = null;
        ObjectNode metadata = null;
        String role = null;
        switch (s.pipelineProvisioningMethod) {
            case CLOUDFORMATION -> {
                templateFile = manifest.files().get(0).substring(PIPELINE_FOLDER.length() + 1);
                role = settings.pipelineServiceRoleArn;
            }
            case COMMANDS -> role = settings.pipelineCodebuildRoleArn;
            case SELF_MANAGED -> {
                JsonNode repo = read(settings.pipelineProvisioningRepository);
                repository = new ProvisionRequest.Repository(repo.path("provider").asText(), repo.path("name").asText(),
                        repo.path("branch").asText(), null, null);
                metadata = JsonNodeFactory.instance.objectNode().put("deploymentId", id).put("isResourceDeleted", action == ProvisionRequest.Action.DELETE);
                metadata.putObject("resourceMetadata").put("arn", arn).put("templateArn", templates.arn(version.template))
                        .put("templateMajorVersion", String.valueOf(version.majorVersion))
                        .put("templateMinorVersion", String.valueOf(version.minorVersion));
            }
        }
        ProvisionRequest request = new ProvisionRequest(id, action, arn, TargetType.SERVICE_PIPELINE.name(), StackNames.pipeline(s.name),
                s.pipelineProvisioningMethod, files, templateFile, manifest.provisionCommands(), manifest.deprovisionCommands(), protonInputs,
                role, repository, s.name + "/pipeline", metadata, Map.of());
        boolean isNew = s.pipelineState().isNew();
        return new NewDeployment(request, TargetType.SERVICE_PIPELINE, s.createdAt, environmentName, s.name, null, null,
                type == null ? null : type.name(),
                isNew ? null : pipelineState(s.templateName, s.pipelineTemplateMajorVersion, s.pipelineTemplateMinorVersion, s.pipelineSpec),
                action == ProvisionRequest.Action.DELETE ? null
                        : pipelineState(version.template.name, version.majorVersion, version.minorVersion, inputsJson),
                s.pipelineState().lastAttemptedId, s.pipelineState().lastSucceededId);
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

    private void instanceStarted(ServiceInstance i, Deployment d) {
        i.deployment.started(d);
        i.lastModifiedAt = d.createdAt;
    }

    private void pipelineStarted(Service s, Deployment d) {
        s.pipelineDeployment.started(d); // only a service with a pipeline, whose state was set up at create, starts one
        s.lastModifiedAt = d.createdAt;
    }

    private Service lock(String name) {
        return Service.<Service>find("name", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new ResourceNotFoundException("The service " + name + " was not found"));
    }

    private boolean matches(ServiceInstance i, InstanceFilter f) {
        String v = f.value();
        return switch (f.key()) {
            case "name" -> i.name.equals(v);
            case "deploymentStatus" -> i.deployment.status.name().equals(v);
            case "templateName" -> i.templateName.equals(v);
            case "serviceName" -> i.serviceName.equals(v);
            case "environmentName" -> i.environmentName.equals(v);
            case "deployedTemplateVersionStatus" -> versionStatus(i.templateName, i.templateMajorVersion, i.templateMinorVersion)
                    .equals(v.toUpperCase().replace('-', '_'));
            case "lastDeploymentAttemptedAtBefore" -> i.deployment.lastAttemptedAt != null && i.deployment.lastAttemptedAt.isBefore(time(v));
            case "lastDeploymentAttemptedAtAfter" -> i.deployment.lastAttemptedAt != null && i.deployment.lastAttemptedAt.isAfter(time(v));
            case "createdAtBefore" -> i.createdAt.isBefore(time(v));
            case "createdAtAfter" -> i.createdAt.isAfter(time(v));
            default -> throw new ValidationException("Unknown filter key " + f.key());
        };
    }

    private static Instant time(String value) {
        try {
            return Instant.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ValidationException("Filter value " + value + " is not an RFC 3339 time");
        }
    }

    static JsonNode read(String json) {
        try {
            return json == null ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
