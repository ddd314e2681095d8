package dev.pave.drift;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
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
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * In Chromium: a stack changed outside Pave shows in its environment's drift panel after "Check drift now", with the
 * differing lines; the owning team's inbox has the notice (marked read in place); Restore clears the panel; the team's
 * page lists what it owns. Screenshots (desktop and phone) land in target/screenshots.
 */
@QuarkusTest
class DriftBrowserTests {

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

    @Test
    void theDriftPanelTheInboxAndRestore() {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        new EnvironmentTemplates(pave).cloudformation("drift-browser-cfn", DriftTests.TEMPLATE, "1.0");
        cli.proton("create-environment", "--name", "drift-page", "--template-name", "drift-browser-cfn", "--template-major-version", "1",
                "--spec", DriftTests.SPEC, "--proton-service-role-arn", DriftTests.ROLE).ok();
        ServiceTestFixtures.awaitJson(() -> cli.proton("get-environment", "--name", "drift-page").ok().json().path("environment"),
                e -> "SUCCEEDED".equals(e.path("deploymentStatus").asText()), "deployed");
        String moto = ConfigProvider.getConfig().getValue("pave.aws.endpoint-url", String.class);
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "testing", "AWS_SECRET_ACCESS_KEY", "testing", "AWS_DEFAULT_REGION", "us-east-1");
        String stack = null;
        for (JsonNode s : cli.run(List.of("aws", "--endpoint-url", moto, "--output", "json", "cloudformation", "describe-stacks"), env).ok().json().path("Stacks")) {
            if (s.path("StackName").asText().startsWith("pave-env-drift-page-")) {
                stack = s.path("StackName").asText();
            }
        }
        String body = cli.run(List.of("aws", "--endpoint-url", moto, "--output", "json", "cloudformation", "get-template", "--stack-name", stack), env)
                .ok().json().path("TemplateBody").asText();
        cli.run(List.of("aws", "--endpoint-url", moto, "cloudformation", "update-stack", "--stack-name", stack, "--template-body",
                body.replace("-queue", "-renamed-by-hand")), env).ok();

        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("environments/drift-page");
        assertTrue(browser.findElement(By.id("drift")).getText().contains("Not checked yet"));
        browser.findElement(By.cssSelector("form[aria-label='Check drift now'] button")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("drift"), "Infrastructure (template)"));
        String panel = browser.findElement(By.id("drift")).getText();
        assertTrue(panel.contains("renamed-by-hand") && panel.contains("differs from what Pave applied"), panel);
        browser.assertAccessible();
        browser.screenshot("drift-01-panel");

        // the inbox: the unread count in the header, the notice, marked read in place
        browser.open("inbox");
        assertTrue(browser.findElement(By.cssSelector("header a.inbox-count")).getText().matches("\\d+"));
        String inbox = browser.findElement(By.id("inbox-list")).getText();
        assertTrue(inbox.contains("Drift on environment drift-page"), inbox);
        browser.assertAccessible();
        browser.screenshot("inbox-01-list");
        browser.assertFitsPhone("inbox-02-phone");
        browser.findElement(By.id("f-unread")).click(); // filters in place
        browser.until(ExpectedConditions.urlContains("unread=true"));
        String driftNotice = "//li[contains(., 'Drift on environment drift-page')]";
        browser.findElement(By.xpath(driftNotice + "//button[text()='Mark read']")).click();
        browser.until(ExpectedConditions.invisibilityOfElementLocated(By.xpath(driftNotice)));

        // Restore: the recorded spec deployed again; the panel clears when the check after it finds nothing
        browser.open("environments/drift-page");
        WebElement restore = browser.findElement(By.cssSelector("form[aria-label='Restore'] button"));
        restore.click();
        browser.until(ExpectedConditions.stalenessOf(restore)); // the answer to the form has replaced the page
        long deadline = System.currentTimeMillis() + 30_000;
        while (!driftText().contains("No drift found.") && System.currentTimeMillis() < deadline) {
            sleep();
            browser.open("environments/drift-page");
        }
        assertTrue(driftText().contains("No drift found."), driftText());
        assertFalse(browser.findElement(By.id("drift")).getText().contains("Restore"));
        browser.screenshot("drift-02-restored");
        browser.assertFitsPhone("drift-03-phone");

        // the team that owns it, and what it owns
        browser.open("teams/default");
        assertTrue(browser.findElement(By.id("owned-heading")).findElement(By.xpath("..")).getText().contains("drift-page"));
        browser.assertAccessible();
        browser.screenshot("teams-01-team");
        browser.open("drift");
        browser.assertAccessible();
        browser.screenshot("drift-04-fleet");
    }

    /** The drift panel's text, or what the page shows instead. */
    private static String driftText() {
        try {
            var panels = browser.findElements(By.id("drift"));
            return panels.isEmpty() ? "no drift panel on " + browser.getCurrentUrl() + ": " + browser.findElement(By.tagName("body")).getText()
                    : panels.get(0).getText();
        } catch (StaleElementReferenceException e) {
            return "the page was replaced while it was read"; // read again on the next round
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
