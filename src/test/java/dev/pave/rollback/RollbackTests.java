package dev.pave.rollback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.error.AccessDeniedException;
import dev.pave.error.ConflictException;
import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.team.TeamService;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TeamMembers;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Rollback end to end on moto, in the portal with a real browser: a resource goes back to the version and spec of its last
 * succeeded deployment before the current one, across a major too, from the portal's panel; only its owners may, and
 * only to a version still registered.
 */
@QuarkusTest
class RollbackTests {

    static final String QUEUE = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: \"{{ environment.name }}-{{ environment.inputs.vpc_name }}\"\n";
    static final String ROLE = "arn:aws:iam::123456789012:role/pave-proton";

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL pave;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(30));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @Inject
    Rollbacks rollbacks;

    @Inject
    IdentityService identity;

    @Inject
    TeamService teams;

    @Inject
    TemplateService templates;

    @Inject
    SampleTemplates samples;

    private AwsCli admin() {
        return new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
    }

    private static String spec(String vpc) {
        return "proton: EnvironmentSpec\nspec:\n  vpc_name: " + vpc + "\n";
    }

    private JsonNode awaitEnvironment(AwsCli cli, String name, String major, String vpc) {
        return ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", name).ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()) && major.equals(e.path("templateMajorVersion").asText())
                        && e.path("spec").asText().contains(vpc), name + " runs " + major + " with " + vpc);
    }

    @Test
    void anEnvironmentRollsBackAcrossAMajorToTheVersionAndSpecItRanBefore() {
        AwsCli cli = admin();
        new EnvironmentTemplates(pave).cloudformation("rollback-cfn", QUEUE, "1.0", "2.0");
        cli.proton("create-environment", "--name", "rb-env", "--template-name", "rollback-cfn", "--template-major-version", "1",
                "--spec", spec("first"), "--proton-service-role-arn", ROLE).ok();
        String arn = awaitEnvironment(cli, "rb-env", "1", "first").path("arn").asText();
        assertTrue(rollbacks.plan(Caller.system(), arn).isEmpty(), "one deployment: nothing to go back to");
        WebUser web = WebUser.admin();
        web.form().formParam("arn", arn).post("/rollback").then().statusCode(409);

        cli.proton("update-environment", "--name", "rb-env", "--deployment-type", "MAJOR_VERSION", "--template-major-version", "2",
                "--spec", spec("second")).ok();
        awaitEnvironment(cli, "rb-env", "2", "second");
        Rollbacks.Rollback back = rollbacks.plan(Caller.system(), arn).orElseThrow();
        assertEquals("1.0", back.version().version());
        assertTrue(back.acrossMajor() && back.possible(), back.toString());
        assertTrue(back.specText().contains("vpc_name: first"), back.specText());

        // the panel says where it goes; "Roll back" deploys it
        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("environments/rb-env");
        String panel = browser.findElement(By.id("rollback")).getText();
        assertTrue(panel.contains("Back to rollback-cfn 1.0, a lower major version,"), panel);
        browser.findElement(By.cssSelector("#rollback summary")).click();
        assertTrue(browser.findElement(By.cssSelector("#rollback pre")).getText().contains("vpc_name: first"));
        browser.assertAccessible();
        browser.screenshot("rollback-01-panel");
        browser.assertFitsPhone("rollback-02-phone");
        WebElement button = browser.findElement(By.cssSelector("form[aria-label='Roll back'] button"));
        button.click();
        browser.until(ExpectedConditions.stalenessOf(button));
        assertTrue(browser.getCurrentUrl().endsWith("/environments/rb-env"), browser.getCurrentUrl());
        awaitEnvironment(cli, "rb-env", "1", "first");
        assertTrue(cli.run(List.of("aws", "--endpoint-url", motoEndpoint(), "--output", "json", "sqs", "list-queues"), motoEnv()).ok().stdout()
                .contains("rb-env-first"), "the stack holds the queue of 1.0's spec again");

        // a rollback is a deployment like any other: rolling back again returns to 2.0
        assertEquals("2.0", rollbacks.plan(Caller.system(), arn).orElseThrow().version().version());
    }

    @Test
    void onlyTheOwnersRollBackAndOnlyToAVersionStillRegistered() {
        AwsCli cli = admin();
        new EnvironmentTemplates(pave).cloudformation("rollback-minor", QUEUE, "1.0", "1.1");
        cli.proton("create-environment", "--name", "rb-minor", "--template-name", "rollback-minor", "--template-major-version", "1",
                "--template-minor-version", "0", "--spec", spec("one"), "--proton-service-role-arn", ROLE).ok();
        String arn = awaitEnvironment(cli, "rb-minor", "1", "one").path("arn").asText();
        cli.proton("update-environment", "--name", "rb-minor", "--deployment-type", "MINOR_VERSION", "--template-minor-version", "1",
                "--spec", spec("two")).ok();
        awaitEnvironment(cli, "rb-minor", "1", "two");

        // another team's developer reads the panel without the button, and is refused
        teams.create(Caller.system(), "rb-others", null);
        TeamMembers.developer(pave, identity, teams, "rb-outsider", "Outsider-Pass-123", "rb-others");
        Caller outsider = TeamMembers.caller("rb-outsider");
        Rollbacks.Rollback seen = rollbacks.plan(outsider, arn).orElseThrow();
        assertFalse(seen.allowed());
        AccessDeniedException refused = assertThrows(AccessDeniedException.class, () -> rollbacks.rollBack(outsider, arn));
        assertTrue(refused.getMessage().contains("rb-outsider") && refused.getMessage().contains("default"), refused.getMessage());

        // 1.0 is deleted once nothing runs it: the rollback says so instead of failing later
        cli.proton("delete-environment-template-version", "--template-name", "rollback-minor", "--major-version", "1", "--minor-version", "0").ok();
        Rollbacks.Rollback gone = rollbacks.plan(Caller.system(), arn).orElseThrow();
        assertFalse(gone.possible());
        assertTrue(gone.refusal().contains("Version 1.0 of rollback-minor was deleted since"), gone.refusal());
        assertThrows(ConflictException.class, () -> rollbacks.rollBack(Caller.system(), arn));
    }

    @Test
    void aServiceInstanceRollsBackToItsEarlierInputs() {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        f.helloTemplate("rb-hello", Map.of(), null);
        f.sandbox("rb-sandbox");
        f.createService("rb-svc", "rb-hello", "rb-sandbox").ok();
        f.awaitService("rb-svc", "ACTIVE");
        f.cli.proton("update-service-instance", "--service-name", "rb-svc", "--name", "dev", "--deployment-type", "CURRENT_VERSION",
                "--spec", "proton: ServiceInstanceSpec\nenvironment: rb-sandbox\nspec:\n  greeting: changed\n").ok();
        ServiceTestFixtures.awaitJson(() -> f.instance("rb-svc", "dev"), i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText())
                && i.path("spec").asText().contains("changed"), "the update finished");
        String arn = f.instance("rb-svc", "dev").path("arn").asText();

        Rollbacks.Rollback back = rollbacks.rollBack(Caller.system(), arn);
        assertTrue(back.specText().contains("greeting: hi"), back.specText());
        JsonNode instance = ServiceTestFixtures.awaitJson(() -> f.instance("rb-svc", "dev"), i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText())
                && i.path("spec").asText().contains("hi") && !i.path("spec").asText().contains("changed"), "rolled back");
        assertEquals("1", instance.path("templateMajorVersion").asText());
        String page = WebUser.admin().request().get("/services/rb-svc/instances/dev").then().statusCode(200).extract().asString();
        assertTrue(page.contains("greeting: changed"), "the panel now offers the way back to the changed spec");
    }

    private static String motoEndpoint() {
        return ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
    }

    private static Map<String, String> motoEnv() {
        return Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");
    }
}
