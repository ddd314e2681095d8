package dev.pave.web;

import dev.pave.environment.Environment;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.template.BundleSource;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.testing.TestBundles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What the portal's tests stand on: the shipped samples, the walkthrough's ECS environment template (seed bundle,
 * CloudFormation) registered and published, a developer and a read-only user, and newer minors of the sandbox sample.
 */
@ApplicationScoped
public class PortalFixtures {

    static final String SEED_TEMPLATE = "portal-ecs-shared";
    static final String SANDBOX = "pave-sandbox-env";
    static final String DEVELOPER = "portal-dev";
    static final String READER = "portal-reader";
    static final String PASSWORD = "portal-password-1";

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @Inject
    IdentityService identity;

    public synchronized void load() {
        samples.load(Caller.system());
        if (!templates.exists(TemplateType.ENVIRONMENT, SEED_TEMPLATE)) {
            templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT,
                    new TemplateService.NewTemplate(SEED_TEMPLATE, "Shared ECS environment", "The walkthrough's ECS cluster and VPC", null, null), Map.of());
            publish(SEED_TEMPLATE, null, "seed", TestBundles.fromResources("bundles/seed/ecs-shared-env").tarGz());
        }
        if (identity.user(DEVELOPER).isEmpty()) {
            identity.createLocalUser(Caller.system(), DEVELOPER, PASSWORD, Set.of(Role.DEVELOPER), false);
        }
        if (identity.user(READER).isEmpty()) {
            identity.createLocalUser(Caller.system(), READER, PASSWORD, Set.of(Role.APPROVER), false);
        }
    }

    /** Publishes the next minor of the sandbox sample's major 1, its size default changed; returns its version. */
    public synchronized String publishNextSandboxMinor(String description) {
        Map<String, String> files = dev.pave.web.TestBundles.sandboxFiles();
        files.put("schema/schema.yaml", files.get("schema/schema.yaml").replace("default: \"small\"", "default: \"medium\""));
        return publish(SANDBOX, 1, description, dev.pave.web.TestBundles.tarGz(files)).version();
    }

    private TemplateVersion publish(String name, Integer major, String description, byte[] bundle) {
        TemplateVersion v = templates.createVersion(Caller.system(), TemplateType.ENVIRONMENT, name,
                new TemplateService.NewVersion(major, description, new BundleSource.Upload(name + ".tar.gz", bundle), null, null), Map.of());
        if (v.status != TemplateVersion.Status.DRAFT) {
            throw new IllegalStateException(name + " did not register: " + v.statusMessage);
        }
        return templates.updateVersion(Caller.system(), TemplateType.ENVIRONMENT, name, v.majorVersion, v.minorVersion,
                new TemplateService.VersionChange(Optional.empty(), Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty()));
    }

    /** Waits up to 60 s for the environment (read in a fresh transaction) to satisfy the condition. */
    public Environment await(String name, Predicate<Environment> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Optional<Environment> e = QuarkusTransaction.requiringNew().call(() -> Environment.byName(name));
            if (e.isPresent() && condition.test(e.get())) {
                return e.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("environment " + name + " never got there: " + e.map(x -> x.deploymentStatus + " " + x.deploymentStatusMessage).orElse("gone"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }

    /** Waits up to 60 s for the environment's deletion to remove it. */
    public void awaitGone(String name) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (QuarkusTransaction.requiringNew().call(() -> Environment.byName(name)).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("environment " + name + " was never removed");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new AssertionError(ex);
            }
        }
    }
}
