package dev.pave.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.service.ServiceInstance;
import dev.pave.testing.HeadlessChromium;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Service instances in a real headless Chromium: a hello-service copy deployed on the command runner in a sandbox
 * environment, found in the instance list, then updated from its page's notice once a new minor of its template
 * is published, the live log followed to SUCCEEDED. Screenshots of the instance, pipeline, component and list pages
 * go to target/screenshots.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceBrowserTests {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String TEMPLATE = "br-hello";
    static final String ENVIRONMENT = "br-env";
    static final String SERVICE = "br-svc";
    static final String PAGE = "services/" + SERVICE + "/instances/dev";

    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static HeadlessChromium chromium;

    @TestHTTPResource("/")
    URL base;

    @Inject
    PortalFixtures fixtures;

    @BeforeAll
    static void startBrowser() throws IOException {
        chromium = HeadlessChromium.start(1400);
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

    @BeforeEach
    void load() {
        fixtures.load();
        fixtures.helloTemplate(TEMPLATE);
        fixtures.sandbox(ENVIRONMENT);
        fixtures.service(SERVICE, TEMPLATE, "dev", ENVIRONMENT);
    }

    @Test
    @Order(1)
    void aDeveloperFindsTheInstanceInTheFilteredList() {
        open("instances");
        field("Username").sendKeys(PortalFixtures.DEVELOPER);
        field("Password").sendKeys(PortalFixtures.PASSWORD);
        browser.findElement(By.cssSelector("form[aria-label='Sign in'] button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav[aria-label='Main']")));
        open("instances");
        assertTrue(browser.findElement(By.cssSelector("nav[aria-label='Main']")).getText().contains("Instances"));

        // the table changes in place as the filters change: no page load, the URL follows
        browser.findElement(By.cssSelector("[aria-label='Filter instances by text']")).sendKeys(SERVICE);
        wait.until(d -> d.findElements(By.cssSelector("#instance-list tbody a[aria-label^='Instance ']")).size() == 1);
        wait.until(ExpectedConditions.urlContains("text=" + SERVICE));
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter instances by deployment status']"))).selectByValue("FAILED");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("instance-list"), "No service instances match."));
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter instances by deployment status']"))).selectByValue("SUCCEEDED");
        WebElement row = wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[aria-label='Instance " + SERVICE + "/dev']")));
        WebElement environment = browser.findElement(By.cssSelector("#instance-list tbody tr td:nth-of-type(2)"));
        assertEquals(ENVIRONMENT, environment.getText());
        screenshot("instances-01-list");
        row.click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "dev"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl[aria-label='Outputs']"), "Greeting"));
        assertTrue(browser.findElement(By.cssSelector("pre[aria-label='Applied provision.sh']")).getDomProperty("textContent").contains("replica"));
        screenshot("instances-02-instance");
    }

    @Test
    @Order(2)
    void theEditFormRefusesABadValueByItsField() {
        open(PAGE);
        browser.findElement(By.cssSelector("a[aria-label='Edit service instance']")).click();
        WebElement replicas = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("in-replicas")));
        assertEquals("hi", browser.findElement(By.id("in-greeting")).getDomProperty("value"));
        replicas.clear();
        replicas.sendKeys("99", Keys.TAB);
        WebElement inline = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("in-replicas-error")));
        assertEquals("Must be at most 10.", inline.getText());
        screenshot("instances-03-edit-error");
    }

    @Test
    @Order(3)
    void theUpdateNoticeMovesTheInstanceToTheNewMinorWhileTheLogStreams() {
        fixtures.awaitInstance(SERVICE, "dev", i -> i.deploymentStatus == DeploymentStatus.SUCCEEDED);
        String minor = fixtures.publishNextHelloMinor(TEMPLATE, "Hello from the browser test");
        open(PAGE);
        WebElement notice = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='Update available']")));
        assertTrue(notice.getText().contains(minor + " is recommended; you run 1.0"), notice.getText());
        screenshot("instances-04-update-notice");
        String before = browser.findElement(By.id("deployment-log")).getDomAttribute("data-events");
        browser.findElement(By.cssSelector("button[aria-label='Update to " + minor + "']")).click();
        // the status panel swaps in the new deployment, whose log streams until it ends and the panels refresh
        wait.until(d -> !before.equals(d.findElement(By.id("deployment-log")).getDomAttribute("data-events")));
        wait.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("instance-status"), "Version\n" + minor));
        wait.until(d -> d.findElements(By.cssSelector("[aria-label='Update available']")).isEmpty());
        ServiceInstance updated = fixtures.awaitInstance(SERVICE, "dev", i -> i.deploymentStatus == DeploymentStatus.SUCCEEDED);
        assertEquals(minor, updated.version());
        screenshot("instances-05-updated");
    }

    @Test
    @Order(4)
    void thePipelineAndComponentPagesShowTheirDeployments() {
        open("services/" + SERVICE + "/pipeline");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl[aria-label='Outputs']"), "PipelineBranch"));
        assertTrue(browser.findElement(By.cssSelector("[aria-label='Deleting the pipeline']")).getText().contains("can't be deleted on its own"));
        wait.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        screenshot("instances-06-pipeline");

        fixtures.component("br-topic", null, SERVICE, "dev", """
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                    Properties:
                      TopicName: "{{ service.name }}-{{ service_instance.name }}-{{ component.name }}"
                """);
        open("components?service=" + SERVICE);
        browser.findElement(By.cssSelector("a[aria-label='Component br-topic']")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "br-topic"));
        wait.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        assertTrue(browser.findElement(By.id("component-status")).getText().contains(SERVICE + "/dev"));
        screenshot("instances-07-component");
    }

    private void open(String path) {
        browser.get(base + path);
    }

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
