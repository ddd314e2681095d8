package dev.pave.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.api.SignedHttpAccess;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.FreePort;
import dev.pave.testing.MotoServer;
import dev.pave.testing.PackagedPave;
import dev.pave.testing.PaveTestResource;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pave killed with SIGKILL in the middle of a campaign, then started again on the same home: the campaign carries on
 * from its rows, finishes every wave, and starts exactly one deployment per environment. (Whether a command cut off
 * by the kill runs again is the deployment engine's business, which CrashRecoveryIT covers.)
 */
class CampaignRecoveryIT {

    private static final String TEMPLATE = "crash-campaign-env";
    private static final List<String> ENVIRONMENTS = List.of("cc-dev-1", "cc-dev-2", "cc-dev-3", "cc-prod-1", "cc-prod-2", "cc-prod-3");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path home = PackagedPave.temp("pave-campaign-crash-home");
    private final Path scratch = PackagedPave.temp("pave-campaign-crash-scratch");
    private final int port = FreePort.pick();
    private final MotoServer moto = MotoServer.start();
    private PackagedPave pave;

    @AfterEach
    void stop() {
        if (pave != null) {
            pave.stop(Duration.ofSeconds(30));
        }
        moto.stop();
    }

    @Test
    void aCampaignCutOffByKillMinus9CarriesOnAndDeploysEachEnvironmentOnce() throws Exception {
        pave = start();
        AwsCli cli = new AwsCli(pave.url(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String manifest = """
                infrastructure:
                  templates:
                    - rendering_engine: codebuild
                      settings:
                        provision:
                          - "python3 provision.py"
                        deprovision:
                          - echo gone
                """;
        String provision = """
                import json, time
                time.sleep(3)
                json.dump({"Done": "yes"}, open("proton-outputs.json", "w"))
                """;
        new EnvironmentTemplates(cli, moto).publish(TEMPLATE, Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA,
                "infrastructure/manifest.yaml", manifest, "infrastructure/provision.py", provision), "1.0", "1.1");
        for (String name : ENVIRONMENTS) {
            cli.proton("create-environment", "--name", name, "--template-name", TEMPLATE, "--template-major-version", "1", "--template-minor-version",
                    "0", "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: " + name + "\n", "--codebuild-role-arn",
                    "arn:aws:iam::123456789012:role/CodeBuild", "--tags", "key=stage,value=" + name.split("-")[1]).ok();
        }
        for (String name : ENVIRONMENTS) {
            cli.proton("wait", "environment-deployed", "--name", name).ok();
        }

        SignedHttpAccess.Response created = SignedHttpAccess.post(URI.create(pave.url()), "/api/v1/campaigns", """
                {"templateType": "ENVIRONMENT", "templateName": "%s", "minorVersion": "1", "majorVersion": "1",
                 "order": ["dev", "prod"], "maxParallel": 2}""".formatted(TEMPLATE));
        assertEquals(201, created.status(), created.body());
        String id = JSON.readTree(created.body()).path("id").asText();

        JsonNode atKill = await(id, c -> count(c, "DEPLOYING") + count(c, "SUCCEEDED") >= 1);
        pave.kill();                                               // mid-campaign: some deployed or deploying, the rest waiting
        assertTrue(count(atKill, "PENDING") > 0, "the kill came while the campaign was under way: " + atKill);

        pave = start();
        JsonNode done = await(id, c -> c.path("status").asText().equals("SUCCEEDED"));
        assertEquals(ENVIRONMENTS.size(), count(done, "SUCCEEDED"), done.toPrettyString());
        for (String name : ENVIRONMENTS) {
            JsonNode e = cli.proton("get-environment", "--name", name).ok().json().path("environment");
            assertEquals("1", e.path("templateMinorVersion").asText(), name);
        }
        for (String name : ENVIRONMENTS) {
            JsonNode deployments = cli.proton("list-deployments", "--environment-name", name).ok().json().path("deployments");
            assertEquals(2, deployments.size(), name + " was created, then deployed once by the campaign: " + deployments);
            JsonNode latest = deployments.get(0);
            assertEquals("SUCCEEDED", latest.path("deploymentStatus").asText(), latest.toString());
        }
    }

    private PackagedPave start() {
        return PackagedPave.start(port, scratch.resolve("pave.log"), Map.ofEntries(
                Map.entry("PAVE_HOME", home.toString()),
                Map.entry("PAVE_ADMIN_ACCESS_KEY_ID", PaveTestResource.ADMIN_KEY_ID),
                Map.entry("PAVE_ADMIN_SECRET_ACCESS_KEY", PaveTestResource.ADMIN_SECRET),
                Map.entry("PAVE_SAMPLES_LOAD", "false"),
                Map.entry("PAVE_DEPLOY_LEASE", "6s"),
                Map.entry("PAVE_DEPLOY_POLL", "500ms"),
                Map.entry("PAVE_CAMPAIGNS_POLL", "500ms"),
                Map.entry("PAVE_CAMPAIGNS_LEASE", "5s"),
                Map.entry("AWS_ENDPOINT_URL", moto.endpoint()),
                Map.entry("AWS_ACCESS_KEY_ID", "testing"),
                Map.entry("AWS_SECRET_ACCESS_KEY", "testing"),
                Map.entry("AWS_REGION", "us-east-1")));
    }

    private static long count(JsonNode campaign, String status) {
        long n = 0;
        for (JsonNode wave : campaign.path("waves")) {
            for (JsonNode r : wave.path("resources")) {
                n += r.path("status").asText().equals(status) ? 1 : 0;
            }
        }
        return n;
    }

    private JsonNode await(String id, Predicate<JsonNode> done) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        while (true) {
            SignedHttpAccess.Response r = SignedHttpAccess.get(URI.create(pave.url()), "/api/v1/campaigns/" + id);
            JsonNode campaign = r.status() == 200 ? JSON.readTree(r.body()) : null;
            if (campaign != null && done.test(campaign)) {
                return campaign;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("campaign " + id + " did not get there: " + r.body() + "; log: " + pave.log());
            }
            PackagedPave.sleep(100);
        }
    }
}
