package dev.pave.web;

import dev.pave.account.AccountService;
import dev.pave.environment.Environment;
import dev.pave.environment.EnvironmentService;
import dev.pave.identity.Caller;
import dev.pave.service.Service;
import dev.pave.service.ServiceInstance;
import dev.pave.template.BundleSource;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.testing.TestBundles;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the service pages' tests stand on, over {@link PortalFixtures}: the pipeline's CodeBuild role in the account
 * settings (the hello-service sample's pipeline runs commands), deployed sandbox environments the sample is
 * compatible with, a deployed environment of another template it is not compatible with, and a copy of the sample
 * whose pipeline is customer-managed.
 */
@ApplicationScoped
public class ServiceFixtures {

    static final String HELLO = "pave-hello-service";
    static final String SANDBOX_A = "svc-sbx-a";
    static final String SANDBOX_B = "svc-sbx-b";
    static final String OTHER_TEMPLATE = "portal-other-env";
    static final String OTHER = "svc-other";
    static final String NO_PIPELINE = "portal-hello-no-pipeline";
    static final String CONNECTION = "arn:aws:codestar-connections:us-east-1:123456789012:connection/portal";

    @Inject
    PortalFixtures portal;

    @Inject
    TemplateService templates;

    @Inject
    EnvironmentService environments;

    @Inject
    AccountService accounts;

    public synchronized void load() {
        portal.load();
        accounts.update(Caller.system(), new AccountService.SettingsChange(Optional.empty(),
                Optional.of("arn:aws:iam::123456789012:role/portal-pipeline"), Optional.empty(), false));
        if (!templates.exists(TemplateType.ENVIRONMENT, OTHER_TEMPLATE)) {
            templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT,
                    new TemplateService.NewTemplate(OTHER_TEMPLATE, "Another sandbox", "Not compatible with the hello service", null, null), Map.of());
            publish(TemplateType.ENVIRONMENT, OTHER_TEMPLATE, "samples/sandbox-env", null);
        }
        if (!templates.exists(TemplateType.SERVICE, NO_PIPELINE)) {
            templates.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate(NO_PIPELINE, "Hello without pipeline",
                    "The hello sample, its pipelines left to its users", null, Template.CUSTOMER_MANAGED), Map.of());
            publish(TemplateType.SERVICE, NO_PIPELINE, "samples/hello-service",
                    List.of(new TemplateService.CompatibleEnvironment(PortalFixtures.SANDBOX, 1)));
        }
        sandbox(SANDBOX_A, PortalFixtures.SANDBOX);
        sandbox(SANDBOX_B, PortalFixtures.SANDBOX);
        sandbox(OTHER, OTHER_TEMPLATE);
    }

    private void sandbox(String name, String template) {
        if (QuarkusTransaction.requiringNew().call(() -> Environment.byName(name)).isEmpty()) {
            environments.create(Caller.system(), new EnvironmentService.NewEnvironment(name, template, 1, null,
                    "proton: EnvironmentSpec\nspec:\n  size: small\n", null, null, "arn:aws:iam::123456789012:role/portal-codebuild", null,
                    null, null, Map.of()));
        }
        portal.await(name, e -> e.lastSucceededDeploymentId != null);
    }

    private void publish(TemplateType type, String name, String bundle, List<TemplateService.CompatibleEnvironment> compatible) {
        TemplateVersion v = templates.createVersion(Caller.system(), type, name, new TemplateService.NewVersion(null, null,
                new BundleSource.Upload(name + ".tar.gz", TestBundles.fromResources(bundle).tarGz()), compatible, null), Map.of());
        if (v.status != TemplateVersion.Status.DRAFT) {
            throw new IllegalStateException(name + " did not register: " + v.statusMessage);
        }
        templates.updateVersion(Caller.system(), type, name, v.majorVersion, v.minorVersion,
                new TemplateService.VersionChange(Optional.empty(), Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty()));
    }

    public boolean exists(String service) {
        return QuarkusTransaction.requiringNew().call(() -> Service.byName(service).isPresent());
    }

    /** Waits up to 60 s for the service (read in a fresh transaction) to satisfy the condition. */
    public Service awaitService(String name, Predicate<Service> condition) {
        return await(() -> Service.byName(name), condition, "service " + name, s -> s.status + " " + s.statusMessage);
    }

    public ServiceInstance awaitInstance(String service, String name, Predicate<ServiceInstance> condition) {
        return await(() -> ServiceInstance.byName(service, name), condition, "instance " + service + "/" + name,
                i -> i.deploymentStatus + " " + i.deploymentStatusMessage);
    }

    public void awaitServiceGone(String name) {
        await(() -> Service.byName(name).isPresent() ? Optional.empty() : Optional.of(Boolean.TRUE), gone -> gone, "service " + name + " removed",
                x -> "present");
    }

    private static <T> T await(Supplier<Optional<T>> read, Predicate<T> condition, String what, java.util.function.Function<T, String> describe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (true) {
            Optional<T> found = QuarkusTransaction.requiringNew().call(read::get);
            if (found.isPresent() && condition.test(found.get())) {
                return found.get();
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " never got there: " + found.map(describe).orElse("absent"));
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
