package dev.pave.sync;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.AwsCli;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A linked repository's page: what syncs from it, its latest sync attempts with commits and events, and for admins
 * the push webhook's setup and the access form (a short secret refused beside its field); others only read it.
 */
@QuarkusTest
class RepositoryPagesBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URI pave;

    @Inject
    PortalFixtures portal;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(30));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @Test
    void anAdminSeesWhatSyncsFromARepositoryAndSetsItsWebhookSecret() throws Exception {
        portal.load(); // the developer
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        PushedRepository git = PushedRepository.linked(cli, pave, "myorg/page-" + suffix, "");
        String template = "page-env-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        String commit = git.commit("v1", PushedRepository.environmentBundle(template + "/v1", "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"));
        cli.proton("create-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT", "--repository-provider", "GITHUB",
                "--repository-name", git.name, "--branch", "main").ok();
        PushedRepository.await(() -> cli.proton("get-repository-sync-status", "--repository-provider", "GITHUB", "--repository-name", git.name,
                "--branch", "main", "--sync-type", "TEMPLATE_SYNC").ok().json().at("/latestSync/status").asText(), "SUCCEEDED"::equals, 30);

        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("repositories");
        browser.findElement(By.linkText(git.name)).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), git.name));
        String definitions = browser.findElement(By.id("definitions-heading")).findElement(By.xpath("..")).getText();
        assertTrue(definitions.contains(template) && definitions.contains("template sync"), definitions);
        String attempts = browser.findElement(By.id("attempts-heading")).findElement(By.xpath("..")).getText();
        assertTrue(attempts.contains(commit.substring(0, 7)) && attempts.contains("SUCCEEDED") && attempts.contains("Synced " + template), attempts);
        String webhook = browser.findElement(By.id("webhook-url")).getText();
        assertTrue(webhook.endsWith("/api/v1/webhooks/GITHUB/" + git.name), webhook);
        assertTrue(browser.findElement(By.cssSelector("dl[aria-label='Repository details']")).getText().contains("no secret"));
        browser.assertAccessible();
        browser.screenshot("repository-01-page");
        // on a phone the attempts table scrolls in its box; the page keeps to the screen
        browser.assertFitsPhone("repository-02-page-phone");

        // a short secret is refused beside its field; a long one is kept (and never shown again)
        browser.field("Webhook secret").sendKeys("short");
        browser.findElement(By.cssSelector("form[aria-label='Repository access'] button[type=submit]")).click();
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-webhookSecret-error")));
        assertTrue(error.getText().contains("at least 16 characters"), error.getText());
        browser.field("Webhook secret").sendKeys("a-long-enough-webhook-secret");
        browser.findElement(By.cssSelector("form[aria-label='Repository access'] button[type=submit]")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl[aria-label='Repository details']"), "secret set"));
        assertTrue(!browser.getPageSource().contains("a-long-enough-webhook-secret"), "the secret is not shown");

        // a developer reads the page without the access form, and may not change access
        String path = "/repositories/GITHUB/" + git.name;
        WebUser.developer().request().get(path).then().statusCode(200).body(containsString(template), not(containsString("Repository access")));
        WebUser.developer().form().formParam("url", "file:///elsewhere").post(path).then().statusCode(403);
    }
}
