package dev.pave.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.drift.DriftChecks;
import dev.pave.identity.Caller;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TestBundles;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Upgrade plans over real deployments on moto: each environment behind the target is rendered at the target with its
 * own spec and diffed against the IaC it runs; identical renders are no-ops; a spec the target's schema refuses is
 * blocked, naming the input, and so is a drifted one; nothing is deployed.
 */
@QuarkusTest
class UpgradePlanTests {

    static final String ROLE = "arn:aws:iam::123456789012:role/pave-proton";
    static final String QUEUE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: \"{{ environment.name }}-q\"\n";
    static final String QUEUE_WITH_TIMEOUT = QUEUE + "      VisibilityTimeout: {{ environment.inputs.size * 10 }}\n";

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    UpgradePlans plans;

    @Inject
    TemplateService templates;

    @Inject
    SampleTemplates samples;

    @Inject
    DriftChecks drift;

    static final Map<String, String> MOTO_ENV = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");

    private static String moto() {
        return ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
    }

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(30));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    /** Registers and publishes a version of the environment template with these files. */
    private void version(String name, Integer major, String schema, String cloudformation) {
        ServiceTestFixtures.publish(templates, TemplateType.ENVIRONMENT, name, major, TestBundles.of(Map.of("schema/schema.yaml", schema,
                "infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST, "infrastructure/cloudformation.yaml", cloudformation)),
                null, null);
    }

    private void environment(AwsCli cli, String name, String minor, String spec) {
        cli.proton("create-environment", "--name", name, "--template-name", "plan-env", "--template-major-version", "1",
                "--template-minor-version", minor, "--spec", "proton: EnvironmentSpec\nspec:\n" + spec, "--proton-service-role-arn", ROLE).ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", name).ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()), name + " deployed");
    }

    @Test
    void aPlanDiffsEachEnvironmentsIacAtTheTargetAndNamesWhatCannotUpgrade() {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT, new TemplateService.NewTemplate("plan-env", null, null, null, null), Map.of());
        String limited = EnvironmentTemplates.SCHEMA.replace("minimum: 1", "minimum: 1\n          maximum: 5");
        version("plan-env", null, EnvironmentTemplates.SCHEMA, QUEUE); // 1.0
        environment(cli, "plan-a", "0", "  vpc_name: a\n");
        environment(cli, "plan-big", "0", "  vpc_name: big\n  size: 7\n");
        environment(cli, "plan-drifted", "0", "  vpc_name: drifted\n");
        String stack = cli.run(List.of("aws", "--endpoint-url", moto(), "--output", "json", "cloudformation", "describe-stacks"), MOTO_ENV).ok().json()
                .findValues("StackName").stream().map(n -> n.asText()).filter(n -> n.startsWith("pave-env-plan-drifted-")).findFirst().orElseThrow();
        cli.run(List.of("aws", "--endpoint-url", moto(), "cloudformation", "update-stack", "--stack-name", stack, "--template-body",
                QUEUE.replace("{{ environment.name }}", "plan-drifted") + "      DelaySeconds: 5\n"), MOTO_ENV).ok();
        drift.check(Caller.system(), cli.proton("get-environment", "--name", "plan-drifted").ok().json().at("/environment/arn").asText());
        version("plan-env", 1, EnvironmentTemplates.SCHEMA, QUEUE_WITH_TIMEOUT); // 1.1
        environment(cli, "plan-b", "1", "  vpc_name: b\n  size: 2\n");
        version("plan-env", null, limited, QUEUE_WITH_TIMEOUT); // 2.0: 1.1's files, and size at most 5

        UpgradePlans.Plan plan = plans.plan(Caller.system(), TemplateType.ENVIRONMENT, "plan-env", null, null);
        assertEquals("2.0", plan.target().version(), "the recommended version by default");
        assertEquals(4, plan.items().size(), plan.toString());
        assertEquals(List.of(1L, 1L, 2L), List.of(plan.changes(), plan.noOps(), plan.blocked()));
        assertEquals(List.of("plan-a", "plan-b", "plan-big", "plan-drifted"), List.copyOf(plan.environments()));
        assertEquals(List.of("default"), List.copyOf(plan.teams()));

        UpgradePlans.Item a = item(plan, "plan-a");
        assertEquals(UpgradePlans.Outcome.CHANGE, a.outcome());
        assertTrue(a.diff().contains("--- a/cloudformation.yaml") && a.diff().contains("+      VisibilityTimeout: 30"), a.diff());
        assertEquals(UpgradePlans.Outcome.NO_OP, item(plan, "plan-b").outcome(), "1.1 and 2.0 render the same for plan-b");
        UpgradePlans.Item big = item(plan, "plan-big");
        assertEquals(UpgradePlans.Outcome.BLOCKED, big.outcome());
        assertTrue(big.reason().contains("At 2.0") && big.reason().contains("spec.size"), big.reason());
        UpgradePlans.Item drifted = item(plan, "plan-drifted");
        assertEquals(UpgradePlans.Outcome.BLOCKED, drifted.outcome());
        assertTrue(drifted.reason().startsWith("Drifted: ") && drifted.reason().contains("differs from what Pave applied"), drifted.reason());

        // to 1.1: plan-b already runs it, so it is not in the plan, and plan-big's size is fine there
        UpgradePlans.Plan minor = plans.plan(Caller.system(), TemplateType.ENVIRONMENT, "plan-env", 1, 1);
        assertEquals(List.of(2L, 0L, 1L), List.of(minor.changes(), minor.noOps(), minor.blocked()), minor.toString());
        // nothing was deployed: plan-a still runs 1.0
        assertEquals("0", cli.proton("get-environment", "--name", "plan-a").ok().json().at("/environment/templateMinorVersion").asText());

        // the page: blast radius, the blocked one with its reason, the diff behind a disclosure
        String page = WebUser.admin().request().get("/templates/environment/plan-env/upgrade").then().statusCode(200).extract().asString();
        assertTrue(page.contains("would change") && page.contains("VisibilityTimeout") && page.contains("spec.size"), "the plan page");
        WebUser.admin().request().get("/templates/environment/plan-env/upgrade?version=9.9").then().statusCode(404);
        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("templates/environment/plan-env");
        browser.findElement(By.linkText("Plan an upgrade to 2.0")).click();
        browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("details.plan-item summary"))).click(); // once the plan page is there
        assertTrue(browser.findElement(By.cssSelector("details.plan-item pre")).getText().contains("VisibilityTimeout"));
        browser.assertAccessible();
        browser.screenshot("upgrade-01-plan");
        browser.assertFitsPhone("upgrade-02-phone");
    }

    @Test
    void aServiceInstanceIsPlannedWithItsOwnInputsAndItsEnvironment() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.helloTemplate("plan-hello", Map.of(), null);
        f.sandbox("plan-sandbox");
        f.createService("plan-svc", "plan-hello", "plan-sandbox").ok();
        f.awaitService("plan-svc", "ACTIVE");
        f.publish("plan-hello", 1, Map.of("instance_infrastructure/README.md", "the instance's notes\n"), null);

        UpgradePlans.Plan plan = plans.plan(Caller.system(), TemplateType.SERVICE, "plan-hello", null, null);
        UpgradePlans.Item dev = plan.items().stream().filter(i -> i.resource().name().equals("dev")).findFirst().orElseThrow(() ->
                new AssertionError(plan.toString()));
        assertEquals("plan-sandbox", dev.environment());
        assertEquals(UpgradePlans.Outcome.CHANGE, dev.outcome(), dev.toString());
        assertTrue(dev.diff().contains("+++ b/README.md") && dev.diff().contains("+the instance's notes"), dev.diff());
    }

    /** 2.0 of the hello sample: greeting is now message and replicas start at 2; migrations.yaml carries 1.x specs over. */
    static final String SCHEMA_2 = """
            schema:
              format:
                openapi: "3.0.0"
              service_input_type: "HelloInput"
              pipeline_input_type: "HelloPipelineInput"
              types:
                HelloInput:
                  type: object
                  properties:
                    message:
                      type: string
                      maxLength: 100
                    replicas:
                      type: integer
                      minimum: 2
                      default: 2
                  required: [message]
                HelloPipelineInput:
                  type: object
                  properties:
                    branch:
                      type: string
                      default: "main"
            """;

    @Test
    void aMajorUpgradeKeepsTheInputsThroughTheBundlesMigration() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.helloTemplate("mig-hello", Map.of(), null);
        f.sandbox("mig-sandbox");
        f.createService("mig-svc", "mig-hello", "mig-sandbox").ok();
        f.awaitService("mig-svc", "ACTIVE");
        String provision = TestBundles.fromResources("samples/hello-service").text("instance_infrastructure/provision.sh")
                .replace("value greeting", "value message");
        Map<String, String> major2 = Map.of("schema/schema.yaml", SCHEMA_2, "instance_infrastructure/provision.sh", provision);

        // without a migration, 2.0 refuses the 1.x spec, naming the inputs
        f.publish(TemplateType.SERVICE, "mig-hello", "samples/hello-service", null, major2, null);
        UpgradePlans.Item refused = plans.plan(Caller.system(), TemplateType.SERVICE, "mig-hello", 2, 0).items().stream()
                .filter(i -> i.resource().name().equals("dev")).findFirst().orElseThrow();
        assertEquals(UpgradePlans.Outcome.BLOCKED, refused.outcome());
        assertTrue(refused.reason().contains("spec.message") && refused.reason().contains("spec.greeting"), refused.reason());

        // 3.0 ships migrations.yaml from 1: the plan shows the migrated spec, and MAJOR_VERSION deploys it
        Map<String, String> major3 = new HashMap<>(major2);
        major3.put("schema/migrations.yaml", "migrations:\n  - from: 1\n    inputs:\n      greeting: {rename: message}\n"
                + "      replicas: {map: {\"1\": 2}}\n");
        f.publish(TemplateType.SERVICE, "mig-hello", "samples/hello-service", null, major3, null);
        UpgradePlans.Item migrated = plans.plan(Caller.system(), TemplateType.SERVICE, "mig-hello", 3, 0).items().stream()
                .filter(i -> i.resource().name().equals("dev")).findFirst().orElseThrow();
        assertEquals(UpgradePlans.Outcome.CHANGE, migrated.outcome(), migrated.toString());
        assertTrue(migrated.migratedSpec().matches("(?s).*message: \"?hi\"?\n.*") && migrated.migratedSpec().contains("replicas: 2"),
                migrated.migratedSpec());
        String page = WebUser.admin().request().get("/templates/service/mig-hello/upgrade?version=3.0").then().statusCode(200).extract().asString();
        assertTrue(page.contains("schema/migrations.yaml") && page.contains("message:"), "the page shows the migrated spec");

        f.cli.proton("update-service-instance", "--service-name", "mig-svc", "--name", "dev", "--deployment-type", "MAJOR_VERSION",
                "--template-major-version", "3").ok();
        JsonNode dev = ServiceTestFixtures.awaitJson(() -> f.instance("mig-svc", "dev"), i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText())
                && "3".equals(i.path("templateMajorVersion").asText()), "dev upgraded to 3.0");
        assertTrue(dev.path("spec").asText().contains("message") && !dev.path("spec").asText().contains("greeting"), dev.toString());
        Map<String, String> outputs = new TreeMap<>();
        f.cli.proton("list-service-instance-outputs", "--service-name", "mig-svc", "--service-instance-name", "dev").ok().json().path("outputs")
                .forEach(o -> outputs.put(o.path("key").asText(), o.path("valueString").asText()));
        assertEquals("hi", outputs.get("Greeting"), outputs.toString());
        assertEquals("2", outputs.get("Replicas"), outputs.toString());
    }

    @Test
    void anEnvironmentsMajorUpdateWithoutASpecDeploysItsMigratedSpec() {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        templates.createTemplate(Caller.system(), TemplateType.ENVIRONMENT, new TemplateService.NewTemplate("mig-env", null, null, null, null), Map.of());
        version("mig-env", null, EnvironmentTemplates.SCHEMA, QUEUE);
        cli.proton("create-environment", "--name", "mig-net", "--template-name", "mig-env", "--template-major-version", "1",
                "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: net1\n", "--proton-service-role-arn", ROLE).ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "mig-net").ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()), "mig-net deployed");
        ServiceTestFixtures.publish(templates, TemplateType.ENVIRONMENT, "mig-env", null, TestBundles.of(Map.of(
                "schema/schema.yaml", EnvironmentTemplates.SCHEMA.replace("vpc_name", "network_name"),
                "schema/migrations.yaml", "migrations:\n  - from: 1\n    inputs:\n      vpc_name: {rename: network_name}\n",
                "infrastructure/manifest.yaml", EnvironmentTemplates.CLOUDFORMATION_MANIFEST,
                "infrastructure/cloudformation.yaml", QUEUE.replace("{{ environment.name }}-q", "{{ environment.inputs.network_name }}-q"))), null, null);

        cli.proton("update-environment", "--name", "mig-net", "--deployment-type", "MAJOR_VERSION", "--template-major-version", "2").ok();
        JsonNode upgraded = ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "mig-net").ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()) && "2".equals(e.path("templateMajorVersion").asText()), "mig-net on 2.0");
        assertTrue(upgraded.path("spec").asText().matches("(?s).*network_name: \"?net1\"?.*") && !upgraded.path("spec").asText().contains("vpc_name"),
                upgraded.path("spec").asText());
        String stack = cli.run(List.of("aws", "--endpoint-url", moto(), "--output", "json", "cloudformation", "describe-stacks"), MOTO_ENV).ok().json()
                .findValues("StackName").stream().map(JsonNode::asText).filter(n -> n.startsWith("pave-env-mig-net-")).findFirst().orElseThrow();
        String body = cli.run(List.of("aws", "--endpoint-url", moto(), "--output", "json", "cloudformation", "get-template", "--stack-name", stack),
                MOTO_ENV).ok().json().path("TemplateBody").asText();
        assertTrue(body.contains("QueueName: \"net1-q\""), "the stack's template was rendered from the migrated input: " + body);
    }

    private static UpgradePlans.Item item(UpgradePlans.Plan plan, String environment) {
        return plan.items().stream().filter(i -> i.resource().name().equals(environment)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + environment + " in " + plan.items()));
    }
}
