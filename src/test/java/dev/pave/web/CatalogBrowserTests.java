package dev.pave.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.identity.IdentityService;
import dev.pave.identity.Role;
import dev.pave.template.TemplateType;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The catalog and template pages in a real headless Chromium: an admin reads a template's adoption chart, drops a
 * new minor version's bundle on the upload box and publishes it, and is told off for a bad role ARN in the account
 * settings; a developer filters the catalog by engine in place. Screenshots go to target/screenshots.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogBrowserTests {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final String DEVELOPER = "bcat-dev";
    private static final String PASSWORD = "bcat-password-1";

    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static HeadlessChromium chromium;
    private static boolean loaded;

    @TestHTTPResource("/")
    URL base;

    @Inject
    CatalogFixtures fixtures;

    @Inject
    IdentityService identity;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1100);
        browser = chromium.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // htmx swaps panels while a condition reads them
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** A commands template with two environments on its 1.0, a CloudFormation one beside it, and a developer. */
    @BeforeEach
    void load() {
        if (loaded) {
            return;
        }
        fixtures.template(TemplateType.ENVIRONMENT, "bcat-cmd", "Browser commands env", "Deployed by Pave's command runner");
        fixtures.publish(TemplateType.ENVIRONMENT, "bcat-cmd", null, TestBundles.tarGz(TestBundles.sandboxFiles()), null);
        fixtures.template(TemplateType.ENVIRONMENT, "bcat-cfn", "Browser CloudFormation env", "A VPC on CloudFormation");
        fixtures.publish(TemplateType.ENVIRONMENT, "bcat-cfn", null, TestBundles.environment(), null);
        fixtures.deployedEnvironment("bcat-a", "bcat-cmd", 1, 0);
        fixtures.deployedEnvironment("bcat-b", "bcat-cmd", 1, 0);
        identity.createLocalUser(Caller.system(), DEVELOPER, PASSWORD, Set.of(Role.DEVELOPER), false);
        loaded = true;
    }

    @Test
    @Order(1)
    void anAdminDropsANewVersionsBundleAndPublishesIt() throws IOException {
        signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        open("templates/environment/bcat-cmd");
        WebElement chart = browser.findElement(By.cssSelector("#adoption svg[role='img']"));
        assertEquals("Resources per version: 1.0: 2 environments", chart.getDomAttribute("aria-label"));
        assertTrue(browser.findElement(By.id("adoption")).getText().contains("2 environments in all."));
        ((JavascriptExecutor) browser).executeScript("document.getElementById('adoption').scrollIntoView()");
        screenshot("catalog-01-template-page");

        // the drop zone is the native file input: what a drop gives it, sendKeys gives it too
        WebElement bundleInput = field("Bundle (.tar.gz, .tgz or .zip, at most 5 MB)");
        assertTrue(bundleInput.findElement(By.xpath("..")).getDomAttribute("class").contains("drop-zone"));
        Path bundle = Files.createTempFile("bcat-cmd", ".tar.gz");
        Files.write(bundle, TestBundles.tarGz(TestBundles.sandboxFiles()));
        bundleInput.sendKeys(bundle.toAbsolutePath().toString());
        field("Major version").sendKeys("1");
        browser.findElement(By.cssSelector("#upload-panel [id='f-description']")).sendKeys("second minor");
        browser.findElement(By.cssSelector("button[aria-label='Upload version bundle']")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='Registration result']")));
        assertTrue(result.getText().contains("Version 1.1 was created"), result.getText());
        Files.delete(bundle);

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Publish version 1.1']"))).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-1-1"), "Recommended"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("template-summary"), "Version 1.1"));
        WebElement inputs = browser.findElement(By.cssSelector("table[aria-label='Inputs of version 1.1']"));
        assertTrue(inputs.getText().contains("network_cidr"), inputs.getText());
        assertTrue(browser.findElement(By.id("version-1-1")).getText().contains("second minor"));
        screenshot("catalog-02-published");
    }

    @Test
    @Order(2)
    void anAdminIsToldOffForABadRoleArn() {
        open("admin/settings");
        WebElement role = field("Pipeline service role ARN");
        role.clear();
        role.sendKeys("arn:aws:iam::42:role/too-short");
        browser.findElement(By.cssSelector("form[aria-label='Account settings'] button[type=submit]")).click();
        WebElement error = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-pipelineServiceRoleArn-error")));
        assertTrue(error.getText().startsWith("Enter an IAM role ARN"), error.getText());
        assertEquals("arn:aws:iam::42:role/too-short", field("Pipeline service role ARN").getDomProperty("value"), "the value is kept");
        screenshot("catalog-03-account-settings");
    }

    @Test
    @Order(3)
    void aDeveloperFiltersTheCatalogByEngineInPlace() {
        browser.manage().deleteAllCookies();
        signIn(DEVELOPER, PASSWORD);
        open("?text=bcat-");
        wait.until(d -> d.findElements(By.cssSelector("#catalog-list .card")).size() == 2);
        screenshot("catalog-04-catalog");
        // a page reload would drop this marker; an htmx swap keeps it
        ((JavascriptExecutor) browser).executeScript("window.paveMarker = 'kept';");
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter templates by engine']"))).selectByVisibleText("Commands");
        wait.until(ExpectedConditions.urlContains("engine=commands"));
        wait.until(d -> d.findElements(By.cssSelector("#catalog-list .card")).size() == 1);
        String card = browser.findElement(By.cssSelector("#catalog-list .card")).getText();
        assertTrue(card.contains("Browser commands env") && card.contains("Commands") && card.contains("2 environments"), card);
        assertEquals("kept", ((JavascriptExecutor) browser).executeScript("return window.paveMarker;"));
        screenshot("catalog-05-engine-filter");
    }

    private void signIn(String username, String password) {
        open("account/password");
        field("Username").sendKeys(username);
        field("Password").sendKeys(password);
        browser.findElement(By.cssSelector("form[aria-label='Sign in'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav[aria-label='Main']")));
    }

    private void open(String path) {
        browser.get(base + path);
    }

    /** The form control a visible label names, as a person finds it. */
    private static WebElement field(String label) {
        WebElement l = browser.findElement(By.xpath("//label[normalize-space(text())='" + label + "']"));
        return browser.findElement(By.id(l.getDomAttribute("for")));
    }

    private static void screenshot(String name) {
        try {
            Files.move(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
