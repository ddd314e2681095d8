package dev.pave.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.identity.Caller;
import dev.pave.template.BundleSource;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What the service tests share: the aws CLI as the admin, the shipped sandbox environment template, copies of the
 * hello-service sample under their own names (so publishing minors here leaves the shipped sample alone), deployed
 * sandbox environments, and a short-interval poller.
 */
public final class ServiceTestFixtures {

    public final AwsCli cli;
    final TemplateService templates;

    public ServiceTestFixtures(URL pave, SampleTemplates samples, TemplateService templates) {
        this.cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        this.templates = templates;
        samples.load(Caller.system());
        cli.proton("update-account-settings", "--pipeline-codebuild-role-arn", "arn:aws:iam::123456789012:role/pave-pipeline-codebuild").ok();
    }

    /** A service template with the hello-service bundle, plus {@code extra} files, compatible with the sandbox environments. */
    public void helloTemplate(String name, Map<String, String> extra, List<String> componentSources) {
        templates.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate(name, null, null, null, null), Map.of());
        publish(name, null, extra, componentSources);
    }

    /** Registers and publishes a version (a new minor of {@code major}, or a new major when null). */
    public TemplateVersion publish(String name, Integer major, Map<String, String> extra, List<String> componentSources) {
        return publish(TemplateType.SERVICE, name, "samples/hello-service", major, extra, componentSources);
    }

    /** Creates a template of {@code type} from a bundle folder on the class path and publishes its first version. */
    public void template(TemplateType type, String name, String resourceDir) {
        templates.createTemplate(Caller.system(), type, new TemplateService.NewTemplate(name, null, null, null, null), Map.of());
        publish(type, name, resourceDir, null, Map.of(), null);
    }

    public TemplateVersion publish(TemplateType type, String name, String resourceDir, Integer major, Map<String, String> extra,
            List<String> componentSources) {
        TestBundles bundle = TestBundles.fromResources(resourceDir);
        extra.forEach(bundle::with);
        return publish(templates, type, name, major, bundle,
                type == TemplateType.SERVICE ? List.of(new TemplateService.CompatibleEnvironment("pave-sandbox-env", 1)) : null, componentSources);
    }

    /** Registers a bundle as a version of an existing template (a new minor of {@code major}, or a new major when null) and publishes it. */
    public static TemplateVersion publish(TemplateService templates, TemplateType type, String name, Integer major, TestBundles bundle,
            List<TemplateService.CompatibleEnvironment> compatible, List<String> componentSources) {
        TemplateVersion v = templates.createVersion(Caller.system(), type, name, new TemplateService.NewVersion(major, null,
                new BundleSource.Upload(name + ".tar.gz", bundle.tarGz()), compatible, componentSources), Map.of());
        if (v.status != TemplateVersion.Status.DRAFT) {
            throw new AssertionError(name + " did not register: " + v.statusMessage);
        }
        return templates.updateVersion(Caller.system(), type, name, v.majorVersion, v.minorVersion,
                new TemplateService.VersionChange(Optional.empty(), Optional.of(TemplateVersion.Status.PUBLISHED), Optional.empty(), Optional.empty()));
    }

    /** A deployed sandbox environment (commands provisioning). */
    public void sandbox(String name, String... more) {
        environment(name, "pave-sandbox-env", more);
    }

    public void environment(String name, String template, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("create-environment", "--name", name, "--template-name", template,
                "--template-major-version", "1", "--spec", "proton: EnvironmentSpec\nspec:\n  size: small\n",
                "--codebuild-role-arn", "arn:aws:iam::123456789012:role/pave-codebuild"));
        args.addAll(List.of(more));
        cli.proton(args.toArray(String[]::new)).ok();
        awaitJson(() -> cli.proton("get-environment", "--name", name).ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()), "environment " + name + " deployed");
    }

    /** A service of a hello-service copy with a pipeline and one instance, dev, in {@code environment}. */
    public AwsCli.Result createService(String name, String template, String environment) {
        return cli.proton("create-service", "--name", name, "--template-name", template, "--template-major-version", "1",
                "--repository-connection-arn", "arn:aws:codestar-connections:us-east-1:123456789012:connection/abc",
                "--repository-id", "acme/" + name, "--branch-name", "main", "--spec",
                "proton: ServiceSpec\npipeline:\n  branch: main\ninstances:\n  - name: dev\n    environment: " + environment
                        + "\n    spec:\n      greeting: hi\n");
    }

    public JsonNode service(String name) {
        return cli.proton("get-service", "--name", name).ok().json().path("service");
    }

    public JsonNode awaitService(String name, String status) {
        return awaitJson(() -> service(name), s -> status.equals(s.path("status").asText())
                || s.path("status").asText().contains("FAILED"), "service " + name + " " + status);
    }

    public JsonNode instance(String service, String name) {
        return cli.proton("get-service-instance", "--service-name", service, "--name", name).ok().json().path("serviceInstance");
    }

    public static JsonNode awaitJson(Supplier<JsonNode> read, Predicate<JsonNode> done, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        JsonNode last = read.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = read.get();
        }
        if (!done.test(last)) {
            throw new AssertionError("waited 60 s for " + what + "; last seen " + last);
        }
        return last;
    }

    public static void await(Supplier<Boolean> condition, String what) {
        awaitJson(() -> com.fasterxml.jackson.databind.node.BooleanNode.valueOf(condition.get()), JsonNode::asBoolean, what);
    }
}
