package dev.pave.web.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.template.TemplateType;
import dev.pave.testing.CatalogFixtures;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.PortalBundles;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The catalog and template pages in a real headless Chromium: an admin reads a template's adoption chart, drops a
 * new minor version's bundle on the upload box and publishes it, and is told off for a bad role ARN in the account
 * settings; a developer filters the catalog by engine in place. Screenshots go to target/screenshots.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogBrowserTests {

    private static final String DEVELOPER = "bcat-dev";
    private static final String PASSWORD = "bcat-password-1";

    @AutoClose("quit")
    private static HeadlessChromium browser;
    private static boolean loaded;

    @Inject
    CatalogFixtures fixtures;

    @Inject
    IdentityService identity;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(30));
    }

    /** No page of the test broke the Content-Security-Policy, and the last one was served with it. */
    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    /** A commands template with two environments on its 1.0, a CloudFormation one beside it, and a developer. */
    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        fixtures.template(TemplateType.ENVIRONMENT, "bcat-cmd", "Browser commands env", "Deployed by Pave's command runner");
        fixtures.publish(TemplateType.ENVIRONMENT, "bcat-cmd", null, PortalBundles.tarGz(PortalBundles.sandboxFiles()), null);
        fixtures.template(TemplateType.ENVIRONMENT, "bcat-cfn", "Browser CloudFormation env", "A VPC on CloudFormation");
        fixtures.publish(TemplateType.ENVIRONMENT, "bcat-cfn", null, PortalBundles.environment(), null);
        fixtures.deployedEnvironment("bcat-a", "bcat-cmd", 1, 0);
        fixtures.deployedEnvironment("bcat-b", "bcat-cmd", 1, 0);
        identity.createLocalUser(Caller.system(), DEVELOPER, PASSWORD, Set.of(Role.DEVELOPER), false);
        loaded = true;
    }

    @Test
    @Order(1)
    void anAdminDropsANewVersionsBundleAndPublishesIt() throws IOException {
        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("templates/environment/bcat-cmd");
        WebElement chart = browser.findElement(By.cssSelector("#adoption svg[role='img']"));
        assertEquals("Resources per version: 1.0: 2 environments", chart.getDomAttribute("aria-label"));
        assertTrue(browser.findElement(By.id("adoption")).getText().contains("2 environments in all."));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('adoption').scrollIntoView()");
        browser.screenshot("catalog-01-template-page");

        // the drop zone is the native file input: what a drop gives it, sendKeys gives it too
        WebElement bundleInput = browser.field("Bundle (.tar.gz, .tgz or .zip, at most 5 MB)");
        assertTrue(bundleInput.findElement(By.xpath("..")).getDomAttribute("class").contains("drop-zone"));
        Path bundle = Files.createTempFile("bcat-cmd", ".tar.gz");
        Files.write(bundle, PortalBundles.tarGz(PortalBundles.sandboxFiles()));
        bundleInput.sendKeys(bundle.toAbsolutePath().toString());
        browser.field("Major version").sendKeys("1");
        browser.findElement(By.cssSelector("#upload-panel [id='f-description']")).sendKeys("second minor");
        browser.findElement(By.cssSelector("button[aria-label='Upload version bundle']")).click();
        WebElement result = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='Registration result']")));
        assertTrue(result.getText().contains("Version 1.1 was created"), result.getText());
        Files.delete(bundle);

        browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Publish version 1.1']"))).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-1-1"), "Recommended"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("template-summary"), "Version 1.1"));
        WebElement inputs = browser.findElement(By.cssSelector("table[aria-label='Inputs of version 1.1']"));
        assertTrue(inputs.getText().contains("network_cidr"), inputs.getText());
        assertTrue(browser.findElement(By.id("version-1-1")).getText().contains("second minor"));
        browser.screenshot("catalog-02-published");
    }

    @Test
    @Order(2)
    void anAdminIsToldOffForABadRoleArn() {
        browser.open("admin/settings");
        WebElement role = browser.field("Pipeline service role ARN");
        role.clear();
        role.sendKeys("arn:aws:iam::42:role/too-short");
        browser.findElement(By.cssSelector("form[aria-label='Account settings'] button[type=submit]")).click();
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-pipelineServiceRoleArn-error")));
        assertTrue(error.getText().startsWith("Enter an IAM role ARN"), error.getText());
        assertEquals("arn:aws:iam::42:role/too-short", browser.field("Pipeline service role ARN").getDomProperty("value"), "the value is kept");
        browser.screenshot("catalog-03-account-settings");
    }

    @Test
    @Order(3)
    void aDeveloperFiltersTheCatalogByEngineInPlace() {
        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn(DEVELOPER, PASSWORD);
        browser.open("?text=bcat-");
        browser.until(d -> d.findElements(By.cssSelector("#catalog-list .card")).size() == 2);
        browser.screenshot("catalog-04-catalog");
        // a page reload would drop this marker; an htmx swap keeps it
        ((JavascriptExecutor) browser).executeScript("window.paveMarker = 'kept';");
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter templates by engine']"))).selectByVisibleText("Commands");
        browser.until(ExpectedConditions.urlContains("engine=commands"));
        browser.until(d -> d.findElements(By.cssSelector("#catalog-list .card")).size() == 1);
        String card = browser.findElement(By.cssSelector("#catalog-list .card")).getText();
        assertTrue(card.contains("Browser commands env") && card.contains("Commands") && card.contains("2 environments"), card);
        assertEquals("kept", ((JavascriptExecutor) browser).executeScript("return window.paveMarker;"));
        browser.screenshot("catalog-05-engine-filter");
    }
}
