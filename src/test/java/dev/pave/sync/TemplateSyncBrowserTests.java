package dev.pave.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.AwsCli;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * "Sync from Git" on a template's page, in Chromium: an admin points a template at a pushed repository, sees the
 * sync make 1.0 with its commit, is told beside the field when a subdirectory would leave the repository, and stops syncing.
 */
@QuarkusTest
class TemplateSyncBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URI pave;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(30));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @Test
    void anAdminStartsWatchesAndStopsATemplatesSync() throws Exception {
        AwsCli cli = new AwsCli(pave.toString(), PaveTestResource.ADMIN_KEY_ID, PaveTestResource.ADMIN_SECRET);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        PushedRepository git = PushedRepository.linked(cli, pave, "myorg/browser-" + suffix, "");
        String template = "browser-synced-" + suffix;
        cli.proton("create-environment-template", "--name", template).ok();
        String commit = git.commit("v1", PushedRepository.environmentBundle("templates/" + template + "/v1",
                "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n"));

        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("templates/environment/" + template);
        assertTrue(browser.findElement(By.id("template-sync")).getText().contains("registered by hand"));
        browser.findElement(By.linkText("Sync from Git")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Template sync']")));
        browser.assertAccessible();

        // a folder outside the repository is refused beside its field, and what was typed stays
        new Select(browser.field("Repository")).selectByValue("GITHUB/" + git.name);
        browser.field("Subdirectory").sendKeys("../elsewhere");
        browser.findElement(By.cssSelector("form[aria-label='Template sync'] button[type=submit]")).click();
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-subdirectory-error")));
        assertTrue(error.getText().contains("without . or .. parts"), error.getText());
        assertEquals("../elsewhere", browser.field("Subdirectory").getDomProperty("value"));
        browser.screenshot("sync-01-refused-folder");

        browser.field("Subdirectory").clear();
        browser.field("Subdirectory").sendKeys("templates");
        browser.findElement(By.id("f-autoPublish")).click();
        browser.findElement(By.cssSelector("form[aria-label='Template sync'] button[type=submit]")).click();
        browser.until(ExpectedConditions.urlContains("#template-sync"));
        WebElement panel = browser.until(d -> {
            d.navigate().refresh();
            WebElement p = d.findElement(By.id("template-sync"));
            return p.getText().contains("SUCCEEDED") ? p : null;
        });
        String text = panel.getText();
        assertTrue(text.contains("GITHUB/" + git.name) && text.contains("branch main") && text.contains("subdirectory templates"), text);
        assertTrue(text.contains(commit.substring(0, 7)) && text.contains("1.0"), text);
        assertTrue(browser.findElement(By.id("versions")).getText().contains("1.0"), "the synced version is listed");
        assertTrue(text.contains("published at once"), text);
        assertEquals("PUBLISHED", cli.proton("get-environment-template-version", "--template-name", template, "--major-version", "1",
                "--minor-version", "0").ok().json().at("/environmentTemplateVersion/status").asText(), "published at once, as the box asked");
        // the API's update (which has no such field) keeps the option: the next push is published too
        cli.proton("update-template-sync-config", "--template-name", template, "--template-type", "ENVIRONMENT", "--repository-provider", "GITHUB",
                "--repository-name", git.name, "--branch", "main", "--subdirectory", "templates").ok();
        git.commit("v1.1", Map.of("templates/" + template + "/v1/infrastructure/cloudformation.yaml",
                "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n# 1.1\n"));
        PushedRepository.await(() -> cli.proton("get-environment-template", "--name", template).ok().json()
                .at("/environmentTemplate/recommendedVersion").asText(), "1.1"::equals, 30);
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('template-sync').scrollIntoView()");
        browser.screenshot("sync-02-synced");
        // on a phone the sync table scrolls inside its box instead of widening the page
        browser.manage().window().setSize(new Dimension(420, 900));
        browser.navigate().refresh();
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("document.getElementById('template-sync').scrollIntoView()");
        long pageWidth = (Long) browser.executeScript("return document.documentElement.scrollWidth");
        assertTrue(pageWidth <= 420, "the page keeps to the phone's width: " + pageWidth);
        browser.screenshot("sync-03-synced-phone");
        browser.manage().window().setSize(new Dimension(1280, 1100));

        browser.findElement(By.linkText("Change template sync")).click();
        browser.findElement(By.cssSelector("form[aria-label='Stop syncing'] button[type=submit]")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("template-sync"), "registered by hand"));
        assertTrue(browser.findElement(By.id("versions")).getText().contains("1.0"), "stopping keeps the versions");
    }
}
