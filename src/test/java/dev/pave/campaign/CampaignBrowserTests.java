package dev.pave.campaign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.AwsCli;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * In Chromium: from a template's upgrade plan an admin starts a campaign, whose page follows it live (server-sent
 * events, no reload) through a soaking first wave to the end, then rolls it back. Screenshots (desktop and phone) land
 * in target/screenshots.
 */
@QuarkusTest
class CampaignBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL pave;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(60));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @Test
    void startFromThePlanWatchTheWavesRollBack() {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        AwsCli cli = templates.cli();
        templates.publish("camp-browser", CampaignTests.files(CampaignTests.PROVISION_1_0), "1.0");
        templates.addVersions("camp-browser", CampaignTests.files(CampaignTests.PROVISION_1_1), "1.1");
        for (String stage : List.of("dev", "prod")) {
            cli.proton("create-environment", "--name", "cb-" + stage, "--template-name", "camp-browser", "--template-major-version", "1",
                    "--template-minor-version", "0", "--spec", "proton: EnvironmentSpec\nspec:\n  vpc_name: " + stage + "\n",
                    "--codebuild-role-arn", CampaignTests.ROLE, "--tags", "key=stage,value=" + stage).ok();
        }
        for (String stage : List.of("dev", "prod")) {
            cli.proton("wait", "environment-deployed", "--name", "cb-" + stage).ok();
        }

        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("templates/environment/camp-browser/upgrade?version=1.1");
        browser.findElement(By.linkText("Start a campaign to 1.1")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='New campaign']")));
        assertEquals("camp-browser", browser.field("Template").getDomProperty("value"));
        browser.field("Soak time (seconds)").clear();
        browser.field("Soak time (seconds)").sendKeys("4");
        browser.screenshot("campaign-01-new");
        browser.findElement(By.cssSelector("form[aria-label='New campaign'] button[type=submit]")).click();

        // the page follows the campaign without a reload: the first wave soaks, then the last one finishes
        browser.until(ExpectedConditions.presenceOfElementLocated(By.id("campaign-progress")));
        String page = browser.getCurrentUrl();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("campaign-progress"), "soaking"));
        String soaking = browser.findElement(By.id("campaign-progress")).getText();
        assertTrue(soaking.contains("Wave 1: stage=dev") && soaking.contains("Soaking until"), soaking);
        browser.screenshot("campaign-02-soaking");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("campaign-status"), "Succeeded"));
        assertEquals(page, browser.getCurrentUrl(), "no reload: server-sent events updated the page");
        String done = browser.findElement(By.id("campaign-progress")).getText();
        assertTrue(done.contains("Every wave passed") && done.contains("Wave 2: stage=prod passed"), done);
        browser.screenshot("campaign-03-succeeded");
        browser.assertFitsPhone("campaign-04-phone");

        WebElement rollBack = browser.findElement(By.xpath("//button[text()='Roll back']"));
        rollBack.click();
        browser.until(ExpectedConditions.stalenessOf(rollBack));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("campaign-status"), "Rolled back"));
        assertEquals("0", cli.proton("get-environment", "--name", "cb-prod").ok().json().path("environment").path("templateMinorVersion").asText());
        browser.screenshot("campaign-05-rolled-back");

        browser.open("campaigns");
        assertTrue(browser.findElement(By.tagName("table")).getText().contains("camp-browser → 1.1"));
        browser.screenshot("campaign-06-list");
    }
}
