package dev.pave.adoption;

import dev.pave.deploy.Deployment;
import dev.pave.deploy.DeploymentService;
import dev.pave.deploy.plan.VersionRules;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService;
import dev.pave.error.PaveException;
import dev.pave.error.ResourceNotFoundException;
import dev.pave.error.ValidationException;
import dev.pave.identity.AuditLog;
import dev.pave.identity.Caller;
import dev.pave.identity.Role;
import dev.pave.provision.cloudformation.StackContents;
import dev.pave.schema.Inputs;
import dev.pave.schema.Spec;
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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/**
 * AWS Proton's estate, adopted without redeploying: the CloudFormation stacks Proton deployed are found by the tags it
 * put on them ({@code aws:proton:environment}, {@code aws:proton:service}, {@code aws:proton:service-instance},
 * {@code aws:proton:template}), matched to Pave's templates by the template ARN's name, and recorded as Pave's own
 * with nothing in them changed. A dry run reports what an import would do; a second import skips what it adopted.
 * Any other stack can be adopted by name as a new environment of a chosen template.
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
        REFUSED,
        /** A kind this release does not adopt yet. */
        NOT_YET
    }

    /**
     * An import.
     *
     * @param specs an environment's spec by environment name (YAML or JSON, Proton's EnvironmentSpec); none: the
     *     template's defaults, if they validate
     * @param versions the version to adopt a template's resources on ({@code 1} or {@code 1.2}), by template name; none:
     *     the recommended one
     * @param stacks other stacks to adopt, each as a new environment
     */
    public record Request(boolean dryRun, Map<String, String> specs, Map<String, String> versions, List<StackAdoption> stacks) {
    }

    /** A stack Proton did not deploy, adopted by name as environment {@code environmentName} of a template. */
    public record StackAdoption(String stackName, String environmentName, String templateName, String version) {
    }

    public record Item(Kind kind, String name, String stackName, String templateName, String version, Outcome outcome, String message) {

        /** "service instance". */
        public String kindLabel() {
            return kind.name().toLowerCase().replace('_', ' ');
        }

        /** "ALREADY ADOPTED". */
        public String outcomeLabel() {
            return outcome.name().replace('_', ' ');
        }

        /** Whether the admin may give its spec: an environment still to adopt. */
        public boolean takesSpec() {
            return kind == Kind.ENVIRONMENT && (outcome == Outcome.ADOPTABLE || outcome == Outcome.NEEDS_SPEC || outcome == Outcome.REFUSED);
        }
    }

    public record Report(boolean dryRun, List<Item> items) {

        public long count(Outcome outcome) {
            return items.stream().filter(i -> i.outcome() == outcome).count();
        }

        public long adopted() {
            return count(Outcome.ADOPTED);
        }

        public long alreadyAdopted() {
            return count(Outcome.ALREADY_ADOPTED);
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
    DeploymentService deployments;

    @Inject
    AuditLog audit;

    /** Scans Pave's account and region, and adopts what matches (nothing, in a dry run). */
    public Report run(Caller caller, Request request) {
        caller.require(Role.PLATFORM_ADMIN);
        List<Stack> stacks;
        try {
            stacks = cloudFormation.describeStacksPaginator(r -> { }).stacks().stream()
                    .filter(s -> s.stackStatus() != StackStatus.DELETE_COMPLETE).toList();
        } catch (SdkException e) {
            throw new ValidationException("CloudFormation could not be asked for the stacks: " + e.getMessage());
        }
        List<Item> items = new ArrayList<>();
        for (Stack stack : stacks.stream().sorted(Comparator.comparing(Stack::stackName)).toList()) {
            Map<String, String> tags = new LinkedHashMap<>();
            stack.tags().forEach(t -> tags.put(t.key(), t.value()));
            if (tags.containsKey(ENVIRONMENT_TAG) || tags.containsKey(SERVICE_TAG)) {
                items.add(proton(caller, request, stack, tags));
            }
        }
        for (StackAdoption named : request.stacks() == null ? List.<StackAdoption>of() : request.stacks()) {
            items.add(byName(caller, request, stacks, named));
        }
        if (!request.dryRun()) {
            QuarkusTransaction.requiringNew().run(() -> audit.record(caller, "ImportFromProton", "account",
                    items.size() + " stack(s): " + items.stream().filter(i -> i.outcome() == Outcome.ADOPTED).count() + " adopted"));
        }
        return new Report(request.dryRun(), items);
    }

    private Item proton(Caller caller, Request request, Stack stack, Map<String, String> tags) {
        String templateName = lastSegment(tags.get(TEMPLATE_TAG));
        if (tags.containsKey(INSTANCE_TAG) || tags.containsKey(COMPONENT_TAG) || tags.containsKey(SERVICE_TAG)) {
            Kind kind = tags.containsKey(INSTANCE_TAG) ? Kind.SERVICE_INSTANCE : tags.containsKey(COMPONENT_TAG) ? Kind.COMPONENT : Kind.SERVICE_PIPELINE;
            String name = kind == Kind.SERVICE_INSTANCE ? serviceInstance(tags.get(INSTANCE_TAG))
                    : lastSegment(tags.get(kind == Kind.COMPONENT ? COMPONENT_TAG : SERVICE_TAG));
            return new Item(kind, name, stack.stackName(), templateName, null, Outcome.NOT_YET,
                    "This release adopts environments only: it keeps running as it is, outside Pave, until a later release adopts it");
        }
        return environment(caller, request, stack, lastSegment(tags.get(ENVIRONMENT_TAG)), templateName, tags);
    }

    private Item byName(Caller caller, Request request, List<Stack> stacks, StackAdoption named) {
        Optional<Stack> stack = stacks.stream().filter(s -> s.stackName().equals(named.stackName())).findFirst();
        if (stack.isEmpty()) {
            return new Item(Kind.ENVIRONMENT, named.environmentName(), named.stackName(), named.templateName(), named.version(), Outcome.REFUSED,
                    "No stack " + named.stackName() + " in this account and region");
        }
        Map<String, String> versions = new LinkedHashMap<>(request.versions() == null ? Map.of() : request.versions());
        if (named.version() != null) {
            versions.put(named.templateName(), named.version());
        }
        Map<String, String> tags = new LinkedHashMap<>();
        stack.get().tags().forEach(t -> tags.put(t.key(), t.value()));
        return environment(caller, new Request(request.dryRun(), request.specs(), versions, List.of()), stack.get(), named.environmentName(),
                named.templateName(), tags);
    }

    private Item environment(Caller caller, Request request, Stack stack, String name, String templateName, Map<String, String> stackTags) {
        Item refused = new Item(Kind.ENVIRONMENT, name, stack.stackName(), templateName, null, Outcome.REFUSED, null);
        Optional<Environment> existing = QuarkusTransaction.requiringNew().call(() -> Environment.byName(name));
        if (existing.isPresent()) {
            boolean same = QuarkusTransaction.requiringNew().call(() -> Deployment.<Deployment>find("targetArn = ?1 and stackName = ?2",
                    environments.arn(existing.get()), stack.stackName()).count() > 0);
            return same ? with(refused, Outcome.ALREADY_ADOPTED, existing.get().version(), "Adopted already: skipped")
                    : with(refused, Outcome.REFUSED, null, "Pave already has an environment " + name + " on another stack");
        }
        if (!stack.stackStatusAsString().endsWith("_COMPLETE") || stack.stackStatus() == StackStatus.ROLLBACK_COMPLETE) {
            return with(refused, Outcome.REFUSED, null, "The stack is " + stack.stackStatusAsString() + "; adopt it once it runs");
        }
        TemplateVersion version;
        try {
            version = QuarkusTransaction.requiringNew().call(() -> version(caller, templateName, request.versions()));
        } catch (ResourceNotFoundException e) {
            return with(refused, Outcome.NO_TEMPLATE, null, "No environment template " + templateName
                    + " in Pave: register its bundle (the one Proton deployed from) and import again");
        } catch (PaveException e) {
            return with(refused, Outcome.REFUSED, null, e.getMessage());
        }
        String spec = request.specs() == null ? null : request.specs().get(name);
        String specText = spec == null ? "proton: EnvironmentSpec\nspec: {}\n" : spec;
        try {
            QuarkusTransaction.requiringNew().run(() -> Inputs.resolve(templates.bundle(version).inputSchema(),
                    Spec.inputs(Spec.parse(specText, Spec.Kind.EnvironmentSpec)), "spec"));
        } catch (PaveException e) {
            return with(refused, Outcome.NEEDS_SPEC, version.version(), (spec == null ? "Give its spec: the template's defaults don't validate: "
                    : "Its spec does not validate: ") + e.getMessage());
        }
        if (stack.roleARN() == null) {
            return with(refused, Outcome.REFUSED, version.version(), "The stack has no service role, which Pave would update it with");
        }
        if (request.dryRun()) {
            return with(refused, Outcome.ADOPTABLE, version.version(), "Would adopt as " + templateName + ":" + version.version());
        }
        try {
            StackContents contents = StackContents.read(cloudFormation, stack);
            EnvironmentService.Adopted adopted = new EnvironmentService.Adopted(name, templateName, version.majorVersion, version.minorVersion,
                    specText, stack.stackName(), stack.roleARN(), appliedTemplate(stack), contents.outputs(), contents.resources(), userTags(stackTags));
            QuarkusTransaction.requiringNew().run(() -> environments.adopt(caller, adopted));
            return with(refused, Outcome.ADOPTED, version.version(), "Adopted as " + templateName + ":" + version.version());
        } catch (PaveException e) {
            return with(refused, Outcome.REFUSED, version.version(), e.getMessage());
        } catch (SdkException e) {
            return with(refused, Outcome.REFUSED, version.version(), "CloudFormation could not be read: " + e.getMessage());
        }
    }

    private TemplateVersion version(Caller caller, String templateName, Map<String, String> versions) {
        Template template = templates.template(caller, TemplateType.ENVIRONMENT, templateName);
        String given = versions == null ? null : versions.get(templateName);
        if (given == null) {
            return templates.recommendedVersion(template).orElseThrow(() -> new ValidationException("Environment template " + templateName
                    + " has no published version"));
        }
        String[] parts = given.split("\\.");
        try {
            return versionRules.published(caller, template, Integer.parseInt(parts[0]), parts.length > 1 ? Integer.valueOf(parts[1]) : null);
        } catch (NumberFormatException e) {
            throw new ValidationException("Version " + given + " of " + templateName + " is not major or major.minor");
        }
    }

    private String appliedTemplate(Stack stack) {
        return cloudFormation.getTemplate(r -> r.stackName(stack.stackId()).templateStage(TemplateStage.ORIGINAL)).templateBody();
    }

    /** The stack's own tags (AWS's and Proton's {@code aws:} ones are not the user's; the owning team is Pave's). */
    private static Map<String, String> userTags(Map<String, String> stackTags) {
        Map<String, String> user = new LinkedHashMap<>();
        stackTags.forEach((key, value) -> {
            if (!key.startsWith("aws:") && !key.equals(Ownership.TAG)) {
                user.put(key, value);
            }
        });
        return user;
    }

    private static Item with(Item item, Outcome outcome, String version, String message) {
        return new Item(item.kind(), item.name(), item.stackName(), item.templateName(), version, outcome, message);
    }

    private static String lastSegment(String arn) {
        return arn == null ? null : arn.substring(arn.lastIndexOf('/') + 1);
    }

    /** {@code arn:…:service/<service>/service-instance/<instance>} as {@code <service>/<instance>}. */
    private static String serviceInstance(String arn) {
        String[] parts = arn.substring(arn.lastIndexOf(':') + 1).split("/");
        return parts.length >= 4 ? parts[1] + "/" + parts[3] : arn;
    }
}
