package dev.pave.template;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deprecated versions (Proton #17, #79) and versions held by what moves to them, with the real aws CLI and the real
 * command runner: a version's provision commands sleep when the environment's size is 7, so a deployment stays in flight.
 */
@QuarkusTest
class DeprecationTests {

    static final String MANIFEST = EnvironmentTemplates.codebuildManifest("python3 provision.py");

    static final String PROVISION = """
            import json, time
            inputs = json.load(open("proton-inputs.json"))["environment"]["inputs"]
            if inputs["size"] == 7:
                time.sleep(300)
            json.dump({"VpcName": inputs["vpc_name"]}, open("proton-outputs.json", "w"))
            """;

    static final String ROLE = "arn:aws:iam::123456789012:role/pave-codebuild";

    @TestHTTPResource("/")
    URL pave;

    @Inject
    PortalFixtures fixtures;

    static boolean published;
    AwsCli cli;

    @BeforeEach
    void setUp() {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        cli = templates.cli();
        if (!published) {
            Map<String, String> files = Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA, "infrastructure/manifest.yaml", MANIFEST,
                    "infrastructure/provision.py", PROVISION);
            templates.publish("dep-env", files, "1.0", "1.1", "1.2");
            templates.publish("dep-hold", files, "1.0", "1.1", "1.2");
            published = true;
        }
    }

    @Test
    void aDeprecatedVersionIsNeitherOfferedNorRecommendedButKeepsWhatRunsOnIt() {
        create("dep-old", "dep-env", "0", 1);
        create("dep-new", "dep-env", "2", 1);
        assertEquals("1.2", cli.proton("get-environment-template", "--name", "dep-env").ok().json().path("environmentTemplate")
                .path("recommendedVersion").asText());

        WebUser admin = WebUser.admin();
        admin.form().formParam("deprecated", "true").post("/templates/environment/dep-env/versions/1.2/deprecation").then().statusCode(303);
        admin.request().get("/templates/environment/dep-env").then().statusCode(200)
                .body(containsString("Deprecated</span>"), containsString("aria-label=\"Offer version 1.2 again\""));
        assertEquals("1.1", cli.proton("get-environment-template", "--name", "dep-env").ok().json().path("environmentTemplate")
                .path("recommendedVersion").asText(), "the recommended version falls back to the highest one not deprecated");
        assertEquals("1", cli.proton("get-environment-template-version", "--template-name", "dep-env", "--major-version", "1",
                "--minor-version", "0").ok().json().path("environmentTemplateVersion").path("recommendedMinorVersion").asText());

        AwsCli.Result refused = cli.proton("create-environment", "--name", "dep-refused", "--template-name", "dep-env", "--template-major-version", "1",
                "--template-minor-version", "2", "--spec", spec(1), "--codebuild-role-arn", ROLE);
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("ValidationException") && refused.stderr().contains("dep-env:1.2 is deprecated; choose the recommended version 1.1"),
                refused.stderr());
        admin.request().get("/environments/new?template=dep-env").then().statusCode(200)
                .body(containsString("1.1"), not(containsString("value=\"1.2\"")));

        // a minor upgrade without a minor goes to the highest offered one, never to the deprecated 1.2 (Proton #79)
        cli.proton("update-environment", "--name", "dep-old", "--deployment-type", "MINOR_VERSION", "--template-major-version", "1").ok();
        cli.proton("wait", "environment-deployed", "--name", "dep-old").ok();
        assertEquals("1", environment("dep-old").path("templateMinorVersion").asText());

        // what runs on 1.2 keeps running and redeploys on it
        cli.proton("update-environment", "--name", "dep-new", "--deployment-type", "CURRENT_VERSION", "--spec", spec(2)).ok();
        cli.proton("wait", "environment-deployed", "--name", "dep-new").ok();
        assertEquals("2", environment("dep-new").path("templateMinorVersion").asText());
        assertEquals("SUCCEEDED", environment("dep-new").path("deploymentStatus").asText());

        // developers cannot deprecate; offering it again makes it the recommended version once more
        fixtures.load();
        WebUser.developer().form().formParam("deprecated", "false").post("/templates/environment/dep-env/versions/1.2/deprecation")
                .then().statusCode(403);
        admin.form().formParam("deprecated", "false").post("/templates/environment/dep-env/versions/1.2/deprecation").then().statusCode(303);
        assertEquals("1.2", cli.proton("get-environment-template", "--name", "dep-env").ok().json().path("environmentTemplate")
                .path("recommendedVersion").asText());
    }

    @Test
    void aVersionAnInFlightDeploymentMovesToCannotBeDeleted() {
        create("dep-slow", "dep-hold", "0", 1);
        cli.proton("update-environment", "--name", "dep-slow", "--deployment-type", "MINOR_VERSION", "--template-major-version", "1",
                "--template-minor-version", "1", "--spec", spec(7)).ok();
        String deployment = environment("dep-slow").path("lastAttemptedDeploymentId").asText();

        AwsCli.Result refused = cli.proton("delete-environment-template-version", "--template-name", "dep-hold", "--major-version", "1",
                "--minor-version", "1");
        assertNotEquals(0, refused.exitCode());
        assertTrue(refused.stderr().contains("ConflictException") && refused.stderr().contains("dep-hold:1.1 cannot be deleted: the deployment "
                + deployment + " of Environment dep-slow is moving to it"), refused.stderr());

        cli.proton("cancel-environment-deployment", "--environment-name", "dep-slow").ok();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!"CANCELLED".equals(environment("dep-slow").path("deploymentStatus").asText()) && Instant.now().isBefore(deadline)) {
            sleep();
        }
        assertEquals("CANCELLED", environment("dep-slow").path("deploymentStatus").asText());
        assertEquals("0", environment("dep-slow").path("templateMinorVersion").asText());
        // nothing holds 1.1 any more (not recommended, nothing runs on it)
        cli.proton("delete-environment-template-version", "--template-name", "dep-hold", "--major-version", "1", "--minor-version", "1").ok();
    }

    private void create(String name, String template, String minor, int size) {
        cli.proton("create-environment", "--name", name, "--template-name", template, "--template-major-version", "1",
                "--template-minor-version", minor, "--spec", spec(size), "--codebuild-role-arn", ROLE).ok();
        cli.proton("wait", "environment-deployed", "--name", name).ok();
    }

    private com.fasterxml.jackson.databind.JsonNode environment(String name) {
        return cli.proton("get-environment", "--name", name).ok().json().path("environment");
    }

    private static String spec(int size) {
        return "proton: EnvironmentSpec\nspec:\n  vpc_name: main\n  size: " + size + "\n";
    }

    private static void sleep() {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
