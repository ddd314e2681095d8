package dev.pave.web.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.service.ServiceInstance;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PortalFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * Service instances in a real headless Chromium: a hello-service copy deployed on the command runner in a sandbox
 * environment, found in the instance list, then updated from its page's notice once a new minor of its template
 * is published, the live log followed to SUCCEEDED. Screenshots of the instance, pipeline, component and list pages
 * go to target/screenshots.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InstanceBrowserTests {

    static final String TEMPLATE = "br-hello";
    static final String ENVIRONMENT = "br-env";
    static final String SERVICE = "br-svc";
    static final String PAGE = "services/" + SERVICE + "/instances/dev";

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @Inject
    PortalFixtures fixtures;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1400, Duration.ofSeconds(30));
    }

    /** No page of the test broke the Content-Security-Policy, and the last one was served with it. */
    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @BeforeEach
    void load() {
        fixtures.helloService(SERVICE, TEMPLATE, ENVIRONMENT);
    }

    @Test
    @Order(1)
    void aDeveloperFindsTheInstanceInTheFilteredList() {
        browser.open("instances");
        browser.signIn(PortalFixtures.DEVELOPER, PortalFixtures.PASSWORD);
        browser.open("instances");
        assertTrue(browser.findElement(By.cssSelector("nav[aria-label='Main']")).getText().contains("Instances"));

        // the table changes in place as the filters change: no page load, the URL follows
        browser.findElement(By.cssSelector("[aria-label='Filter instances by text']")).sendKeys(SERVICE);
        browser.until(d -> d.findElements(By.cssSelector("#instance-list tbody a[aria-label^='Instance ']")).size() == 1);
        browser.until(ExpectedConditions.urlContains("text=" + SERVICE));
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter instances by deployment status']"))).selectByValue("FAILED");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("instance-list"), "No service instances match."));
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter instances by deployment status']"))).selectByValue("SUCCEEDED");
        WebElement row = browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("a[aria-label='Instance " + SERVICE + "/dev']")));
        WebElement environment = browser.findElement(By.cssSelector("#instance-list tbody tr td:nth-of-type(2)"));
        assertEquals(ENVIRONMENT, environment.getText());
        browser.screenshot("instances-01-list");
        row.click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "dev"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl[aria-label='Outputs']"), "Greeting"));
        assertTrue(browser.findElement(By.cssSelector("pre[aria-label='Applied provision.sh']")).getDomProperty("textContent").contains("replica"));
        browser.screenshot("instances-02-instance");
    }

    @Test
    @Order(2)
    void theEditFormRefusesABadValueByItsField() {
        browser.open(PAGE);
        browser.findElement(By.cssSelector("a[aria-label='Edit service instance']")).click();
        WebElement replicas = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("in-replicas")));
        assertEquals("hi", browser.findElement(By.id("in-greeting")).getDomProperty("value"));
        replicas.clear();
        replicas.sendKeys("99", Keys.TAB);
        WebElement inline = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("in-replicas-error")));
        assertEquals("Must be at most 10.", inline.getText());
        browser.screenshot("instances-03-edit-error");
    }

    @Test
    @Order(3)
    void theUpdateNoticeMovesTheInstanceToTheNewMinorWhileTheLogStreams() {
        fixtures.awaitInstance(SERVICE, "dev", i -> i.deployment.status == DeploymentStatus.SUCCEEDED);
        String minor = fixtures.publishNextHelloMinor(TEMPLATE, "Hello from the browser test");
        browser.open(PAGE);
        WebElement notice = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='Update available']")));
        assertTrue(notice.getText().contains(minor + " is recommended; you run 1.0"), notice.getText());
        browser.screenshot("instances-04-update-notice");
        String before = browser.findElement(By.id("deployment-log")).getDomAttribute("data-events");
        browser.findElement(By.cssSelector("button[aria-label='Update to " + minor + "']")).click();
        // the status panel swaps in the new deployment, whose log streams until it ends and the panels refresh
        browser.until(d -> !before.equals(d.findElement(By.id("deployment-log")).getDomAttribute("data-events")));
        browser.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("instance-status"), "Version\n" + minor));
        browser.until(d -> d.findElements(By.cssSelector("[aria-label='Update available']")).isEmpty());
        ServiceInstance updated = fixtures.awaitInstance(SERVICE, "dev", i -> i.deployment.status == DeploymentStatus.SUCCEEDED);
        assertEquals(minor, updated.version());
        browser.screenshot("instances-05-updated");
    }

    @Test
    @Order(4)
    void thePipelineAndComponentPagesShowTheirDeployments() {
        browser.open("services/" + SERVICE + "/pipeline");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl[aria-label='Outputs']"), "PipelineBranch"));
        assertTrue(browser.findElement(By.cssSelector("[aria-label='Deleting the pipeline']")).getText().contains("can't be deleted on its own"));
        browser.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        browser.screenshot("instances-06-pipeline");

        fixtures.component("br-topic", null, SERVICE, "dev", """
                Resources:
                  Topic:
                    Type: AWS::SNS::Topic
                    Properties:
                      TopicName: "{{ service.name }}-{{ service_instance.name }}-{{ component.name }}"
                """);
        browser.open("components?service=" + SERVICE);
        browser.findElement(By.cssSelector("a[aria-label='Component br-topic']")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h1"), "br-topic"));
        browser.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        assertTrue(browser.findElement(By.id("component-status")).getText().contains(SERVICE + "/dev"));
        browser.screenshot("instances-07-component");
    }
}
