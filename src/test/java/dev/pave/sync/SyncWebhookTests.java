package dev.pave.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.repository.WebhookSignature;
import dev.pave.testing.AwsCli;
import dev.pave.testing.PaveTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Push webhooks start a sync at once: with polling an hour apart, only a genuine webhook (GitHub's and Bitbucket's
 * HMAC, GitLab's token) brings a pushed change in; a forged, unsigned or misdirected one gets 401 and changes nothing.
 */
@QuarkusTest
@TestProfile(SyncWebhookTests.NoPolling.class)
class SyncWebhookTests {

    public static class NoPolling implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // and a 1 MB repository limit, for the oversized repository's refusal
            return Map.of("pave.sync.poll", "1h", "pave.sync.max-repository-megabytes", "1");
        }
    }

    private static final String SECRET = "webhook-secret-of-the-test-repo";

    @Test
    void aRepositoryOverTheLimitIsRefusedAndNothingIsRegistered() throws Exception {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        PushedRepository git = PushedRepository.linked(cli, pave, "myorg/huge-" + suffix, "");
        String template = "huge-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        byte[] noise = new byte[3 * 1024 * 1024];
        new Random(42).nextBytes(noise); // incompressible: the pack is as big as the file
        Map<String, String> files = new HashMap<>(PushedRepository.environmentBundle(template + "/v1", CLOUDFORMATION));
        files.put("assets/noise.txt", Base64.getEncoder().encodeToString(noise));
        git.commit("v1 and a big file", files);
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", git.name, "--branch", "main").ok();
        String events = PushedRepository.await(() -> cli.proton("get-repository-sync-status", "--repository-provider", "GITHUB",
                "--repository-name", git.name, "--branch", "main", "--sync-type", "TEMPLATE_SYNC").ok().json().at("/latestSync/events").toString(),
                e -> e.contains("over the limit"), 30);
        assertTrue(events.contains("over the limit of 1 MB"), events);
        assertEquals(0, versions(cli, template), "nothing was registered from it");
    }
    private static final String CLOUDFORMATION = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n";

    @TestHTTPResource("/")
    URI pave;

    @Test
    void onlyAGenuineWebhookBringsAPushIn() throws Exception {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        PushedRepository git = PushedRepository.linked(cli, pave, "myorg/hooked-" + suffix, "\"webhookSecret\": \"" + SECRET + "\"");
        String template = "hooked-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        git.commit("v1", PushedRepository.environmentBundle(template + "/v1", CLOUDFORMATION));
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT",
                "--repository-provider", "GITHUB", "--repository-name", git.name, "--branch", "main").ok();
        PushedRepository.await(() -> versions(cli, template), n -> n == 1, 30); // a new config syncs at once

        git.commit("v1.1", Map.of(template + "/v1/infrastructure/cloudformation.yaml", CLOUDFORMATION + "# 1.1\n"));
        byte[] payload = ("{\"ref\": \"refs/heads/main\", \"after\": \"" + git.head() + "\"}").getBytes(StandardCharsets.UTF_8);
        String path = "/api/v1/webhooks/GITHUB/" + git.name;
        hook(payload).post(path).then().statusCode(401);
        hook(payload).header("X-Hub-Signature-256", "sha256=" + WebhookSignature.sign("not-the-secret-at-all", payload)).post(path).then().statusCode(401);
        hook(payload).header("X-Gitlab-Token", "not-the-secret-at-all").post(path).then().statusCode(401);
        hook(payload).header("X-Hub-Signature-256", "sha256=" + WebhookSignature.sign(SECRET, payload))
                .post("/api/v1/webhooks/GITHUB/myorg/not-linked-" + suffix).then().statusCode(401);
        Thread.sleep(2000); // had any of those started a round, it would have registered 1.1 by now
        assertEquals(1, versions(cli, template), "a refused webhook changes nothing");

        hook(payload).header("X-Hub-Signature-256", "sha256=" + WebhookSignature.sign(SECRET, payload)).post(path).then().statusCode(202);
        PushedRepository.await(() -> versions(cli, template), n -> n == 2, 30);
        String metrics = RestAssured.given().header("Authorization", "Bearer " + PaveTestResource.METRICS_TOKEN).get("/q/metrics")
                .then().statusCode(200).extract().asString();
        assertTrue(metrics.contains("pave_sync_lag_seconds_count"), "the webhook's lag is measured: " + metrics);
        assertTrue(metrics.contains("pave_sync_rounds_seconds_count{trigger=\"asked\"}"), metrics);

        // Bitbucket signs the same way under another header; GitLab sends the secret itself
        git.commit("v1.2", Map.of(template + "/v1/infrastructure/cloudformation.yaml", CLOUDFORMATION + "# 1.2\n"));
        hook(payload).header("X-Hub-Signature", "sha256=" + WebhookSignature.sign(SECRET, payload)).post(path).then().statusCode(202);
        PushedRepository.await(() -> versions(cli, template), n -> n == 3, 30);
        git.commit("v1.3", Map.of(template + "/v1/infrastructure/cloudformation.yaml", CLOUDFORMATION + "# 1.3\n"));
        hook(payload).header("X-Gitlab-Token", SECRET).post(path).then().statusCode(202);
        PushedRepository.await(() -> versions(cli, template), n -> n == 4, 30);
    }

    private static RequestSpecification hook(byte[] payload) {
        return RestAssured.given().redirects().follow(false).contentType("application/json").body(payload);
    }

    private static int versions(AwsCli cli, String template) {
        JsonNode list = cli.proton("list-environment-template-versions", "--template-name", template).ok().json().get("templateVersions");
        return list.size();
    }
}
