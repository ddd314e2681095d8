package dev.pave.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
 * The pages in a real headless Chromium, as a platform admin uses them: sign in, create a template, upload a
 * bundle, publish it, filter the catalog, create an access key. One browser for the class; screenshots of each
 * page go to target/screenshots. Locators are ARIA labels and label texts, the hooks the pages promise.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTests {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static HeadlessChromium chromium;

    @TestHTTPResource("/")
    URL base;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(900);
        browser = chromium.driver();
        wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    @Order(1)
    void anAdminSignsIn() {
        open("account/password");
        assertTrue(browser.getCurrentUrl().endsWith("/login"), "anonymous users are sent to the login page");
        screenshot("01-login");
        field("Username").sendKeys("admin");
        field("Password").sendKeys(PaveTestResource.ADMIN_PASSWORD);
        browser.findElement(By.cssSelector("form[aria-label='Sign in'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav[aria-label='Main']")));
        open("");
        assertEquals("Template catalog", browser.findElement(By.tagName("h1")).getText());
        screenshot("02-catalog");
    }

    @Test
    @Order(2)
    void anAdminCreatesUploadsAndPublishesATemplate() throws IOException {
        open("admin/templates/new");
        browser.findElement(By.id("f-type-environment")).click();
        field("Name").sendKeys("browser-vpc");
        field("Display name").sendKeys("Browser VPC");
        field("Description").sendKeys("A VPC made in a real browser");
        screenshot("03-new-template");
        browser.findElement(By.cssSelector("form[aria-label='Create template'] button[type=submit]")).click();
        wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Browser VPC"));

        Path bundle = Files.createTempFile("browser-vpc", ".tar.gz");
        Files.write(bundle, TestBundles.environment());
        field("Bundle (.tar.gz, .tgz or .zip, at most 5 MB)").sendKeys(bundle.toAbsolutePath().toString());
        field("Description").sendKeys("first version");
        browser.findElement(By.cssSelector("button[aria-label='Upload version bundle']")).click();
        WebElement result = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='Registration result']")));
        assertTrue(result.getText().contains("Version 1.0 was created"), result.getText());
        assertTrue(result.getText().contains("Draft"), "the new version's status: " + result.getText());
        Files.delete(bundle);

        // the versions table reloads itself on the versionsChanged event
        WebElement publish = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Publish version 1.0']")));
        screenshot("04-uploaded");
        publish.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-1-0"), "Recommended"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("template-summary"), "1.0"));
        assertTrue(browser.findElement(By.id("version-1-0")).getText().contains("Published"));
        assertTrue(browser.findElement(By.cssSelector("table[aria-label='Inputs of version 1.0']")).getText().contains("vpc_cidr"));
        screenshot("05-published");
    }

    @Test
    @Order(3)
    void theCatalogFiltersInPlace() {
        open("");
        // a page reload would drop this marker; an htmx swap keeps it
        ((JavascriptExecutor) browser).executeScript("window.paveMarker = 'kept';");
        WebElement search = browser.findElement(By.cssSelector("[aria-label='Filter templates by text']"));
        search.sendKeys("browser-vpc");
        // the pushed URL shows the last keystroke's answer has been swapped in
        wait.until(ExpectedConditions.urlContains("text=browser-vpc"));
        wait.until(d -> d.findElements(By.cssSelector("#catalog-list .card")).size() == 1);
        WebElement card = browser.findElement(By.cssSelector("#catalog-list .card"));
        assertTrue(card.getText().contains("Browser VPC"), card.getText());
        assertTrue(card.getText().contains("1.0"), "recommended version on the card: " + card.getText());
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter templates by kind']"))).selectByValue("service");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("catalog-list"), "No templates match."));
        assertEquals("kept", ((JavascriptExecutor) browser).executeScript("return window.paveMarker;"));
        assertTrue(browser.getCurrentUrl().contains("kind=service"), "the filter is in the URL: " + browser.getCurrentUrl());
        screenshot("06-catalog-filtered");
    }

    @Test
    @Order(4)
    void anAccessKeySecretIsShownOnce() {
        open("account/keys");
        field("Description").sendKeys("browser test key");
        browser.findElement(By.cssSelector("form[aria-label='Create access key'] button[type=submit]")).click();
        WebElement snippet = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='New access key credentials']")));
        String credentials = snippet.getText();
        assertTrue(credentials.startsWith("[pave]\naws_access_key_id = PAVE"), credentials);
        String secret = credentials.substring(credentials.indexOf("aws_secret_access_key = ") + "aws_secret_access_key = ".length()).strip();
        assertFalse(secret.isEmpty());
        assertTrue(browser.findElement(By.cssSelector("button[aria-label='Copy credentials']")).isDisplayed());
        screenshot("07-new-access-key");

        open("account/keys");
        assertTrue(browser.findElements(By.cssSelector("[aria-label='New access key credentials']")).isEmpty());
        assertFalse(browser.getPageSource().contains(secret), "the secret is never shown again");
        assertTrue(browser.getPageSource().contains("browser test key"));
        screenshot("08-access-keys");
    }

    @Test
    @Order(5)
    void anAdminSignsOut() {
        open("");
        browser.findElement(By.cssSelector("summary[aria-label='User menu']")).click();
        browser.findElement(By.cssSelector("button[aria-label='Log out']")).click();
        wait.until(ExpectedConditions.urlToBe(base + "login"));
        open("");
        assertTrue(browser.getCurrentUrl().endsWith("/login"), "signed out: " + browser.getCurrentUrl());
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
            throw new java.io.UncheckedIOException(e);
        }
    }
}
