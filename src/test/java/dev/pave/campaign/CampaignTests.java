package dev.pave.campaign;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Campaigns through their REST door, with the real command runner deploying and the real aws CLI reading what Pave
 * says of each environment. Version 1.1 of the template fails to provision an environment whose vpc_name is
 * "fragile"; alarms live in moto's CloudWatch.
 */
@QuarkusTest
class CampaignTests {

    static final String MANIFEST = EnvironmentTemplates.codebuildManifest("python3 provision.py");

    static final String PROVISION_1_0 = """
            import json
            inputs = json.load(open("proton-inputs.json"))["environment"]["inputs"]
            json.dump({"Version": "1.0", "VpcName": inputs["vpc_name"]}, open("proton-outputs.json", "w"))
            """;

    static final String PROVISION_1_1 = """
            import json, sys
            inputs = json.load(open("proton-inputs.json"))["environment"]["inputs"]
            if inputs["vpc_name"] == "fragile":
                print("the fragile network refuses 1.1", file=sys.stderr)
                sys.exit(1)
            json.dump({"Version": "1.1", "VpcName": inputs["vpc_name"]}, open("proton-outputs.json", "w"))
            """;

    static final String ROLE = "arn:aws:iam::123456789012:role/pave-codebuild";
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL pave;

    @Inject
    PortalFixtures fixtures;

    static boolean published;
    EnvironmentTemplates templates;
    AwsCli cli;

    @BeforeEach
    void setUp() {
        templates = new EnvironmentTemplates(pave);
        cli = templates.cli();
        if (!published) {
            for (String name : List.of("camp-env", "camp-gated")) {
                templates.publish(name, files(PROVISION_1_0), "1.0");
                templates.addVersions(name, files(PROVISION_1_1), "1.1");
            }
            published = true;
        }
    }

    static Map<String, String> files(String provision) {
        return Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA, "infrastructure/manifest.yaml", MANIFEST, "infrastructure/provision.py", provision);
    }

    @Test
    void aFailureInStagingHaltsBeforeProdAndRollBackRestoresStagingThenDev() {
        create("camp-dev-a", "camp-env", "dev", "dev-a");
        create("camp-dev-b", "camp-env", "dev", "dev-b");
        create("camp-stg-a", "camp-env", "staging", "stg-a");
        create("camp-stg-b", "camp-env", "staging", "fragile");
        create("camp-prod", "camp-env", "prod", "prod-a");
        String prodBefore = environment("camp-prod").path("lastAttemptedDeploymentId").asText();
        WebUser admin = WebUser.admin();

        JsonNode created = json(api(admin).body("""
                {"templateType": "ENVIRONMENT", "templateName": "camp-env", "majorVersion": "1", "minorVersion": "1",
                 "groupTag": "stage", "order": ["dev", "staging", "prod"], "maxParallel": 2}""").post("/api/v1/campaigns")
                .then().statusCode(201).extract().asString());
        String id = created.path("id").asText();
        assertEquals(List.of("stage=dev", "stage=staging", "stage=prod"), names(created.path("waves")));
        assertEquals(List.of("environment camp-dev-a", "environment camp-dev-b"), labels(created.path("waves").get(0)));

        JsonNode halted = await(admin, id, c -> c.path("status").asText().equals("HALTED"));
        assertEquals("Halted in wave stage=staging: 1 of 2 deployment(s) failed, above the limit of 0%; wave stage=prod was not started",
                halted.path("statusMessage").asText());
        JsonNode staging = halted.path("waves").get(1);
        assertEquals("HALTED", staging.path("status").asText());
        JsonNode fragile = staging.path("resources").get(1);
        assertEquals("FAILED", fragile.path("status").asText());
        assertTrue(fragile.path("message").asText().startsWith("FAILED"), fragile.toString());
        assertEquals("PENDING", halted.path("waves").get(2).path("resources").get(0).path("status").asText());
        assertEquals(prodBefore, environment("camp-prod").path("lastAttemptedDeploymentId").asText(), "prod was never touched");
        for (String name : List.of("camp-dev-a", "camp-dev-b", "camp-stg-a")) {
            assertEquals("1", environment(name).path("templateMinorVersion").asText(), name + " moved to 1.1");
        }
        assertEquals("0", environment("camp-stg-b").path("templateMinorVersion").asText());

        // only platform admins steer campaigns
        fixtures.load();
        WebUser developer = WebUser.developer();
        api(developer).body("{}").post("/api/v1/campaigns/" + id + "/rollback").then().statusCode(403)
                .body(containsString("AccessDeniedException"));

        json(api(admin).body("{}").post("/api/v1/campaigns/" + id + "/rollback").then().statusCode(200).extract().asString());
        JsonNode rolledBack = await(admin, id, c -> c.path("status").asText().equals("ROLLED_BACK"));
        assertEquals("Every changed resource runs its previous version and spec again", rolledBack.path("statusMessage").asText());
        assertEquals("SKIPPED", rolledBack.path("waves").get(2).path("resources").get(0).path("status").asText(), "prod never started");
        for (String name : List.of("camp-dev-a", "camp-dev-b", "camp-stg-a", "camp-stg-b")) {
            JsonNode e = environment(name);
            assertEquals("SUCCEEDED", e.path("deploymentStatus").asText(), name);
            assertEquals("0", e.path("templateMinorVersion").asText(), name + " is back on 1.0");
            assertTrue(e.path("spec").asText().contains("vpc_name:"), e.toString());
            assertEquals("1.0", output(name, "Version"), name + " ran 1.0's commands again");
        }
        // last wave first: staging's rollbacks were all started before dev's first
        BigDecimal stagingLast = rollbackStart(rolledBack, 1).stream().max(BigDecimal::compareTo).orElseThrow();
        BigDecimal devFirst = rollbackStart(rolledBack, 0).stream().min(BigDecimal::compareTo).orElseThrow();
        assertTrue(stagingLast.compareTo(devFirst) <= 0, "staging " + stagingLast + " before dev " + devFirst);
        assertEquals(prodBefore, environment("camp-prod").path("lastAttemptedDeploymentId").asText());

        admin.request().get("/campaigns/" + id).then().statusCode(200)
                .body(containsString("Wave 2: stage=staging"), containsString("rolled back"), containsString("Rolled back"));
    }

    @Test
    void anAlarmInAlarmHoldsTheGateUntilItIsOk() throws InterruptedException {
        create("camp-gated-dev", "camp-gated", "dev", "gated-dev");
        create("camp-gated-prod", "camp-gated", "prod", "gated-prod");
        templates.moto("cloudwatch", "put-metric-alarm", "--alarm-name", "camp-gate", "--metric-name", "Errors", "--namespace", "Pave",
                "--statistic", "Sum", "--period", "60", "--evaluation-periods", "1", "--threshold", "1", "--comparison-operator",
                "GreaterThanThreshold").ok();
        templates.moto("cloudwatch", "set-alarm-state", "--alarm-name", "camp-gate", "--state-value", "ALARM", "--state-reason", "errors").ok();
        WebUser admin = WebUser.admin();
        String id = json(api(admin).body("""
                {"templateType": "ENVIRONMENT", "templateName": "camp-gated", "order": ["dev", "prod"], "alarms": ["camp-gate"]}""")
                .post("/api/v1/campaigns").then().statusCode(201).extract().asString()).path("id").asText();

        JsonNode held = await(admin, id, c -> c.path("waves").get(0).path("gateMessage").asText().contains("camp-gate"));
        assertEquals("Waiting for alarm camp-gate, which is ALARM", held.path("waves").get(0).path("gateMessage").asText());
        Thread.sleep(2000);
        JsonNode still = get(admin, id);
        assertEquals("PENDING", still.path("waves").get(1).path("status").asText(), "prod waits while the alarm is in ALARM");
        assertEquals("0", environment("camp-gated-prod").path("templateMinorVersion").asText());

        templates.moto("cloudwatch", "set-alarm-state", "--alarm-name", "camp-gate", "--state-value", "OK", "--state-reason", "recovered").ok();
        await(admin, id, c -> c.path("status").asText().equals("SUCCEEDED"));
        assertEquals("1", environment("camp-gated-prod").path("templateMinorVersion").asText());
    }

    @Test
    void badRequestsGetProtonShapedErrors() {
        WebUser admin = WebUser.admin();
        api(admin).body("{\"templateType\": \"ENVIRONMENT\", \"templateName\": \"camp-env\", \"maxParallel\": 0}").post("/api/v1/campaigns")
                .then().statusCode(400).body(containsString("ValidationException"), containsString("maxParallel must be between 1 and 100"));
        api(admin).body("{\"templateType\": \"ENVIRONMENT\", \"templateName\": \"no-such-template\"}").post("/api/v1/campaigns")
                .then().statusCode(404).body(containsString("ResourceNotFoundException"));
        api(admin).body("[1]").post("/api/v1/campaigns").then().statusCode(400).body(containsString("must be a JSON object"));
        admin.request().header("X-CSRF-TOKEN", admin.csrf).contentType("text/plain").body("{}").post("/api/v1/campaigns")
                .then().statusCode(400).body(containsString("application/json"));
        // a browser session without its CSRF token is refused before anything is read
        admin.request().contentType("application/json").body("{}").post("/api/v1/campaigns").then().statusCode(403);
        admin.request().get("/api/v1/campaigns/nope").then().statusCode(404).body(containsString("The campaign nope was not found"));
        io.restassured.RestAssured.given().get("/api/v1/campaigns").then().statusCode(403);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private void create(String name, String template, String stage, String vpc) {
        cli.proton("create-environment", "--name", name, "--template-name", template, "--template-major-version", "1", "--template-minor-version",
                "0", "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: " + vpc + "\n", "--codebuild-role-arn", ROLE,
                "--tags", "key=stage,value=" + stage).ok();
        cli.proton("wait", "environment-deployed", "--name", name).ok();
    }

    private JsonNode environment(String name) {
        return cli.proton("get-environment", "--name", name).ok().json().path("environment");
    }

    private String output(String environment, String key) {
        for (JsonNode o : cli.proton("list-environment-outputs", "--environment-name", environment).ok().json().path("outputs")) {
            if (o.path("key").asText().equals(key)) {
                return o.path("valueString").asText();
            }
        }
        return null;
    }

    private List<BigDecimal> rollbackStart(JsonNode campaign, int wave) {
        List<BigDecimal> started = new ArrayList<>();
        for (JsonNode r : campaign.path("waves").get(wave).path("resources")) {
            started.add(cli.proton("get-deployment", "--id", r.path("rollbackDeploymentId").asText()).ok().json().path("deployment")
                    .path("createdAt").decimalValue());
        }
        return started;
    }

    private static io.restassured.specification.RequestSpecification api(WebUser user) {
        return user.request().header("X-CSRF-TOKEN", user.csrf).contentType("application/json");
    }

    private static JsonNode get(WebUser user, String id) {
        return json(user.request().get("/api/v1/campaigns/" + id).then().statusCode(200).extract().asString());
    }

    private static JsonNode await(WebUser user, String id, Predicate<JsonNode> done) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        JsonNode c = get(user, id);
        while (!done.test(c)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("campaign " + id + " did not get there in 120 s: " + c.toPrettyString());
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            c = get(user, id);
        }
        return c;
    }

    private static List<String> names(JsonNode waves) {
        List<String> names = new ArrayList<>();
        waves.forEach(w -> names.add(w.path("name").asText()));
        return names;
    }

    private static List<String> labels(JsonNode wave) {
        List<String> labels = new ArrayList<>();
        wave.path("resources").forEach(r -> labels.add(r.path("label").asText()));
        return labels;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
