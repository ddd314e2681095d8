package dev.pave.sync;

import dev.pave.repository.GitRepository;
import dev.pave.repository.WebhookSignature;
import dev.pave.template.SampleTemplates;
import dev.pave.template.Template;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.template.TemplateVersion;
import dev.pave.testing.AwsCli;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Sync's costs: from a push's webhook to its version registered, and to a synced service instance's deployment
 * started (targets < 2 s), and one template sync polling round
 * over {@code bench.configs} (default 500) configs whose branches have not moved, each in its own repository (one
 * ref lookup each). Prints figures, asserts none. Run by bench/sync/run.sh, never by an ordinary test run.
 */
@QuarkusTest
@TestProfile(SyncWebhookTests.NoPolling.class)
@EnabledIfSystemProperty(named = "bench.sync", matches = "true", disabledReason = "a benchmark: bench/sync/run.sh runs it")
class SyncBench {

    static final int CONFIGS = Integer.getInteger("bench.configs", 500);
    static final int PUSHES = Integer.getInteger("bench.pushes", 10);
    private static final String SECRET = "bench-webhook-secret-0123456789";

    @TestHTTPResource("/")
    URI pave;

    @Inject
    TemplateSyncWorker worker;

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @Test
    void measure() throws Exception {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        PushedRepository git = PushedRepository.linked(cli, pave, "bench/hooked-" + suffix, "\"webhookSecret\": \"" + SECRET + "\"");
        String template = "bench-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        String cfn = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";
        git.commit("v1", PushedRepository.environmentBundle(template + "/v1", cfn));
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", git.name, "--branch", "main").ok();
        PushedRepository.await(() -> versions(template), n -> n == 1, 60);

        List<Double> latencies = new ArrayList<>();
        for (int i = 1; i <= PUSHES; i++) {
            git.commit("change " + i, Map.of(template + "/v1/infrastructure/cloudformation.yaml", cfn + "# " + i + "\n"));
            byte[] payload = ("{\"ref\": \"refs/heads/main\", \"after\": \"" + git.head() + "\"}").getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            RestAssured.given().contentType("application/json").header("X-Hub-Signature-256", "sha256=" + WebhookSignature.sign(SECRET, payload))
                    .body(payload).post("/api/v1/webhooks/GITHUB/" + git.name).then().statusCode(202);
            int expected = i + 1;
            PushedRepository.await(() -> versions(template), n -> n == expected, 60);
            latencies.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(latencies);
        System.out.printf("bench: webhook to version registered, %d pushes: p50 %.0f ms, max %.0f ms (target < 2000 ms)%n",
                PUSHES, latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));

        // service sync: a push changing an instance's spec, to that instance's deployment started
        ServiceTestFixtures f = new ServiceTestFixtures(URI.create(pave.toString()).toURL(), samples, templates);
        String service = "bench-svc-" + suffix;
        String env = "bench-env-" + suffix;
        f.helloTemplate("bench-hello-" + suffix, Map.of(), null);
        f.sandbox(env);
        f.createService(service, "bench-hello-" + suffix, env).ok();
        f.awaitService(service, "ACTIVE");
        git.commit("sync " + service, Map.of("proton-ops.yaml", "sync:\n  services:\n    " + service + ":\n      alpha:\n        branch: main\n"
                + "        spec: ./" + service + ".yaml\n", service + ".yaml", serviceSpec(env, "first")));
        cli.proton("create-service-sync-config", "--service-name", service, "--repository-provider", "GITHUB", "--repository-name", git.name,
                "--branch", "main", "--file-path", "proton-ops.yaml").ok();
        awaitDeployed(service, git.head());
        List<Double> deployments = new ArrayList<>();
        for (int i = 1; i <= PUSHES; i++) {
            git.commit("greeting " + i, Map.of(service + ".yaml", serviceSpec(env, "push " + i)));
            String commit = git.head();
            byte[] payload = ("{\"ref\": \"refs/heads/main\", \"after\": \"" + commit + "\"}").getBytes(StandardCharsets.UTF_8);
            long start = System.nanoTime();
            RestAssured.given().contentType("application/json").header("X-Hub-Signature-256", "sha256=" + WebhookSignature.sign(SECRET, payload))
                    .body(payload).post("/api/v1/webhooks/GITHUB/" + git.name).then().statusCode(202);
            PushedRepository.await(() -> started(commit), n -> n == 1, 60);
            deployments.add((System.nanoTime() - start) / 1e6);
            awaitDeployed(service, commit); // the next push finds the instance free
        }
        Collections.sort(deployments);
        System.out.printf("bench: webhook to service instance deployment started, %d pushes: p50 %.0f ms, max %.0f ms (target < 2000 ms)%n",
                PUSHES, deployments.get(deployments.size() / 2), deployments.get(deployments.size() - 1));

        // CONFIGS templates, each following main of its own repository, all already synced at their heads
        Path repositories = Files.createTempDirectory("bench-repositories");
        String head = git.head();
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < CONFIGS; i++) {
                Path bare = repositories.resolve("r" + i + ".git");
                clone(git.origin, bare);
                GitRepository r = new GitRepository();
                r.provider = "GITHUB";
                r.name = "bench/polled-" + suffix + "-" + i;
                r.connectionArn = "arn:aws:codestar-connections:us-east-1:123456789012:connection/bench";
                r.url = bare.toUri().toString();
                r.createdAt = Instant.now();
                r.persist();
                Template t = new Template();
                t.type = TemplateType.ENVIRONMENT;
                t.name = "bench-polled-" + suffix + "-" + i;
                t.createdAt = t.lastModifiedAt = Instant.now();
                t.persist();
                TemplateSyncConfig c = new TemplateSyncConfig();
                c.template = t;
                c.repositoryProvider = r.provider;
                c.repositoryName = r.name;
                c.branch = "main";
                c.lastSyncedSha = head;
                c.createdAt = c.lastModifiedAt = Instant.now();
                c.persist();
            }
        });
        List<Double> rounds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            worker.round(null);
            rounds.add((System.nanoTime() - start) / 1e6);
        }
        Collections.sort(rounds);
        System.out.printf("bench: one polling round over %d unchanged configs (one ls-remote each, file://): median %.0f ms, %.2f ms per config%n",
                CONFIGS + 1, rounds.get(1), rounds.get(1) / (CONFIGS + 1));
    }

    private static String serviceSpec(String env, String greeting) {
        return "proton: ServiceSpec\ninstances:\n  - name: alpha\n    environment: " + env + "\n    spec:\n      greeting: " + greeting + "\n";
    }

    /** How many sync attempts of this commit started a deployment (read from the database, like the version count). */
    private static long started(String commit) {
        return QuarkusTransaction.requiringNew().call(() -> ServiceSyncAttempt.count("targetSha = ?1 and deploymentId is not null", commit));
    }

    private static void awaitDeployed(String service, String commit) throws InterruptedException {
        PushedRepository.await(() -> QuarkusTransaction.requiringNew().call(() -> ServiceSyncAttempt.count(
                "service.name = ?1 and targetSha = ?2 and status = ?3", service, commit, ResourceSyncAttempt.Status.SUCCEEDED)), n -> n == 1, 60);
    }

    /** Read from the database, so the figure is Pave's, not the aws CLI's start-up. */
    private static int versions(String template) {
        return (int) (long) QuarkusTransaction.requiringNew().call(() -> TemplateVersion.count("template.name = ?1 and status = ?2",
                template, TemplateVersion.Status.DRAFT));
    }

    private static void clone(Path origin, Path bare) {
        try {
            Process p = new ProcessBuilder("git", "clone", "-q", "--bare", origin.toString(), bare.toString()).redirectErrorStream(true).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
