package dev.pave.adoption;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pave.api.SignedHttpAccess;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Adopting what AWS Proton left running, on moto's CloudFormation: stacks made as Proton made them (its tags, its
 * stack names, a service instance whose template reads the environment's outputs), found, matched, dry-run, adopted
 * without touching the stacks (their events are counted), skipped when imported again, and updated afterwards through
 * a change set on the same stack. The API and the admin page both.
 */
@QuarkusTest
class ProtonImportTests {

    static final String ACCOUNT = "arn:aws:proton:us-east-1:123456789012:";
    static final String ROLE = "arn:aws:iam::123456789012:role/proton-service";
    static final String ENV_TEMPLATE = """
            Resources:
              Queue:
                Type: AWS::SQS::Queue
                Properties:
                  QueueName: "{{ environment.name }}-{{ environment.inputs.vpc_name }}"
            Outputs:
              QueueUrl:
                Value: !Ref Queue
            """;
    static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URL pave;

    @Inject
    PortalFixtures fixtures;

    @Test
    void protonsStacksAreFoundMatchedAdoptedUntouchedAndUpdatedInPlaceLater() throws Exception {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.cloudformation("imp-env", ENV_TEMPLATE, "1.0");
        // the stacks as Proton deployed them: its stack names, its tags, the environment's template rendered by Proton
        String envStack = "AWSProton-imp-dev-cloudformation-ABCDEFGH";
        templates.moto("cloudformation", "create-stack", "--stack-name", envStack, "--role-arn", ROLE,
                "--template-body", ENV_TEMPLATE.replace("{{ environment.name }}-{{ environment.inputs.vpc_name }}", "imp-dev-net"),
                "--tags", "Key=aws:proton:environment,Value=" + ACCOUNT + "environment/imp-dev",
                "Key=aws:proton:template,Value=" + ACCOUNT + "environment-template/imp-env", "Key=cost-center,Value=42").ok();
        String queueUrl = stackOutputs(templates, envStack).get("QueueUrl");
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-imp-api-dev-cloudformation-ABCDEFGH", "--role-arn", ROLE,
                "--template-body", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\nOutputs:\n  EnvQueue:\n    Value: " + queueUrl + "\n",
                "--tags", "Key=aws:proton:environment,Value=" + ACCOUNT + "environment/imp-dev",
                "Key=aws:proton:service,Value=" + ACCOUNT + "service/imp-api",
                "Key=aws:proton:service-instance,Value=" + ACCOUNT + "service/imp-api/service-instance/dev",
                "Key=aws:proton:template,Value=" + ACCOUNT + "service-template/imp-svc").ok();
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-imp-orphan-cloudformation-ABCDEFGH", "--role-arn", ROLE,
                "--template-body", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
                "--tags", "Key=aws:proton:environment,Value=" + ACCOUNT + "environment/imp-orphan",
                "Key=aws:proton:template,Value=" + ACCOUNT + "environment-template/imp-not-registered").ok();
        int eventsBefore = stackEvents(templates, envStack);

        // a dry run without a spec: the template's defaults lack the required vpc_name
        Map<String, JsonNode> dry = items(imports("{\"dryRun\": true}"));
        assertEquals("NEEDS_SPEC", dry.get("imp-dev").path("outcome").asText(), dry.toString());
        assertTrue(dry.get("imp-dev").path("message").asText().contains("vpc_name"), dry.get("imp-dev").toString());
        assertEquals("NOT_YET", dry.get("imp-api/dev").path("outcome").asText());
        assertEquals("SERVICE_INSTANCE", dry.get("imp-api/dev").path("kind").asText());
        assertEquals("NO_TEMPLATE", dry.get("imp-orphan").path("outcome").asText());
        assertTrue(dry.get("imp-orphan").path("message").asText().contains("imp-not-registered"));

        String specs = "\"specs\": {\"imp-dev\": \"proton: EnvironmentSpec\\nspec:\\n  vpc_name: net\\n\"}";
        dry = items(imports("{\"dryRun\": true, " + specs + "}"));
        assertEquals("ADOPTABLE", dry.get("imp-dev").path("outcome").asText(), dry.toString());
        assertEquals("Would adopt as imp-env:1.0", dry.get("imp-dev").path("message").asText());
        assertNotEquals(0, cli.proton("get-environment", "--name", "imp-dev").exitCode(), "a dry run creates nothing");

        Map<String, JsonNode> done = items(imports("{" + specs + "}"));
        assertEquals("ADOPTED", done.get("imp-dev").path("outcome").asText(), done.toString());
        JsonNode env = cli.proton("get-environment", "--name", "imp-dev").ok().json().path("environment");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        assertEquals("imp-env", env.path("templateName").asText());
        assertEquals(ROLE, env.path("protonServiceRoleArn").asText());
        assertTrue(env.path("spec").asText().contains("vpc_name: net"), env.toString());
        assertEquals(stackOutputs(templates, envStack), outputs(cli, "imp-dev"), "the outputs are the stack's");
        assertEquals(eventsBefore, stackEvents(templates, envStack), "nothing in the stack changed");
        JsonNode history = cli.proton("list-deployments", "--environment-name", "imp-dev").ok().json().path("deployments");
        assertEquals(1, history.size(), history.toString());
        String imported = history.get(0).path("id").asText();
        assertTrue(cli.proton("list-environment-provisioned-resources", "--environment-name", "imp-dev").ok().stdout().contains("imp-dev-net"));
        assertTrue(cli.proton("list-tags-for-resource", "--resource-arn", env.path("arn").asText()).ok().stdout().contains("cost-center"),
                "the stack's own tags come along");

        // again: skipped
        assertEquals("ALREADY_ADOPTED", items(imports("{" + specs + "}")).get("imp-dev").path("outcome").asText());

        // the next update is a change set on the same stack
        templates.addVersions("imp-env", Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA,
                "infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
                "infrastructure/cloudformation.yaml", ENV_TEMPLATE.replace("Outputs:\n", "Outputs:\n  QueueName:\n    Value: !GetAtt Queue.QueueName\n")),
                "1.1");
        cli.proton("update-environment", "--name", "imp-dev", "--deployment-type", "MINOR_VERSION", "--template-major-version", "1",
                "--template-minor-version", "1").ok();
        env = ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "imp-dev").ok().json().path("environment"),
                e -> !e.path("deploymentStatus").asText().endsWith("IN_PROGRESS"), "imp-dev updated");
        assertEquals("SUCCEEDED", env.path("deploymentStatus").asText(), env.toString());
        assertEquals("1", env.path("templateMinorVersion").asText());
        String stackTemplate = templates.moto("cloudformation", "get-template", "--stack-name", envStack).ok().json().path("TemplateBody").asText();
        assertTrue(stackTemplate.contains("QueueName") && stackTemplate.contains("imp-dev-net"), "Pave's 1.1 applied to Proton's stack: " + stackTemplate);
        assertTrue(stackEvents(templates, envStack) > eventsBefore, "the update went to the adopted stack");
        String log = cli.proton("get-deployment", "--id", imported).ok().stdout();
        assertTrue(log.contains("SUCCEEDED"), log);

        // a plain CloudFormation stack, adopted by name
        templates.moto("cloudformation", "create-stack", "--stack-name", "imp-plain-stack", "--role-arn", ROLE,
                "--template-body", ENV_TEMPLATE.replace("{{ environment.name }}-{{ environment.inputs.vpc_name }}", "imp-plain-q")).ok();
        Map<String, JsonNode> plain = items(imports("{\"specs\": {\"imp-plain\": \"proton: EnvironmentSpec\\nspec:\\n  vpc_name: q\\n\"},"
                + " \"stacks\": [{\"stackName\": \"imp-plain-stack\", \"environmentName\": \"imp-plain\", \"templateName\": \"imp-env\", \"version\": \"1.0\"}]}"));
        assertEquals("ADOPTED", plain.get("imp-plain").path("outcome").asText(), plain.toString());
        assertEquals("0", cli.proton("get-environment", "--name", "imp-plain").ok().json().path("environment").path("templateMinorVersion").asText());
    }

    @Test
    void theAdminPageShowsTheDryRunAndImports() {
        fixtures.load(); // the portal's users
        WebUser admin = WebUser.admin();
        admin.request().get("/admin/imports").then().statusCode(200)
                .body(containsString("<h1>Import from Proton</h1>"), containsString("aria-label=\"Import\""), containsString("Adopt another stack"));
        admin.form().formParam("action", "import").formParam("stackName", "no-such-stack-anywhere").formParam("environmentName", "imp-none")
                .formParam("templateName", "imp-env").post("/admin/imports").then().statusCode(200)
                .body(containsString("No stack no-such-stack-anywhere in this account and region"));
        WebUser.developer().request().get("/admin/imports").then().statusCode(403);
    }

    private JsonNode imports(String body) throws Exception {
        SignedHttpAccess.Response r = SignedHttpAccess.post(URI.create(pave.toString()), "/api/v1/imports", body);
        assertEquals(200, r.status(), r.body());
        return JSON.readTree(r.body());
    }

    /** The report's items by resource name (this test's only: other tests' stacks share moto). */
    private static Map<String, JsonNode> items(JsonNode report) {
        Map<String, JsonNode> out = new HashMap<>();
        report.path("items").forEach(i -> {
            if (i.path("name").asText().startsWith("imp-")) {
                out.put(i.path("name").asText(), i);
            }
        });
        return out;
    }

    private static Map<String, String> stackOutputs(EnvironmentTemplates templates, String stack) {
        Map<String, String> out = new TreeMap<>();
        templates.moto("cloudformation", "describe-stacks", "--stack-name", stack).ok().json().path("Stacks").get(0).path("Outputs")
                .forEach(o -> out.put(o.path("OutputKey").asText(), o.path("OutputValue").asText()));
        return out;
    }

    private static int stackEvents(EnvironmentTemplates templates, String stack) {
        return templates.moto("cloudformation", "describe-stack-events", "--stack-name", stack).ok().json().path("StackEvents").size();
    }

    private static Map<String, String> outputs(AwsCli cli, String environment) {
        Map<String, String> out = new TreeMap<>();
        cli.proton("list-environment-outputs", "--environment-name", environment).ok().json().path("outputs")
                .forEach(o -> out.put(o.path("key").asText(), o.path("valueString").asText()));
        return out;
    }
}
