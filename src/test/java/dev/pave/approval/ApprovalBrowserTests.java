package dev.pave.approval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.team.TeamService;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.TeamMembers;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * In Chromium: a developer's MAJOR_VERSION update of an environment that asks for approval waits; a second user, an
 * approver of the team, opens it from the approvals list, reads the diff it would deploy, and approves it with a
 * comment. Screenshots (desktop and phone) land in target/screenshots.
 */
@QuarkusTest
class ApprovalBrowserTests {

    static final String PASSWORD = "Approval-Page-123";

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    IdentityService identity;

    @Inject
    TeamService teams;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(60));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @Test
    void aSecondUserApprovesAfterReadingTheDiff() {
        teams.create(Caller.system(), "apb-team", null);
        AwsCli dev = TeamMembers.member(pave, identity, teams, "apb-dev", PASSWORD, "apb-team", Set.of(Role.DEVELOPER));
        TeamMembers.member(pave, identity, teams, "apb-approver", PASSWORD, "apb-team", Set.of(Role.APPROVER));
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        String manifest = EnvironmentTemplates.codebuildManifest("python3 provision.py");
        templates.publish("apb-env", Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA, "infrastructure/manifest.yaml", manifest,
                "infrastructure/provision.py", "import json\njson.dump({'Release': 'one'}, open('proton-outputs.json', 'w'))\n"), "1.0");
        templates.addVersions("apb-env", Map.of("schema/schema.yaml", EnvironmentTemplates.SCHEMA, "infrastructure/manifest.yaml", manifest,
                "infrastructure/provision.py", "import json\njson.dump({'Release': 'two'}, open('proton-outputs.json', 'w'))\n"), "2.0");
        dev.proton("create-environment", "--name", "apb-prod", "--template-name", "apb-env", "--template-major-version", "1", "--template-minor-version",
                "0", "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: main\n", "--codebuild-role-arn", ApprovalTests.ROLE).ok();
        dev.proton("wait", "environment-deployed", "--name", "apb-prod").ok();
        WebUser.login("apb-dev", PASSWORD).form().formParam("required", "true").post("/environments/apb-prod/approval").then().statusCode(303);
        dev.proton("update-environment", "--name", "apb-prod", "--deployment-type", "MAJOR_VERSION", "--template-major-version", "2").ok();

        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn("apb-approver", PASSWORD);
        browser.open("environments/apb-prod");
        assertTrue(browser.findElement(By.id("approval-policy")).getText().startsWith("Upgrades need approval"));
        browser.open("approvals");
        browser.screenshot("approval-01-list");
        browser.findElement(By.linkText("environment apb-prod")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Decide']")));
        assertEquals("Approve environment apb-prod?", browser.findElement(By.tagName("h1")).getText());
        browser.findElement(By.cssSelector("details.plan-item summary")).click();
        String diff = browser.findElement(By.cssSelector("details.plan-item pre.diff")).getText();
        assertTrue(diff.contains("-json.dump({'Release': 'one'}") && diff.contains("+json.dump({'Release': 'two'}"), diff);
        browser.screenshot("approval-02-diff");
        browser.assertFitsPhone("approval-03-phone");

        browser.findElement(By.id("f-comment")).sendKeys("Read the diff: fine");
        WebElement approve = browser.findElement(By.xpath("//button[text()='Approve']"));
        approve.click();
        browser.until(ExpectedConditions.stalenessOf(approve));
        String status = browser.findElement(By.id("approval-status")).findElement(By.xpath("..")).getText();
        assertTrue(status.contains("approved by apb-approver") && status.contains("Read the diff: fine"), status);
        browser.screenshot("approval-04-approved");
        dev.proton("wait", "environment-deployed", "--name", "apb-prod").ok();
        assertEquals("2", dev.proton("get-environment", "--name", "apb-prod").ok().json().path("environment").path("templateMajorVersion").asText());
    }
}
