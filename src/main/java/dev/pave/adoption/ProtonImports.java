package dev.pave.adoption;

import dev.pave.PaveConfig;
import dev.pave.account.AccountConnections;
import dev.pave.account.EnvironmentAccountConnection;
import dev.pave.aws.AssumedRoles;
import dev.pave.component.Component;
import dev.pave.component.ComponentService;
import dev.pave.deploy.Deployment;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.PaveException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.provision.cloudformation.RunningStack;
import dev.pave.schema.Inputs;
import dev.pave.schema.Spec;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.service.ServiceService;
import dev.pave.sync.GitServiceSpecs;
import dev.pave.sync.ServiceSyncService;
import dev.pave.team.Ownership;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;

/**
 * AWS Proton's estate, adopted without redeploying: the CloudFormation stacks Proton deployed are found by the tags it
 * put on them ({@code aws:proton:environment}, {@code aws:proton:service}, {@code aws:proton:service-instance},
 * {@code aws:proton:component}, {@code aws:proton:template}), matched to Pave's templates by the template ARN's name,
 * and recorded as Pave's own with nothing in them changed: environments, services (their instances and pipeline
 * together) and components. A dry run reports what an import would do; a second import skips what it adopted. Any
 * other stack can be adopted by name as a new environment of a chosen template.
 */
@ApplicationScoped
public class ProtonImports {

    static final String ENVIRONMENT_TAG = "aws:proton:environment";
    static final String SERVICE_TAG = "aws:proton:service";
    static final String INSTANCE_TAG = "aws:proton:service-instance";
    static final String COMPONENT_TAG = "aws:proton:component";
    static final String TEMPLATE_TAG = "aws:proton:template";

    public enum Kind {
        ENVIRONMENT,
        SERVICE_INSTANCE,
        SERVICE_PIPELINE,
        COMPONENT
    }

    /** What the import does, or in a dry run would do, with one stack. */
    public enum Outcome {
        /** A dry run: an import would adopt it. */
        ADOPTABLE,
        /** Adopted by this import. */
        ADOPTED,
        /** Adopted by an earlier import: skipped. */
        ALREADY_ADOPTED,
        /** No template of its name is registered in Pave. */
        NO_TEMPLATE,
        /** The spec (given, or the template's defaults) does not validate against the version's schema. */
        NEEDS_SPEC,
        /** Something else stops it; the message says what. */
        REFUSED
    }

    /**
     * An import.
     *
     * @param specs an environment's spec by environment name (YAML or JSON, Proton's EnvironmentSpec); none: the
     *     template's defaults, if they validate
     * @param serviceSpecs a service's spec by service name (Proton's ServiceSpec, listing every instance); none: each
     *     instance in the environment its stack names, with the template's defaults, if they validate
     * @param versions the version to adopt a template's resources on ({@code 1} or {@code 1.2}), by template name; none:
     *     the recommended one
     * @param repositories the source repository each service with a pipeline was created with, by service name
     * @param serviceSync the proton-ops file of the services' service sync, if they had one: the specs of the services
     *     it lists (unless given in {@code serviceSpecs}) are read from Git, and each service adopted with its spec
     *     from there goes on syncing from it
     * @param stacks other stacks to adopt, each as a new environment
     */
    public record Request(boolean dryRun, Map<String, String> specs, Map<String, String> serviceSpecs, Map<String, String> versions,
            Map<String, Repository> repositories, ServiceSyncService.Source serviceSync, List<StackAdoption> stacks) {

        public Request {
            specs = specs == null ? Map.of() : specs;
            serviceSpecs = serviceSpecs == null ? Map.of() : serviceSpecs;
            versions = versions == null ? Map.of() : versions;
            repositories = repositories == null ? Map.of() : repositories;
            stacks = stacks == null ? List.of() : stacks;
        }

        /** A dry run with nothing given: what the page shows first. */
        public static Request check() {
            return new Request(true, null, null, null, null, null, null);
        }
    }

    /** CreateService's repository members, which Proton rendered a pipeline with and no stack records. */
    public record Repository(String repositoryConnectionArn, String repositoryId, String branchName) {
    }

    /** A stack Proton did not deploy, adopted by name as environment {@code environmentName} of a template. */
    public record StackAdoption(String stackName, String environmentName, String templateName, String version) {
    }

    /**
     * One stack and what becomes of it.
     *
     * @param name the resource's name: {@code <service>/<instance>} for an instance, the service's for a pipeline
     * @param service the service an instance or pipeline belongs to (null for environments and components)
     */
    public record Item(Kind kind, String name, String service, String stackName, String templateName, String version, Outcome outcome,
            String message) {

        /** "service instance". */
        public String kindLabel() {
            return kind.name().toLowerCase().replace('_', ' ');
        }

        /** "ALREADY ADOPTED". */
        public String outcomeLabel() {
            return outcome.name().replace('_', ' ');
        }

        /** Whether the import still may adopt it, given what it asks for. */
        boolean open() {
            return outcome == Outcome.ADOPTABLE || outcome == Outcome.NEEDS_SPEC || outcome == Outcome.REFUSED;
        }

        /** Whether the admin may give its spec: an environment still to adopt (a service's is given once, by service). */
        public boolean takesSpec() {
            return kind == Kind.ENVIRONMENT && open();
        }
    }

    /**
     * @param unreadAccounts the environment accounts whose stacks could not be listed, each saying why
     */
    public record Report(boolean dryRun, List<Item> items, List<String> unreadAccounts) {

        public long count(Outcome outcome) {
            return items.stream().filter(i -> i.outcome() == outcome).count();
        }

        public long adopted() {
            return count(Outcome.ADOPTED);
        }

        public long alreadyAdopted() {
            return count(Outcome.ALREADY_ADOPTED);
        }

        /** The services still to adopt, whose spec the admin may give. */
        public List<String> servicesTakingSpec() {
            return items.stream().filter(i -> i.service() != null && i.open()).map(Item::service).distinct().toList();
        }

        /** The services still to adopt with a pipeline, whose repository the admin gives. */
        public List<String> servicesTakingRepository() {
            return items.stream().filter(i -> i.kind() == Kind.SERVICE_PIPELINE && i.open()).map(Item::service).distinct().toList();
        }
    }

    @Inject
    CloudFormationClient cloudFormation;

    @Inject
    EnvironmentService environments;

    @Inject
    TemplateService templates;

    @Inject
    VersionRules versionRules;

    @Inject
    ServiceService services;

    @Inject
    ComponentService components;

    @Inject
    GitServiceSpecs gitSpecs;

    @Inject
    AccountConnections connections;

    @Inject
    AssumedRoles assumedRoles;

    @Inject
    PaveConfig config;

    @Inject
    ServiceSyncService syncs;

    @Inject
    AuditLog audit;

    /** A stack of Proton's, as its tags describe it, in an account Pave reaches with {@code cloudFormation}. */
    private record Found(Stack stack, Map<String, String> tags, String account, CloudFormationClient cloudFormation) {

        static Found of(Stack stack, String account, CloudFormationClient cloudFormation) {
            Map<String, String> tags = new LinkedHashMap<>();
            stack.tags().forEach(t -> tags.put(t.key(), t.value()));
            return new Found(stack, tags, account, cloudFormation);
        }

        RunningStack read() {
            return RunningStack.read(cloudFormation, stack);
        }

        boolean protons() {
            return tags.containsKey(ENVIRONMENT_TAG) || tags.containsKey(SERVICE_TAG) || tags.containsKey(COMPONENT_TAG);
        }

        Kind kind() {
            return tags.containsKey(COMPONENT_TAG) ? Kind.COMPONENT : tags.containsKey(INSTANCE_TAG) ? Kind.SERVICE_INSTANCE
                    : tags.containsKey(SERVICE_TAG) ? Kind.SERVICE_PIPELINE : Kind.ENVIRONMENT;
        }

        String name() {
            return stack.stackName();
        }

        String environment() {
            return lastSegment(tags.get(ENVIRONMENT_TAG));
        }

        String templateName() {
            return lastSegment(tags.get(TEMPLATE_TAG));
        }

        /** The service an instance's or pipeline's stack (or an attached component's) belongs to. */
        String service() {
            return tags.containsKey(INSTANCE_TAG) ? instanceArn()[0] : lastSegment(tags.get(SERVICE_TAG));
        }

        String instance() {
            return tags.containsKey(INSTANCE_TAG) ? instanceArn()[1] : null;
        }

        /** {@code arn:…:service/<service>/service-instance/<instance>}: service and instance. */
        private String[] instanceArn() {
            String arn = tags.get(INSTANCE_TAG);
            String[] parts = arn.substring(arn.lastIndexOf(':') + 1).split("/");
            return parts.length >= 4 ? new String[] {parts[1], parts[3]} : new String[] {lastSegment(tags.get(SERVICE_TAG)), lastSegment(arn)};
        }

        /** Why it can't be adopted as it is now, if it can't. */
        Optional<String> unsettled() {
            String status = stack.stackStatusAsString();
            return status.endsWith("_COMPLETE") && stack.stackStatus() != StackStatus.ROLLBACK_COMPLETE ? Optional.empty()
                    : Optional.of("Stack " + name() + " is " + status + "; adopt it once it runs");
        }

        /** The stack's own tags (AWS's and Proton's {@code aws:} ones are not the user's; the owning team is Pave's). */
        Map<String, String> userTags() {
            Map<String, String> user = new LinkedHashMap<>();
            tags.forEach((key, value) -> {
                if (!key.startsWith("aws:") && !key.equals(Ownership.TAG)) {
                    user.put(key, value);
                }
            });
            return user;
        }
    }

    /**
     * Scans Pave's account and region, and adopts what matches (nothing, in a dry run): environments first, then the
     * services whose instances run in them, then components.
     */
    public Report run(Caller caller, Request request) {
        caller.require(Role.PLATFORM_ADMIN);
        List<Stack> stacks;
        try {
            stacks = stacks(cloudFormation);
        } catch (SdkException e) {
            throw new ValidationException("CloudFormation could not be asked for the stacks: " + e.getMessage());
        }
        List<Found> protons = new ArrayList<>(stacks.stream().map(s -> Found.of(s, config.accountId(), cloudFormation)).filter(Found::protons).toList());
        List<String> unread = new ArrayList<>();
        connectedAccounts().forEach((account, roleArn) -> {
            try {
                CloudFormationClient there = assumedRoles.cloudFormation(roleArn);
                stacks(there).stream().map(s -> Found.of(s, account, there)).filter(Found::protons).forEach(protons::add);
            } catch (SdkException e) {
                unread.add("Account " + account + " (as " + roleArn + "): " + e.getMessage());
            }
        });
        Map<String, String> specsInGit = request.serviceSync() == null ? Map.of() : gitSpecs.read(request.serviceSync());
        List<Item> items = new ArrayList<>();
        for (Found f : protons) {
            if (f.kind() == Kind.ENVIRONMENT) {
                items.add(environment(caller, request, f, f.environment(), f.templateName(), request.versions(), componentRole(protons, f.environment())));
            }
        }
        for (StackAdoption named : request.stacks()) {
            items.add(byName(caller, request, stacks, named));
        }
        Map<String, List<Found>> services = new TreeMap<>();
        protons.stream().filter(f -> f.kind() == Kind.SERVICE_INSTANCE || f.kind() == Kind.SERVICE_PIPELINE)
                .forEach(f -> services.computeIfAbsent(f.service(), k -> new ArrayList<>()).add(f));
        services.forEach((name, group) -> items.addAll(service(caller, request, name, group, present(items, Kind.ENVIRONMENT),
                specsInGit.get(name))));
        for (Found f : protons) {
            if (f.kind() == Kind.COMPONENT) {
                items.add(component(caller, request, f, present(items, Kind.ENVIRONMENT), present(items, Kind.SERVICE_INSTANCE)));
            }
        }
        if (!request.dryRun()) {
            QuarkusTransaction.requiringNew().run(() -> audit.record(caller, "ImportFromProton", "account",
                    items.size() + " stack(s): " + items.stream().filter(i -> i.outcome() == Outcome.ADOPTED).count() + " adopted"));
        }
        return new Report(request.dryRun(), items, unread);
    }

    private static List<Stack> stacks(CloudFormationClient cloudFormation) {
        return cloudFormation.describeStacksPaginator(r -> { }).stacks().stream()
                .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE).sorted(Comparator.comparing(Stack::stackName)).toList();
    }

    /** The environment accounts Pave has an accepted connection to, each with a connection role to list its stacks as. */
    private Map<String, String> connectedAccounts() {
        Map<String, String> accounts = new TreeMap<>();
        QuarkusTransaction.requiringNew().call(() -> connections.connected()).stream()
                .filter(c -> !c.environmentAccountId.equals(config.accountId()))
                .forEach(c -> accounts.putIfAbsent(c.environmentAccountId, c.roleArn));
        return accounts;
    }

    /** The accepted connection a stack in an environment account is adopted with: the one made for its environment there. */
    private Optional<EnvironmentAccountConnection> connection(Found f, String environment) {
        return QuarkusTransaction.requiringNew().call(() -> connections.connected()).stream()
                .filter(c -> c.environmentAccountId.equals(f.account()) && c.environmentName.equals(environment)).findFirst();
    }

    /** The resources of a kind that are in Pave after this import (or would be, after the import a dry run checks). */
    private static Set<String> present(List<Item> items, Kind kind) {
        return items.stream().filter(i -> i.kind() == kind && (i.outcome() == Outcome.ADOPTABLE || i.outcome() == Outcome.ADOPTED
                || i.outcome() == Outcome.ALREADY_ADOPTED)).map(Item::name).collect(Collectors.toSet());
    }

    private Item byName(Caller caller, Request request, List<Stack> stacks, StackAdoption named) {
        Optional<Stack> stack = stacks.stream().filter(s -> s.stackName().equals(named.stackName())).findFirst();
        if (stack.isEmpty()) {
            return new Item(Kind.ENVIRONMENT, named.environmentName(), null, named.stackName(), named.templateName(), named.version(),
                    Outcome.REFUSED, "No stack " + named.stackName() + " in this account and region");
        }
        Map<String, String> versions = new LinkedHashMap<>(request.versions());
        if (named.version() != null) {
            versions.put(named.templateName(), named.version());
        }
        return environment(caller, request, Found.of(stack.get(), config.accountId(), cloudFormation), named.environmentName(), named.templateName(),
                versions, null);
    }

    /** The role an environment's components run with in Proton: their stacks', which Proton deployed with it. */
    private static String componentRole(List<Found> protons, String environment) {
        return protons.stream().filter(f -> f.kind() == Kind.COMPONENT && environment.equals(f.environment()) && f.stack().roleARN() != null)
                .map(f -> f.stack().roleARN()).findFirst().orElse(null);
    }

    private Item environment(Caller caller, Request request, Found f, String name, String templateName, Map<String, String> versions,
            String componentRole) {
        Item refused = new Item(Kind.ENVIRONMENT, name, null, f.name(), templateName, null, Outcome.REFUSED, null);
        if (owned(f)) {
            return with(refused, Outcome.ALREADY_ADOPTED, null, "Adopted already: skipped");
        }
        if (QuarkusTransaction.requiringNew().call(() -> Environment.byName(name)).isPresent()) {
            return with(refused, Outcome.REFUSED, null, "Pave already has an environment " + name + " on another stack");
        }
        if (f.unsettled().isPresent()) {
            return with(refused, Outcome.REFUSED, null, f.unsettled().get());
        }
        TemplateVersion version;
        try {
            version = QuarkusTransaction.requiringNew().call(() -> version(caller, TemplateType.ENVIRONMENT, templateName, versions));
        } catch (ResourceNotFoundException e) {
            return with(refused, Outcome.NO_TEMPLATE, null, "No environment template " + templateName
                    + " in Pave: register its bundle (the one Proton deployed from) and import again");
        } catch (PaveException e) {
            return with(refused, Outcome.REFUSED, null, e.getMessage());
        }
        String spec = request.specs().get(name);
        String specText = spec == null ? "proton: EnvironmentSpec\nspec: {}\n" : spec;
        try {
            QuarkusTransaction.requiringNew().run(() -> Inputs.resolve(templates.bundle(version).inputSchema(),
                    Spec.inputs(Spec.parse(specText, Spec.Kind.EnvironmentSpec)), "spec"));
        } catch (PaveException e) {
            return with(refused, Outcome.NEEDS_SPEC, version.version(), (spec == null ? "Give its spec: the template's defaults don't validate: "
                    : "Its spec does not validate: ") + e.getMessage());
        }
        String connectionId = null;
        if (!f.account().equals(config.accountId())) {
            Optional<EnvironmentAccountConnection> connection = connection(f, name);
            if (connection.isEmpty()) {
                return with(refused, Outcome.REFUSED, version.version(), "It runs in account " + f.account() + ": accept an environment account "
                        + "connection of that account for environment " + name + " first, and Pave provisions it there with the connection's role");
            }
            connectionId = connection.get().id;
        } else if (f.stack().roleARN() == null) {
            return with(refused, Outcome.REFUSED, version.version(), "The stack has no service role, which Pave would update it with");
        }
        String where = connectionId == null ? "" : " in account " + f.account() + " through connection " + connectionId;
        if (request.dryRun()) {
            return with(refused, Outcome.ADOPTABLE, version.version(), "Would adopt as " + templateName + ":" + version.version() + where);
        }
        try {
            EnvironmentService.Adopted adopted = new EnvironmentService.Adopted(name, templateName, version.majorVersion, version.minorVersion,
                    specText, f.read(), componentRole, connectionId, f.userTags());
            QuarkusTransaction.requiringNew().run(() -> environments.adopt(caller, adopted));
            return with(refused, Outcome.ADOPTED, version.version(), "Adopted as " + templateName + ":" + version.version() + where);
        } catch (PaveException e) {
            return with(refused, Outcome.REFUSED, version.version(), e.getMessage());
        } catch (SdkException e) {
            return with(refused, Outcome.REFUSED, version.version(), "CloudFormation could not be read: " + e.getMessage());
        }
    }

    /** A service's instance and pipeline stacks, adopted together, with one outcome. */
    private List<Item> service(Caller caller, Request request, String name, List<Found> group, Set<String> environmentsPresent,
            String specInGit) {
        String templateName = group.stream().map(Found::templateName).filter(t -> t != null).findFirst().orElse(null);
        List<Item> refused = group.stream().map(f -> new Item(f.kind(), f.kind() == Kind.SERVICE_INSTANCE ? name + "/" + f.instance() : name, name,
                f.name(), templateName, null, Outcome.REFUSED, null)).toList();
        if (group.stream().allMatch(this::owned)) {
            return with(refused, Outcome.ALREADY_ADOPTED, null, "Adopted already: skipped");
        }
        if (QuarkusTransaction.requiringNew().call(() -> Service.byName(name)).isPresent()) {
            return with(refused, Outcome.REFUSED, null, "Pave already has a service " + name + ", which doesn't run on these stacks");
        }
        Optional<String> unsettled = group.stream().map(Found::unsettled).flatMap(Optional::stream).findFirst();
        if (unsettled.isPresent()) {
            return with(refused, Outcome.REFUSED, null, unsettled.get() + " (the service's stacks are adopted together)");
        }
        Optional<String> missing = group.stream().filter(f -> f.kind() == Kind.SERVICE_INSTANCE && !environmentsPresent.contains(f.environment())
                && QuarkusTransaction.requiringNew().call(() -> Environment.byName(f.environment())).isEmpty()).map(Found::environment).findFirst();
        if (missing.isPresent()) {
            return with(refused, Outcome.REFUSED, null, "Environment " + missing.get() + " is not in Pave: adopt it first");
        }
        TemplateVersion version;
        try {
            version = QuarkusTransaction.requiringNew().call(() -> version(caller, TemplateType.SERVICE, templateName, request.versions()));
        } catch (ResourceNotFoundException e) {
            return with(refused, Outcome.NO_TEMPLATE, null, "No service template " + templateName
                    + " in Pave: register its bundle (the one Proton deployed from) and import again");
        } catch (PaveException e) {
            return with(refused, Outcome.REFUSED, null, e.getMessage());
        }
        String given = request.serviceSpecs().get(name);
        boolean fromGit = given == null && specInGit != null;
        String spec = given != null ? given : fromGit ? specInGit : defaultSpec(group);
        Repository repository = request.repositories().getOrDefault(name, new Repository(null, null, null));
        ServiceService.Adopted adopted = new ServiceService.Adopted(name, templateName, version.majorVersion, version.minorVersion, spec,
                repository.repositoryConnectionArn(), repository.repositoryId(), repository.branchName(),
                group.stream().filter(f -> f.kind() == Kind.SERVICE_INSTANCE).map(Found::instance).collect(Collectors.toSet()),
                group.stream().filter(f -> f.kind() == Kind.SERVICE_PIPELINE).map(Found::name).findFirst().orElse(null), group.get(0).userTags());
        try {
            QuarkusTransaction.requiringNew().run(() -> services.check(caller, adopted));
        } catch (ValidationException e) {
            return with(refused, Outcome.NEEDS_SPEC, version.version(), (fromGit ? "Its spec in " + request.serviceSync().filePath() + ": "
                    : given == null ? "Give its spec: " : "") + e.getMessage());
        } catch (PaveException e) {
            return with(refused, Outcome.REFUSED, version.version(), e.getMessage());
        }
        String synced = fromGit ? ", its spec from " + request.serviceSync().filePath() + ", which it goes on syncing from" : "";
        if (request.dryRun()) {
            return with(refused, Outcome.ADOPTABLE, version.version(), "Would adopt as " + templateName + ":" + version.version() + synced);
        }
        try {
            // read only now: a dry run (every visit to the page) needs the stacks' names alone
            Map<String, RunningStack> instances = new TreeMap<>();
            RunningStack pipeline = null;
            for (Found f : group) {
                if (f.kind() == Kind.SERVICE_INSTANCE) {
                    instances.put(f.instance(), f.read());
                } else {
                    pipeline = f.read();
                }
            }
            RunningStack pipelineStack = pipeline;
            QuarkusTransaction.requiringNew().run(() -> {
                services.adopt(caller, adopted, instances, pipelineStack);
                if (fromGit) {
                    syncs.create(caller, name, request.serviceSync());
                }
            });
            return with(refused, Outcome.ADOPTED, version.version(), "Adopted as " + templateName + ":" + version.version() + synced);
        } catch (PaveException e) {
            return with(refused, Outcome.REFUSED, version.version(), e.getMessage());
        } catch (SdkException e) {
            return with(refused, Outcome.REFUSED, version.version(), "CloudFormation could not be read: " + e.getMessage());
        }
    }

    /** Each instance in the environment its stack names, on the template's defaults. */
    private static String defaultSpec(List<Found> group) {
        StringBuilder spec = new StringBuilder("proton: ServiceSpec\ninstances:\n");
        group.stream().filter(f -> f.kind() == Kind.SERVICE_INSTANCE).sorted(Comparator.comparing(Found::instance)).forEach(f ->
                spec.append("  - name: \"").append(f.instance()).append("\"\n    environment: \"").append(f.environment()).append("\"\n"));
        return spec.toString();
    }

    private Item component(Caller caller, Request request, Found f, Set<String> environmentsPresent, Set<String> instancesPresent) {
        String name = lastSegment(f.tags().get(COMPONENT_TAG));
        Item refused = new Item(Kind.COMPONENT, name, null, f.name(), null, null, Outcome.REFUSED, null);
        if (owned(f)) {
            return with(refused, Outcome.ALREADY_ADOPTED, null, "Adopted already: skipped");
        }
        if (QuarkusTransaction.requiringNew().call(() -> Component.byName(name)).isPresent()) {
            return with(refused, Outcome.REFUSED, null, "Pave already has a component " + name + " on another stack");
        }
        if (f.unsettled().isPresent()) {
            return with(refused, Outcome.REFUSED, null, f.unsettled().get());
        }
        String instance = f.instance() == null ? null : f.service() + "/" + f.instance();
        boolean present = instance != null ? instancesPresent.contains(instance)
                || QuarkusTransaction.requiringNew().call(() -> ServiceInstance.byName(f.service(), f.instance())).isPresent()
                : environmentsPresent.contains(f.environment())
                        || QuarkusTransaction.requiringNew().call(() -> Environment.byName(f.environment())).isPresent();
        if (!present) {
            return with(refused, Outcome.REFUSED, null, (instance != null ? "Service instance " + instance : "Environment " + f.environment())
                    + " is not in Pave: adopt it first");
        }
        String where = instance != null ? "attached to " + instance : "in environment " + f.environment();
        if (request.dryRun()) {
            return with(refused, Outcome.ADOPTABLE, null, "Would adopt " + where + ", its template file the one the stack runs");
        }
        try {
            ComponentService.Adopted adopted = new ComponentService.Adopted(name, f.environment(), f.service() == null || instance == null ? null
                    : f.service(), f.instance(), f.read(), f.userTags());
            QuarkusTransaction.requiringNew().run(() -> components.adopt(caller, adopted));
            return with(refused, Outcome.ADOPTED, null, "Adopted " + where);
        } catch (PaveException e) {
            return with(refused, Outcome.REFUSED, null, e.getMessage());
        } catch (SdkException e) {
            return with(refused, Outcome.REFUSED, null, "CloudFormation could not be read: " + e.getMessage());
        }
    }

    /** Whether a resource of Pave's already runs on the stack (an earlier import adopted it). */
    private boolean owned(Found f) {
        return QuarkusTransaction.requiringNew().call(() -> Deployment.count("stackName", f.name()) > 0);
    }

    private TemplateVersion version(Caller caller, TemplateType type, String templateName, Map<String, String> versions) {
        if (templateName == null) {
            throw new ValidationException("The stack has no aws:proton:template tag naming its template");
        }
        Template template = templates.template(caller, type, templateName);
        String given = versions.get(templateName);
        if (given == null) {
            return templates.recommendedVersion(template).orElseThrow(() -> new ValidationException((type == TemplateType.ENVIRONMENT ? "Environment" : "Service") + " template " + templateName
                    + " has no published version"));
        }
        String[] parts = given.split("\\.");
        try {
            return versionRules.published(caller, template, Integer.parseInt(parts[0]), parts.length > 1 ? Integer.valueOf(parts[1]) : null);
        } catch (NumberFormatException e) {
            throw new ValidationException("Version " + given + " of " + templateName + " is not major or major.minor");
        }
    }

    private static Item with(Item item, Outcome outcome, String version, String message) {
        return new Item(item.kind(), item.name(), item.service(), item.stackName(), item.templateName(), version, outcome, message);
    }

    private static List<Item> with(List<Item> items, Outcome outcome, String version, String message) {
        return items.stream().map(i -> with(i, outcome, version, message)).toList();
    }

    private static String lastSegment(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }
}
