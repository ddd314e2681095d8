package dev.pave.environment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pave.Arns;
import dev.pave.PaveConfig;
import dev.pave.account.AccountConnections;
import dev.pave.account.EnvironmentAccountConnection;
import dev.pave.approval.Approval;
import dev.pave.approval.Approvals;
import dev.pave.deploy.DeployedVersion;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.deploy.DeploymentType;
import dev.pave.deploy.NewDeployment;
import dev.pave.deploy.TargetType;
import dev.pave.deploy.plan.Rendered;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.environment.EnvironmentDependents.Dependent;
import dev.pave.error.ConflictException;
import dev.pave.error.PaveException;
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
import dev.pave.provision.StackNames;
import dev.pave.provision.cloudformation.RunningStack;
import dev.pave.render.BundleRendering;
import dev.pave.render.ProtonContext;
import dev.pave.schema.Inputs;
import dev.pave.schema.Spec;
import dev.pave.schema.SpecDocuments;
import dev.pave.tag.TagService;
import dev.pave.team.Ownership;
import dev.pave.team.Team;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.template.bundle.Manifest;
import dev.pave.template.bundle.ValidatedBundle;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Environments with Proton's rules: created from a published environment template version, provisioned by
 * CloudFormation (a service role), commands (a CodeBuild role) or self-managed Git (a provisioning repository) as the
 * template's manifest demands, updated by deployment type, deleted through a deployment. Every deployment is checked,
 * its inputs validated and its files rendered while the request is made, so a bad spec or template fails the request
 * and deploys nothing.
 */
@ApplicationScoped
@Transactional
public class EnvironmentService {

    public record Repository(String provider, String name, String branch) {
    }

    /** A CreateEnvironment call. Start from {@link #of} and add what applies with the {@code with…} methods. */
    public record NewEnvironment(String name, String templateName, int templateMajorVersion, Integer templateMinorVersion,
            String spec, String description, String protonServiceRoleArn, String codebuildRoleArn, String componentRoleArn,
            Repository provisioningRepository, String environmentAccountConnectionId, Map<String, String> tags) {

        /** An environment of a template version ({@code minor} null: the recommended one) with its spec, nothing else. */
        public static NewEnvironment of(String name, String templateName, int major, Integer minor, String spec) {
            return new NewEnvironment(name, templateName, major, minor, spec, null, null, null, null, null, null, Map.of());
        }

        public NewEnvironment withDescription(String text) {
            return new NewEnvironment(name, templateName, templateMajorVersion, templateMinorVersion, spec, text, protonServiceRoleArn,
                    codebuildRoleArn, componentRoleArn, provisioningRepository, environmentAccountConnectionId, tags);
        }

        /** The roles Pave provisions with: a CloudFormation service role, a CodeBuild role, a components role (each may be null). */
        public NewEnvironment withRoles(String serviceRoleArn, String codebuildRole, String componentRole) {
            return new NewEnvironment(name, templateName, templateMajorVersion, templateMinorVersion, spec, description, serviceRoleArn,
                    codebuildRole, componentRole, provisioningRepository, environmentAccountConnectionId, tags);
        }

        public NewEnvironment withTags(Map<String, String> given) {
            return new NewEnvironment(name, templateName, templateMajorVersion, templateMinorVersion, spec, description, protonServiceRoleArn,
                    codebuildRoleArn, componentRoleArn, provisioningRepository, environmentAccountConnectionId, given);
        }

        /** Self-managed: the rendered files go to this repository. */
        public NewEnvironment withProvisioningRepository(Repository repository) {
            return new NewEnvironment(name, templateName, templateMajorVersion, templateMinorVersion, spec, description, protonServiceRoleArn,
                    codebuildRoleArn, componentRoleArn, repository, environmentAccountConnectionId, tags);
        }

        /** In another AWS account, through this accepted environment account connection. */
        public NewEnvironment withAccountConnection(String connectionId) {
            return new NewEnvironment(name, templateName, templateMajorVersion, templateMinorVersion, spec, description, protonServiceRoleArn,
                    codebuildRoleArn, componentRoleArn, provisioningRepository, connectionId, tags);
        }
    }

    /** An UpdateEnvironment call; null members are left as they are. */
    public record Change(DeploymentType deploymentType, String description, String spec, Integer templateMajorVersion,
            Integer templateMinorVersion, String protonServiceRoleArn, String codebuildRoleArn, String componentRoleArn,
            Repository provisioningRepository, String environmentAccountConnectionId) {

        /** Deploys the environment's own spec to another version (MINOR_VERSION or MAJOR_VERSION, or CURRENT_VERSION again). */
        public static Change deploy(DeploymentType type, int major, int minor) {
            return new Change(type, null, null, major, minor, null, null, null, null, null);
        }

        /**
         * A portal edit: a new description, and unless the type is NONE the given spec deployed to the version
         * ({@code major}/{@code minor} null: the environment's current one).
         */
        public static Change edit(DeploymentType type, String description, String spec, Integer major, Integer minor) {
            return new Change(type, description, spec, major, minor, null, null, null, null, null);
        }
    }

    /** ListEnvironments' filter entry. */
    public record TemplateFilter(String templateName, int majorVersion) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOLDER = "infrastructure";

    @Inject
    TemplateService templates;

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
    Arns arns;

    @Inject
    BundleRendering rendering;

    @Inject
    PaveConfig config;

    @Inject
    jakarta.enterprise.inject.Instance<EnvironmentDependents> dependents;

    @Inject
    Approvals approvals;

    @Inject
    AccountConnections connections;

    @Inject
    IdentityService identity;

    @ConfigProperty(name = "pave.quotas.environments", defaultValue = "100")
    int quota;

    // --- create, update, delete --------------------------------------------------------------------------

    public Environment create(Caller caller, NewEnvironment spec) {
        Ownership.Claim owner = ownership.claim(caller, spec.tags());
        if (Environment.byName(spec.name()).isPresent()) {
            throw new ConflictException("Environment " + spec.name() + " already exists");
        }
        if (Environment.count() >= quota) {
            throw new ServiceQuotaExceededException("You have reached the quota of " + quota + " environments");
        }
        Template template = templates.template(caller, TemplateType.ENVIRONMENT, spec.templateName());
        if (template.customerManaged()) {
            throw new ValidationException("Environment template " + template.name + " is CUSTOMER_MANAGED: its environments are provisioned "
                    + "outside Pave and only registered, which Pave doesn't support yet");
        }
        ownership.requireAdmitted(owner.team(), "Creating environment " + spec.name(), List.of(template.policy()));
        TemplateVersion version = versionRules.published(caller, template, spec.templateMajorVersion(), spec.templateMinorVersion());

        Environment e = new Environment();
        e.ownerTeam = owner.team();
        e.name = spec.name();
        e.description = spec.description();
        e.protonServiceRoleArn = spec.protonServiceRoleArn();
        e.codebuildRoleArn = spec.codebuildRoleArn();
        e.componentRoleArn = spec.componentRoleArn();
        setRepository(e, spec.provisioningRepository());
        if (spec.environmentAccountConnectionId() != null) {
            connect(e, spec.environmentAccountConnectionId());
        }
        e.createdAt = e.lastModifiedAt = Instant.now();
        e.provisioningMethod = method(e, version);
        e.templateName = template.name;
        e.templateVersion = DeployedVersion.of(version.majorVersion, version.minorVersion);
        e.spec = spec.spec();
        NewDeployment deployment = deployment(e, version, spec.spec(), spec.tags(), ProvisionRequest.Action.DEPLOY, null);
        // stored before its deployment starts, so whatever hears of the deployment (notices) finds its owner
        e.deployment.status = DeploymentStatus.IN_PROGRESS;
        e.persist();
        started(e, deployments.start(deployment));
        tags.tag(caller, arn(e), owner.tags());
        audit.record(caller, "CreateEnvironment", e.name, "deployment " + e.deployment.lastAttemptedId + " of " + e.templateName + ":" + e.version()
                + ", team " + e.ownerTeam);
        return e;
    }

    /**
     * A CloudFormation stack that provisions an environment (one AWS Proton deployed), taken over as it runs.
     *
     * @param componentRoleArn the role its components' stacks run with (none: it has no components, or it is connected)
     * @param environmentAccountConnectionId the connection of the environment account the stack runs in; null: Pave's
     *     own account, where the stack's service role becomes the environment's
     */
    public record Adopted(String name, String templateName, int templateMajorVersion, int templateMinorVersion, String spec, RunningStack stack,
            String componentRoleArn, String environmentAccountConnectionId, Map<String, String> tags) {
    }

    /**
     * Records an environment whose stack already runs, as the admin matched it to a template version and spec: its
     * history starts with one SUCCEEDED deployment holding the stack's outputs and resources, nothing in the stack
     * changes, and its next update applies a change set to that same stack.
     */
    public Environment adopt(Caller caller, Adopted a) {
        caller.require(Role.PLATFORM_ADMIN);
        Ownership.Claim owner = ownership.claim(caller, a.tags());
        if (Environment.byName(a.name()).isPresent()) {
            throw new ConflictException("Environment " + a.name() + " already exists");
        }
        if (Environment.count() >= quota) {
            throw new ServiceQuotaExceededException("You have reached the quota of " + quota + " environments");
        }
        Template template = templates.template(caller, TemplateType.ENVIRONMENT, a.templateName());
        TemplateVersion version = versionRules.published(caller, template, a.templateMajorVersion(), a.templateMinorVersion());
        Environment e = new Environment();
        e.ownerTeam = owner.team();
        e.name = a.name();
        if (a.environmentAccountConnectionId() != null) {
            connect(e, a.environmentAccountConnectionId());
        } else {
            e.protonServiceRoleArn = a.stack().roleArn();
            e.componentRoleArn = a.componentRoleArn();
        }
        e.createdAt = e.lastModifiedAt = Instant.now();
        e.provisioningMethod = method(e, version);
        if (e.provisioningMethod != ProvisioningMethod.CLOUDFORMATION) {
            throw new ValidationException("Environment template " + template.name + ":" + version.version() + " is not provisioned by "
                    + "CloudFormation; only a CloudFormation template can adopt stack " + a.stack().name());
        }
        e.templateName = template.name;
        e.templateVersion = DeployedVersion.of(version.majorVersion, version.minorVersion);
        e.spec = a.spec();
        String id = DeploymentService.newId();
        e.deployment.importing(id, e.createdAt);
        e.persist();
        ObjectNode environment = JsonNodeFactory.instance.objectNode().put("name", e.name);
        environment.set("inputs", Inputs.resolve(templates.bundle(version).inputSchema(),
                Spec.inputs(Spec.parse(a.spec(), Spec.Kind.EnvironmentSpec)), "spec"));
        ObjectNode protonInputs = JsonNodeFactory.instance.objectNode();
        protonInputs.set("environment", environment);
        NewDeployment imported = NewDeployment.builder(id, ProvisionRequest.Action.DEPLOY, TargetType.ENVIRONMENT, arn(e), ProvisioningMethod.CLOUDFORMATION)
                .stack(a.stack().name()).files(Map.of("cloudformation.yaml", a.stack().appliedTemplate()), "cloudformation.yaml").protonInputs(protonInputs)
                .role(roles(e).stackRoleArn()).account(roles(e).accountRole(ProvisioningMethod.CLOUDFORMATION)).targetCreatedAt(e.createdAt).environment(e.name).following(e.deployment)
                .states(null, state(template.name, version.majorVersion, version.minorVersion, a.spec())).build();
        deployments.imported(imported, a.stack());
        tags.tag(caller, arn(e), owner.tags());
        audit.record(caller, "AdoptEnvironment", e.name, "stack " + a.stack().name() + " as " + e.templateName + ":" + e.version()
                + ", team " + e.ownerTeam);
        return e;
    }

    public Environment update(Caller caller, String name, Change change) {
        Environment e = lock(name);
        ownership.requireChange(caller, e);
        requireIdle(e);
        if (change.description() != null) {
            e.description = change.description();
        }
        changeProvisioning(e, change);
        e.lastModifiedAt = Instant.now();
        Template template = templates.template(caller, TemplateType.ENVIRONMENT, e.templateName);
        TemplateVersion target = versionRules.target(caller, new VersionRules.Running(template, e.templateVersion),
                new VersionRules.Requested(change.deploymentType(), change.templateMajorVersion(), change.templateMinorVersion(), change.spec() != null),
                change.templateMajorVersion() == null ? ", and template " + e.templateName + " has none published" : "");
        if (target == null) {
            audit.record(caller, "UpdateEnvironment", name, "NONE");
            return e;
        }
        Optional<String> needsApproval = Approvals.updateNeeds(caller, change.deploymentType(), e.name, e.upgradesNeedApproval, template);
        if (needsApproval.isPresent()) {
            // held, not started: the API answers the environment as it is, its status message saying who must approve
            Approval held = approvals.request(caller, new Approvals.NewApproval(Approval.Kind.UPDATE, null, arn(e), TargetType.ENVIRONMENT,
                    "environment " + e.name, e.ownerTeam, TemplateType.ENVIRONMENT, e.templateName, target.majorVersion, target.minorVersion,
                    change.spec(), needsApproval.get()));
            e.deployment.statusMessage = approvals.waiting(held);
            return e;
        }
        deploy(caller, e, target, change.spec() != null ? change.spec() : specAt(e, target), change.deploymentType());
        audit.record(caller, "UpdateEnvironment", name, change.deploymentType() + " deployment " + e.deployment.lastAttemptedId
                + " to " + e.templateName + ":" + target.version());
        return e;
    }

    /** Deploys a version and spec the environment ran before (the rollback chose them), a lower major too. */
    public Environment rollBack(Caller caller, String name, DeployedVersion to, String spec) {
        Environment e = lock(name);
        ownership.requireChange(caller, e);
        requireIdle(e);
        TemplateVersion target = versionRules.rollbackTarget(caller, templates.template(caller, TemplateType.ENVIRONMENT, e.templateName), to);
        deploy(caller, e, target, spec, VersionRules.movement(e.templateVersion, target));
        audit.record(caller, "RollBackEnvironment", name, "deployment " + e.deployment.lastAttemptedId + " to " + e.templateName + ":"
                + target.version());
        return e;
    }

    /** Whether upgrades of the environment (and of the instances in it) wait for an approver; its owners and admins decide. */
    public Environment requireApproval(Caller caller, String name, boolean required) {
        Environment e = lock(name);
        ownership.requireChange(caller, e);
        e.upgradesNeedApproval = required;
        e.lastModifiedAt = Instant.now();
        audit.record(caller, "SetEnvironmentApproval", name, required ? "upgrades need approval" : "upgrades need no approval");
        return e;
    }

    /** An approver decided a held MAJOR_VERSION update: deploy it as its requester asked, or say it was rejected. */
    void decided(@Observes Approvals.Decided decided) {
        Approval a = decided.approval();
        if (a.kind != Approval.Kind.UPDATE || a.targetType != TargetType.ENVIRONMENT) {
            return;
        }
        Environment e = lock(a.targetArn.substring(arns.of("environment", "").length()));
        if (a.status == Approval.Status.REJECTED) {
            e.deployment.statusMessage = "The update to " + a.templateName + " " + a.targetVersion() + " was rejected by " + a.decidedBy
                    + (a.comment == null ? "" : ": " + a.comment);
            return;
        }
        Caller requester = identity.actingFor(a.requestedBy);
        ownership.requireChange(requester, e);
        requireIdle(e);
        TemplateVersion target = versionRules.published(requester, templates.template(requester, TemplateType.ENVIRONMENT, e.templateName),
                a.targetMajor, a.targetMinor);
        deploy(requester, e, target, a.request != null ? a.request : specAt(e, target), DeploymentType.MAJOR_VERSION);
        audit.record(requester, "UpdateEnvironment", e.name, "MAJOR_VERSION deployment " + e.deployment.lastAttemptedId + " to " + e.templateName
                + ":" + target.version() + ", approved by " + a.decidedBy);
    }

    private void requireIdle(Environment e) {
        deployments.active(arn(e)).ifPresent(d -> {
            throw new ConflictException("Environment " + e.name + " already has a deployment in progress (" + d.id + ", " + d.status
                    + "); wait for it to finish or cancel it");
        });
    }

    private void deploy(Caller caller, Environment e, TemplateVersion target, String spec, DeploymentType type) {
        ProvisioningMethod method = method(e, target);
        if (method != e.provisioningMethod) {
            throw new ValidationException("Version " + target.version() + " of " + e.templateName + " is provisioned with " + method
                    + ", environment " + e.name + " with " + e.provisioningMethod + "; create a new environment instead");
        }
        started(e, deployments.start(deployment(e, target, spec, currentTags(caller, e), ProvisionRequest.Action.DEPLOY, type)));
    }

    /** Starts the deletion of the environment's infrastructure; the environment goes when it completes. */
    public Environment delete(Caller caller, String name) {
        Environment e = lock(name);
        ownership.requireChange(caller, e);
        List<Dependent> blocking = dependents(e);
        if (!blocking.isEmpty()) {
            throw new ValidationException("Environment " + name + " still has " + named(blocking) + "; delete them before the environment");
        }
        TemplateVersion version = templates.version(caller, TemplateType.ENVIRONMENT, e.templateName, e.templateVersion.major, e.templateVersion.minor);
        started(e, deployments.start(deployment(e, version, e.spec, currentTags(caller, e), ProvisionRequest.Action.DELETE, null)));
        audit.record(caller, "DeleteEnvironment", name, "deployment " + e.deployment.lastAttemptedId);
        return e;
    }

    /** Lets only these teams' services run instances here (none: every team's); running instances stay. */
    public Environment limitInstancesToTeams(Caller caller, String name, Collection<String> teams) {
        Environment e = lock(name);
        ownership.requireChange(caller, e);
        Set<String> chosen = Team.existing(teams);
        e.instanceTeams.clear();
        e.instanceTeams.addAll(chosen);
        audit.record(caller, "LimitEnvironmentInstancesToTeams", name, chosen.isEmpty() ? "every team" : String.join(",", chosen));
        return e;
    }

    public Environment cancelDeployment(Caller caller, String name) {
        Environment e = environment(caller, name);
        ownership.requireChange(caller, e);
        deployments.cancel(caller, arn(e), "environment " + name);
        return e;
    }

    // --- reading -----------------------------------------------------------------------------------------

    /** Whether an environment has this name: a create form says so as the name is typed. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public boolean exists(Caller caller, String name) {
        caller.requireAnyRole();
        return Environment.byName(name).isPresent();
    }

    /** What runs in the environment (service instances, then components): each keeps it from being deleted. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Dependent> dependents(Caller caller, String name) {
        return dependents(environment(caller, name));
    }

    /** "2 service instance(s) (a/dev, b/dev) and 1 component(s) (c)", five names of each kind at most. */
    private static String named(List<Dependent> dependents) {
        Map<TargetType, List<String>> byType = dependents.stream()
                .collect(Collectors.groupingBy(Dependent::type, TreeMap::new, Collectors.mapping(Dependent::label, Collectors.toList())));
        return byType.entrySet().stream().map(t -> t.getValue().size() + (t.getKey() == TargetType.COMPONENT ? " component(s) (" : " service instance(s) (")
                + String.join(", ", t.getValue().subList(0, Math.min(5, t.getValue().size()))) + (t.getValue().size() > 5 ? ", …)" : ")"))
                .collect(Collectors.joining(" and "));
    }

    private List<Dependent> dependents(Environment e) {
        return dependents.stream().flatMap(d -> d.in(e).stream())
                .sorted(Comparator.comparing(Dependent::type).thenComparing(Dependent::label))
                .toList();
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Environment environment(Caller caller, String name) {
        caller.requireAnyRole();
        return Environment.byName(name).orElseThrow(() -> new ResourceNotFoundException("The environment " + name + " was not found"));
    }

    /** Environments by name; a non-empty {@code filters} keeps those on one of the template majors. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Environment> environments(Caller caller, List<TemplateFilter> filters, int offset, int limit) {
        caller.requireAnyRole();
        if (filters.isEmpty()) {
            return Environment.<Environment>findAll(Sort.by("name")).range(offset, offset + limit - 1).list();
        }
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < filters.size(); i++) {
            clauses.add("(templateName = :t" + i + " and templateVersion.major = :m" + i + ")");
            params.put("t" + i, filters.get(i).templateName());
            params.put("m" + i, filters.get(i).majorVersion());
        }
        return Environment.<Environment>find(String.join(" or ", clauses), Sort.by("name"), params).range(offset, offset + limit - 1).list();
    }

    /** The environment's outputs, or those of one of its deployments. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Map<String, String> outputs(Caller caller, String name, String deploymentId) {
        return deployments.outputsOf(caller, arn(environment(caller, name)), deploymentId, "environment " + name);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ProvisionedResource> provisionedResources(Caller caller, String name) {
        return deployments.provisionedResources(arn(environment(caller, name)));
    }

    /** The AWS account the environment's infrastructure is in. */
    public String accountId(Environment e) {
        return e.environmentAccountId != null ? e.environmentAccountId : config.accountId();
    }

    public String arn(Environment e) {
        return arns.of("environment", e.name);
    }

    public String repositoryArn(Environment e) {
        return e.repositoryName == null ? null : arns.of("repository", e.repositoryProvider.toLowerCase() + ":" + e.repositoryName);
    }

    // --- rules -------------------------------------------------------------------------------------------

    /** The provisioning method the version's manifest demands, checked against what the environment was given. */
    private ProvisioningMethod method(Environment e, TemplateVersion version) {
        Manifest manifest = manifest(version);
        String template = "Environment template " + version.template.name + ":" + version.version();
        if (e.environmentAccountConnectionId != null) {
            return connectedMethod(e, manifest, template);
        }
        List<String> given = new ArrayList<>();
        if (e.protonServiceRoleArn != null) {
            given.add("protonServiceRoleArn");
        }
        if (e.codebuildRoleArn != null) {
            given.add("codebuildRoleArn");
        }
        if (e.repositoryName != null) {
            given.add("provisioningRepository");
        }
        String givenText = given.isEmpty() ? "none of them was given" : "the request gives " + String.join(" and ", given);
        if (e.repositoryName != null && given.size() > 1) {
            throw new ValidationException("provisioningRepository (self-managed provisioning) can't be combined with "
                    + "protonServiceRoleArn or codebuildRoleArn; " + givenText);
        }
        if (manifest.engine() == Manifest.Engine.TERRAFORM) {
            if (e.repositoryName == null) {
                throw new ValidationException(template + " is Terraform (rendering_engine hcl), which Pave provisions self-managed: "
                        + "give provisioningRepository; " + givenText);
            }
            return ProvisioningMethod.SELF_MANAGED;
        }
        if (manifest.engine() == Manifest.Engine.CODEBUILD) {
            if (e.codebuildRoleArn == null) {
                throw new ValidationException(template + " has a codebuild manifest (rendering_engine codebuild), which needs codebuildRoleArn; "
                        + givenText);
            }
            return ProvisioningMethod.COMMANDS;
        }
        if (e.protonServiceRoleArn == null) {
            throw new ValidationException(template + " is CloudFormation (rendering_engine jinja), which needs protonServiceRoleArn; "
                    + givenText);
        }
        return ProvisioningMethod.CLOUDFORMATION;
    }

    private ProvisioningMethod connectedMethod(Environment e, Manifest manifest, String template) {
        String connection = "environment account connection " + e.environmentAccountConnectionId;
        return switch (manifest.engine()) {
            case CLOUDFORMATION -> ProvisioningMethod.CLOUDFORMATION;
            case CODEBUILD -> {
                if (roles(e).codebuildRoleArn() == null) {
                    throw new ValidationException(template + " has a codebuild manifest (rendering_engine codebuild), which needs a "
                            + "codebuildRoleArn: " + connection + " has none");
                }
                yield ProvisioningMethod.COMMANDS;
            }
            case TERRAFORM -> throw new ValidationException(template + " is Terraform, which Pave provisions self-managed through a "
                    + "repository; an environment in another account (" + connection + ") is provisioned by CloudFormation or commands");
        };
    }

    private Manifest manifest(TemplateVersion version) {
        Manifest manifest = templates.bundle(version).manifests().get(FOLDER);
        if (manifest == null) {
            throw new ValidationException("Environment template version " + version.template.name + ":" + version.version()
                    + " has no " + FOLDER + " folder");
        }
        return manifest;
    }

    /**
     * The files a deployment of {@code e}'s own spec at {@code version} would apply, rendered exactly as that deployment
     * renders them, without starting it (an upgrade plan's view); a spec the version refuses is a ValidationException.
     */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = PaveException.class) // a plan reads on past a refusal
    public Rendered renderedAt(Environment e, TemplateVersion version) {
        String spec = specAt(e, version);
        return new Rendered(deployment(e, version, spec, Map.of(), ProvisionRequest.Action.DEPLOY, null).request().files(), spec);
    }

    /**
     * The environment's own spec as a deployment at {@code target} reads it: across a major, migrated by the target's
     * {@code schema/migrations.yaml} when it has a migration from the environment's major (rewritten as YAML then).
     */
    private String specAt(Environment e, TemplateVersion target) {
        ValidatedBundle bundle = templates.bundle(target);
        if (target.majorVersion == e.templateVersion.major || bundle.migrations().from(e.templateVersion.major).isEmpty()) {
            return e.spec;
        }
        ObjectNode inputs = Spec.inputs(Spec.parse(e.spec, Spec.Kind.EnvironmentSpec));
        return SpecDocuments.environment(bundle.migrate(e.templateVersion.major, target.majorVersion, inputs));
    }

    /**
     * The deployment that brings {@code e} to {@code version} with {@code specText}: inputs resolved, files rendered now,
     * so every problem is the caller's ValidationException and the deployment keeps the exact files it applies.
     */
    private NewDeployment deployment(Environment e, TemplateVersion version, String specText, Map<String, String> tagMap,
            ProvisionRequest.Action action, DeploymentType type) {
        String id = DeploymentService.newId();
        String arn = arn(e);
        ValidatedBundle bundle = templates.bundle(version);
        ObjectNode inputs = Inputs.resolve(bundle.inputSchema(), Spec.inputs(Spec.parse(specText, Spec.Kind.EnvironmentSpec)), "spec");
        ObjectNode environment = JsonNodeFactory.instance.objectNode().put("name", e.name);
        environment.set("inputs", inputs);
        ObjectNode protonInputs = JsonNodeFactory.instance.objectNode();
        protonInputs.set("environment", environment);

        EnvironmentRoles roles = roles(e);
        Map<String, Object> context = ProtonContext.environment(new ProtonContext.EnvironmentRef(e.name, accountId(e),
                BundleRendering.values(inputs), Map.of()));
        // rendered as the render preview renders, so a preview shows what the deployment applies
        Map<String, String> files = rendering.renderFolder(bundle, FOLDER, context);
        Manifest manifest = manifest(version);
        boolean cloudFormation = e.provisioningMethod == ProvisioningMethod.CLOUDFORMATION;
        NewDeployment.Builder deployment = NewDeployment.builder(id, action, TargetType.ENVIRONMENT, arn, e.provisioningMethod)
                .stack(StackNames.environment(e.name)).files(files, cloudFormation ? manifest.files().get(0).substring(FOLDER.length() + 1) : null)
                .commands(manifest.provisionCommands(), manifest.deprovisionCommands(), manifest.driftCommands())
                .protonInputs(protonInputs).role(cloudFormation ? roles.stackRoleArn() : roles.codebuildRoleArn())
                .account(roles.accountRole(e.provisioningMethod)).folder(e.name).tags(tagMap)
                .targetCreatedAt(e.createdAt).environment(e.name).type(type).following(e.deployment)
                .states(e.deployment.isNew() ? null : state(e.templateName, e.templateVersion.major, e.templateVersion.minor, e.spec),
                        action == ProvisionRequest.Action.DELETE ? null : state(version.template.name, version.majorVersion, version.minorVersion, specText));
        if (e.provisioningMethod == ProvisioningMethod.SELF_MANAGED) {
            // Proton doesn't Jinja-render Terraform: inputs reach it as variables (proton.auto.tfvars.json)
            protonInputs.set("proton_tags", JSON.valueToTree(tagMap));
            deployment.selfManaged(new ProvisionRequest.Repository(e.repositoryProvider, e.repositoryName, e.repositoryBranch, null, null),
                    templates.arn(version.template), DeployedVersion.of(version.majorVersion, version.minorVersion), null);
        }
        return deployment.build();
    }

    /** Proton's DeploymentState union for an environment. */
    static ObjectNode state(String templateName, int major, int minor, String spec) {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        ObjectNode env = state.putObject("environment").put("templateName", templateName)
                .put("templateMajorVersion", String.valueOf(major)).put("templateMinorVersion", String.valueOf(minor));
        if (spec != null) {
            env.put("spec", spec);
        }
        return state;
    }

    private void started(Environment e, Deployment d) {
        e.deployment.started(d);
        e.lastModifiedAt = d.createdAt;
    }

    private void changeProvisioning(Environment e, Change change) {
        if (e.environmentAccountConnectionId != null || change.environmentAccountConnectionId() != null) {
            changeConnection(e, change);
            return;
        }
        if (change.componentRoleArn() != null) {
            e.componentRoleArn = change.componentRoleArn();
        }
        boolean selfManaged = e.provisioningMethod == ProvisioningMethod.SELF_MANAGED;
        if (change.provisioningRepository() != null && !selfManaged
                || (change.protonServiceRoleArn() != null || change.codebuildRoleArn() != null) && selfManaged) {
            throw new ValidationException("Environment " + e.name + " is provisioned with " + e.provisioningMethod
                    + "; an update can change its roles or repository but not how it is provisioned");
        }
        if (change.protonServiceRoleArn() != null) {
            e.protonServiceRoleArn = change.protonServiceRoleArn();
        }
        if (change.codebuildRoleArn() != null) {
            e.codebuildRoleArn = change.codebuildRoleArn();
        }
        if (change.provisioningRepository() != null) {
            setRepository(e, change.provisioningRepository());
        }
    }

    private static void setRepository(Environment e, Repository r) {
        if (r != null) {
            e.repositoryProvider = r.provider();
            e.repositoryName = r.name();
            e.repositoryBranch = r.branch();
        }
    }

    /** The environment is provisioned in another account: the connection's roles stand for its own. */
    private void connect(Environment e, String connectionId) {
        if (e.protonServiceRoleArn != null || e.codebuildRoleArn != null || e.componentRoleArn != null || e.repositoryName != null) {
            throw new ValidationException("environmentAccountConnectionId can't be combined with protonServiceRoleArn, codebuildRoleArn, "
                    + "componentRoleArn or provisioningRepository: the environment is provisioned with the connection's roles");
        }
        EnvironmentAccountConnection c = connections.usable(connectionId, e.name);
        e.environmentAccountConnectionId = c.id;
        e.environmentAccountId = c.environmentAccountId;
    }

    /** Proton's rule: a connected environment may move only to another connection of the same account, for it. */
    private void changeConnection(Environment e, Change change) {
        if (e.environmentAccountConnectionId == null) {
            throw new ValidationException("Environment " + e.name + " is provisioned in this account; an update can't move it to another "
                    + "account");
        }
        if (change.protonServiceRoleArn() != null || change.codebuildRoleArn() != null || change.componentRoleArn() != null
                || change.provisioningRepository() != null) {
            throw new ValidationException("Environment " + e.name + " is provisioned through environment account connection "
                    + e.environmentAccountConnectionId + ": change the connection's roles (UpdateEnvironmentAccountConnection)");
        }
        if (change.environmentAccountConnectionId() != null && !change.environmentAccountConnectionId().equals(e.environmentAccountConnectionId)) {
            EnvironmentAccountConnection c = connections.usable(change.environmentAccountConnectionId(), e.name);
            if (!c.environmentAccountId.equals(e.environmentAccountId)) {
                throw new ValidationException("Environment account connection " + c.id + " is for account " + c.environmentAccountId
                        + "; environment " + e.name + " is in account " + e.environmentAccountId);
            }
            e.environmentAccountConnectionId = c.id;
        }
    }

    /** The roles the environment's infrastructure is provisioned with: its own, or, in another account, its connection's. */
    public EnvironmentRoles roles(Environment e) {
        if (e.environmentAccountConnectionId == null) {
            return new EnvironmentRoles(e.protonServiceRoleArn, e.codebuildRoleArn, e.componentRoleArn, null, config.accountId());
        }
        EnvironmentAccountConnection c = connections.usable(e.environmentAccountConnectionId, e.name);
        return new EnvironmentRoles(c.roleArn, c.codebuildRoleArn, c.componentRoleArn, c.roleArn, c.environmentAccountId);
    }

    private Map<String, String> currentTags(Caller caller, Environment e) {
        Map<String, String> map = new LinkedHashMap<>();
        tags.tags(caller, arn(e), 0, 100).forEach(t -> map.put(t.key, t.value));
        return map;
    }

    /** The environment, locked against concurrent changes of it and its deployments' outcomes. */
    private Environment lock(String name) {
        return Environment.<Environment>find("name", name).withLock(LockModeType.PESSIMISTIC_WRITE).firstResultOptional()
                .orElseThrow(() -> new ResourceNotFoundException("The environment " + name + " was not found"));
    }
}
