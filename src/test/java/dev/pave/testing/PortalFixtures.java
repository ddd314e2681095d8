package dev.pave.testing;

import dev.pave.account.AccountService;
import dev.pave.component.Component;
import dev.pave.component.ComponentService;
import dev.pave.deploy.DeploymentStatus;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.service.NewService;
import dev.pave.service.ServiceService;
import dev.pave.template.BundleSource;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the portal's tests stand on: the shipped samples, the walkthrough's ECS environment template (seed bundle,
 * CloudFormation) registered and published, a developer, a read-only user and a user without roles, newer minors of
 * the sandbox sample, copies of the hello-service sample (so their new minors leave the shipped one alone), deployed
 * sandbox environments and services on them.
 */
@ApplicationScoped
public class PortalFixtures {

    public static final String SEED_TEMPLATE = "portal-ecs-shared";
    public static final String SANDBOX = "pave-sandbox-env";
    public static final String DEVELOPER = "portal-dev";
    static final String READER = "portal-reader";
    static final String NOBODY = "portal-nobody";
    public static final String PASSWORD = "portal-password-1";
    static final String PIPELINE_ROLE = "arn:aws:iam::123456789012:role/portal-pipeline";
    public static final String COMPONENT_ROLE = "arn:aws:iam::123456789012:role/portal-components";
    /** An environment template whose one array input has a title and a pattern a URL pasted together raw would break. */
    public static final String ZONES = "portal-zones";
    public static final String ZONES_TITLE = "A&B \"zones\" <b>#1&param=input.vpc_cidr";
    public static final String ZONE_PATTERN = "^[a-z]+-[0-9]+$";

    /** A change of one file of a bundle. */
    private record Edit(String path, String from, String to) {
    }

    /**
     * The hello copies' pipeline branch must look like a branch (so a form can refuse one), and an instance greeting
     * "slow" takes a minute to deploy (so a test can cancel it while it runs) and one greeting "fail" prints a line to
     * stdout and one to stderr and fails.
     */
    private static final List<Edit> HELLO_EDITS = List.of(
            new Edit("schema/schema.yaml", "          default: \"main\"\n", "          default: \"main\"\n          pattern: \"^[A-Za-z0-9._/-]+$\"\n"),
            new Edit("instance_infrastructure/provision.sh", "set -euo pipefail\n",
                    "set -euo pipefail\nif grep -q '\"greeting\" *: *\"slow\"' proton-inputs.json; then sleep 60; fi\n"
                    + "if grep -q '\"greeting\" *: *\"fail\"' proton-inputs.json; then echo 'checking the greeting'; "
                    + "echo 'greeting fail is refused' >&2; exit 3; fi\n"));

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @Inject
    IdentityService identity;

    @Inject
    AccountService accounts;

    @Inject
    EnvironmentService environments;

    @Inject
    ServiceService services;

    @Inject
    ComponentService components;

    /** A directly defined component's manifest: one CloudFormation file, as Pave provisions components. */
    public static final String COMPONENT_MANIFEST = """
            infrastructure:
              templates:
                - file: "cloudformation.yaml"
                  rendering_engine: jinja
                  template_language: cloudformation
            """;

    public synchronized void load() {
        samples.load(Caller.system());
        if (!templates.exists(TemplateType.ENVIRONMENT, SEED_TEMPLATE)) {
            templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT,
                    new TemplateService.NewTemplate(SEED_TEMPLATE, "Shared ECS environment", "The walkthrough's ECS cluster and VPC", null, null), Map.of());
            publish(TemplateType.ENVIRONMENT, SEED_TEMPLATE, null, "seed", TestBundles.fromResources("bundles/seed/ecs-shared-env"));
        }
        if (identity.user(DEVELOPER).isEmpty()) {
            identity.createLocalUser(Caller.system(), DEVELOPER, PASSWORD, Set.of(Role.DEVELOPER), false);
        }
        if (identity.user(READER).isEmpty()) {
            identity.createLocalUser(Caller.system(), READER, PASSWORD, Set.of(Role.APPROVER), false);
        }
        if (identity.user(NOBODY).isEmpty()) {
            identity.createLocalUser(Caller.system(), NOBODY, PASSWORD, Set.of(), false);
        }
        if (!PIPELINE_ROLE.equals(accounts.settings(Caller.system()).pipelineCodebuildRoleArn)) {
            accounts.update(Caller.system(), new AccountService.SettingsChange(Optional.empty(), Optional.of(PIPELINE_ROLE), Optional.empty(), false));
        }
    }

    /** {@link #load()}, and {@link #ZONES} registered and published. */
    public synchronized void zonesTemplate() {
        load();
        if (!templates.exists(TemplateType.ENVIRONMENT, ZONES)) {
            templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT,
                    new TemplateService.NewTemplate(ZONES, "Zones", "An array input with a hostile title", null, null), Map.of());
            Map<String, String> files = new java.util.LinkedHashMap<>();
            files.put("schema/schema.yaml", """
                    schema:
                      format:
                        openapi: "3.0.0"
                      environment_input_type: "ZoneInput"
                      types:
                        ZoneInput:
                          type: object
                          properties:
                            vpc_cidr: {type: string, default: 10.0.0.0/16}
                            zones:
                              title: '%s'
                              type: array
                              items: {type: string, pattern: '%s'}
                    """.formatted(ZONES_TITLE, ZONE_PATTERN));
            files.put("infrastructure/manifest.yaml", dev.pave.testing.PortalBundles.MANIFEST);
            files.put("infrastructure/cloudformation.yaml", dev.pave.testing.PortalBundles.CLOUDFORMATION);
            publish(TemplateType.ENVIRONMENT, ZONES, null, "zones", TestBundles.of(files));
        }
    }

    /** An environment template of the sandbox sample's bundle with 1.0 and 1.1 published (1.1 recommended). */
    public synchronized void sandboxTemplateWithTwoMinors(String name) {
        load();
        if (!templates.exists(TemplateType.ENVIRONMENT, name)) {
            templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT,
                    new TemplateService.NewTemplate(name, "Two minors", "The sandbox sample, published twice", null, null), Map.of());
            publish(TemplateType.ENVIRONMENT, name, null, "first", TestBundles.of(PortalBundles.sandboxFiles()));
            publish(TemplateType.ENVIRONMENT, name, 1, "second", TestBundles.of(PortalBundles.sandboxFiles()));
        }
    }

    /**
     * A copy of the sandbox sample named {@code name} whose large sandboxes take a minute to deploy and whose network
     * 10.99.0.0/16 fails, printing a line to stdout and one to stderr: pages can be seen mid-deployment and after a
     * failure.
     */
    public synchronized void staggeredSandboxTemplate(String name) {
        load();
        if (!templates.exists(TemplateType.ENVIRONMENT, name)) {
            templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT,
                    new TemplateService.NewTemplate(name, "Staggered sandbox", "The sandbox sample, slow when large, failing on 10.99.0.0/16", null, null),
                    Map.of());
            Map<String, String> files = PortalBundles.sandboxFiles();
            files.put("infrastructure/provision.sh", files.get("infrastructure/provision.sh").replace("set -euo pipefail\n", "set -euo pipefail\n"
                    + "if grep -q '\"size\" *: *\"large\"' proton-inputs.json; then echo 'Building a large sandbox takes a while'; sleep 60; fi\n"
                    + "if grep -q '\"network_cidr\" *: *\"10.99.0.0/16\"' proton-inputs.json; then echo 'Checking 10.99.0.0/16'; "
                    + "echo '10.99.0.0/16 overlaps the office network' >&2; exit 4; fi\n"));
            publish(TemplateType.ENVIRONMENT, name, null, "staggered", TestBundles.of(files));
        }
    }

    /** Starts an environment of a sandbox-like template on the command runner, without waiting for its deployment. */
    public void startSandbox(String name, String template, String spec) {
        if (QuarkusTransaction.requiringNew().call(() -> Environment.byName(name)).isEmpty()) {
            environments.create(Caller.system(), EnvironmentService.NewEnvironment.of(name, template, 1, null, spec)
                    .withRoles(null, "arn:aws:iam::123456789012:role/portal-codebuild", COMPONENT_ROLE));
        }
    }

    /** Publishes the next minor of the sandbox sample's major 1, its size default changed; returns its version. */
    public synchronized String publishNextSandboxMinor(String description) {
        Map<String, String> files = dev.pave.testing.PortalBundles.sandboxFiles();
        files.put("schema/schema.yaml", files.get("schema/schema.yaml").replace("default: \"small\"", "default: \"medium\""));
        return publish(TemplateType.ENVIRONMENT, SANDBOX, 1, description, TestBundles.of(files)).version();
    }

    /** A copy of the hello-service sample named {@code name}: 1.0 published, compatible with the sandbox sample, allowing components. */
    public synchronized void helloTemplate(String name) {
        if (!templates.exists(TemplateType.SERVICE, name)) {
            templates.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate(name, "Hello " + name,
                    "The hello-service sample under another name", null, null), Map.of());
            publish(TemplateType.SERVICE, name, null, "1.0", hello(List.of()));
        }
    }

    /** Publishes the next minor of a hello copy's major 1, its greeting default changed; returns its version. */
    public synchronized String publishNextHelloMinor(String name, String greeting) {
        return publish(TemplateType.SERVICE, name, 1, "greets " + greeting, hello(List.of(new Edit("schema/schema.yaml",
                "default: \"Hello from Pave\"", "default: \"" + greeting + "\"")))).version();
    }

    /** A sandbox environment deployed on the command runner, with a component role so components can join it. */
    public void sandbox(String name) {
        sandbox(name, SANDBOX);
    }

    /** An environment of a template with the sandbox sample's bundle (any name), deployed like {@link #sandbox(String)}. */
    public void sandbox(String name, String template) {
        if (QuarkusTransaction.requiringNew().call(() -> Environment.byName(name)).isEmpty()) {
            environments.create(Caller.system(), EnvironmentService.NewEnvironment.of(name, template, 1, null, "proton: EnvironmentSpec\nspec:\n  size: small\n")
                    .withRoles(null, "arn:aws:iam::123456789012:role/portal-codebuild", COMPONENT_ROLE));
        }
        await(name, e -> e.deployment.status == DeploymentStatus.SUCCEEDED);
    }

    /** A service of a hello copy with its pipeline (branch main) and one instance greeting "hi"; waits until it is ACTIVE. */
    public void service(String name, String template, String instance, String environment) {
        if (QuarkusTransaction.requiringNew().call(() -> Service.byName(name)).isEmpty()) {
            services.create(Caller.system(), NewService.of(name, template, 1, null, "proton: ServiceSpec\npipeline:\n  branch: main\n"
                    + "instances:\n  - name: " + instance + "\n    environment: " + environment + "\n    spec:\n      greeting: hi\n")
                    .withDescription("made by a test")
                    .withRepository("arn:aws:codestar-connections:us-east-1:123456789012:connection/portal", "acme/" + name, "main"));
        }
        awaitService(name, s -> s.status == Service.Status.ACTIVE);
    }

    /**
     * What a test of one service's pages stands on: {@link #load()}, a hello copy, a sandbox, and a service of the copy
     * whose instance "dev" runs in the sandbox.
     */
    public void helloService(String service, String template, String environment) {
        load();
        helloTemplate(template);
        sandbox(environment);
        service(service, template, "dev", environment);
    }

    /** Adds an instance greeting "bye" to a service; waits until it is deployed. */
    public void instance(String service, String name, String environment) {
        if (QuarkusTransaction.requiringNew().call(() -> ServiceInstance.byName(service, name)).isEmpty()) {
            services.createInstance(Caller.system(), service, name, "proton: ServiceInstanceSpec\nenvironment: " + environment
                    + "\nspec:\n  greeting: bye\n", null, null, Map.of());
        }
        awaitInstance(service, name, i -> i.deployment.status == DeploymentStatus.SUCCEEDED);
    }

    /** A component (in the environment, or attached to the instance when {@code service} is given); waits until it is deployed. */
    public void component(String name, String environment, String service, String instance, String templateFile) {
        if (QuarkusTransaction.requiringNew().call(() -> Component.byName(name)).isEmpty()) {
            components.create(Caller.system(), new ComponentService.NewComponent(name, "made by a test", service == null ? environment : null,
                    service, instance, null, COMPONENT_MANIFEST, templateFile, Map.of()));
        }
        awaitComponent(name, c -> c.deployment.status == DeploymentStatus.SUCCEEDED);
    }

    public Component awaitComponent(String name, Predicate<Component> condition) {
        return awaitFor("component " + name, () -> Component.byName(name), condition, c -> c.deployment.status + " " + c.deployment.statusMessage);
    }

    public void awaitComponentGone(String name) {
        awaitFor("component " + name + " removed", () -> Optional.of(Component.byName(name).isEmpty()), gone -> gone, gone -> "still there");
    }

    /** Waits up to 60 s for the environment (read in a fresh transaction) to satisfy the condition. */
    public Environment await(String name, Predicate<Environment> condition) {
        return awaitFor("environment " + name, () -> Environment.byName(name), condition, e -> e.deployment.status + " " + e.deployment.statusMessage);
    }

    public Service awaitService(String name, Predicate<Service> condition) {
        return awaitFor("service " + name, () -> Service.byName(name), condition, s -> s.status + " " + s.statusMessage);
    }

    public ServiceInstance awaitInstance(String service, String name, Predicate<ServiceInstance> condition) {
        return awaitFor("instance " + service + "/" + name, () -> ServiceInstance.byName(service, name), condition,
                i -> i.deployment.status + " " + i.deployment.statusMessage);
    }

    /** Waits up to 60 s for the environment's deletion to remove it. */
    public void awaitGone(String name) {
        awaitFor("environment " + name + " removed", () -> Optional.of(Environment.byName(name).isEmpty()), gone -> gone, gone -> "still there");
    }

    public void awaitServiceGone(String name) {
        awaitFor("service " + name + " removed", () -> Optional.of(Service.byName(name).isEmpty()), gone -> gone, gone -> "still there");
    }

    public void awaitInstanceGone(String service, String name) {
        awaitFor("instance " + service + "/" + name + " removed", () -> Optional.of(ServiceInstance.byName(service, name).isEmpty()),
                gone -> gone, gone -> "still there");
    }

    /** Reads {@code read} in a fresh transaction every 200 ms until its value satisfies the condition, for up to 60 s. */
    private static <T> T awaitFor(String what, Supplier<Optional<T>> read, Predicate<T> condition, Function<T, String> describe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Optional<T> value = QuarkusTransaction.requiringNew().call(read::get);
            if (value.isPresent() && condition.test(value.get())) {
                return value.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " never got there: " + value.map(describe).orElse("gone"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    /** Registers and publishes a version; a service version is compatible with the sandbox sample's major 1 and allows components. */
    TemplateVersion publish(TemplateType type, String name, Integer major, String description, TestBundles bundle) {
        TemplateVersion v = templates.createVersion(Caller.system(), type, name, new TemplateService.NewVersion(major, description,
                new BundleSource.Upload(name + ".tar.gz", bundle.tarGz()),
                type == TemplateType.SERVICE ? List.of(new TemplateService.CompatibleEnvironment(SANDBOX, 1)) : null,
                type == TemplateType.SERVICE ? List.of("DIRECTLY_DEFINED") : null), Map.of());
        if (v.status != TemplateVersion.Status.DRAFT) {
            throw new IllegalStateException(name + " did not register: " + v.statusMessage);
        }
        return templates.updateVersion(Caller.system(), type, name, v.majorVersion, v.minorVersion,
                new TemplateService.VersionChange(Optional.empty(), Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty()));
    }

    /** The hello-service sample with the copies' edits and {@code more}. */
    private static TestBundles hello(List<Edit> more) {
        TestBundles bundle = TestBundles.fromResources("samples/hello-service");
        for (List<Edit> edits : List.of(HELLO_EDITS, more)) {
            for (Edit e : edits) {
                String text = bundle.text(e.path());
                if (!text.contains(e.from())) {
                    throw new IllegalStateException(e.path() + " of the hello-service sample no longer has " + e.from());
                }
                bundle.with(e.path(), text.replace(e.from(), e.to()));
            }
        }
        return bundle;
    }
}
