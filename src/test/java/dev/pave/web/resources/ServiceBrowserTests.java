package dev.pave.web.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.ServiceFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A developer creates a service with two instances in a real headless Chromium: picks the hello template, adds a
 * second instance block (htmx), removes a third, makes a mistake the server flags as they type and again on submit
 * (every value kept), reviews the spec and creates it, then watches the service page until both instances and the
 * pipeline have SUCCEEDED. Screenshots of each step go to target/screenshots.
 */
@QuarkusTest
class ServiceBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @Inject
    ServiceFixtures fixtures;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1600, Duration.ofSeconds(60));
    }

    /** No page of the test broke the Content-Security-Policy, and the last one was served with it. */
    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @BeforeEach
    void load() {
        fixtures.load();
    }

    @Test
    void aDeveloperCreatesAServiceWithTwoInstancesThroughAMistake() {
        browser.open("services");
        browser.signIn(PortalFixtures.DEVELOPER, PortalFixtures.PASSWORD);
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "My services"));
        browser.screenshot("services-01-list");

        browser.findElement(By.cssSelector("a[aria-label='Create service']")).click();
        WebElement filter = browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[aria-label='Filter service templates by text']")));
        filter.sendKeys("with a pipeline");
        // the list narrows in place: the sample is "with a pipeline", its copy "without pipeline"
        browser.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("a[aria-label='Use template " + ServiceFixtures.NO_PIPELINE + "']")));
        browser.screenshot("services-02-choose-template");
        // a later keystroke's answer may still replace the list: click the link as it is once the list settles
        browser.until(d -> {
            try {
                d.findElement(By.cssSelector("a[aria-label='Use template " + ServiceFixtures.HELLO + "']")).click();
                return true;
            } catch (StaleElementReferenceException replaced) {
                return false;
            }
        });
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Create service']")));
        assertEquals("1.0", new Select(browser.findElement(By.id("f-choose-version"))).getFirstSelectedOption().getDomAttribute("value"));

        browser.findElement(By.id("f-name")).sendKeys("browser-svc");
        browser.findElement(By.id("f-description")).sendKeys("made in a browser");
        browser.findElement(By.id("f-repositoryConnectionArn")).sendKeys(ServiceFixtures.CONNECTION);
        browser.findElement(By.id("f-repositoryId")).sendKeys("acme/browser-svc");
        WebElement branch = browser.findElement(By.id("pipeline-in-branch"));
        branch.clear();
        branch.sendKeys("release");

        browser.findElement(By.id("f-instance.0.name")).sendKeys("dev");
        new Select(browser.findElement(By.id("f-instance.0.environment"))).selectByValue(ServiceFixtures.SANDBOX_A);
        WebElement greeting = browser.findElement(By.id("instance-0-in-greeting"));
        greeting.clear();
        greeting.sendKeys("hello dev");

        // two more blocks, fetched as fragments; the third is removed again; what was typed stays
        browser.findElement(By.cssSelector("button[aria-label='Add instance']")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.id("instance-1")));
        browser.findElement(By.cssSelector("button[aria-label='Add instance']")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.id("instance-2")));
        browser.findElement(By.cssSelector("button[aria-label='Remove instance 2']")).click();
        browser.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("fieldset.instance"), 2));
        assertEquals("hello dev", browser.findElement(By.id("instance-0-in-greeting")).getDomProperty("value"));

        browser.findElement(By.id("f-instance.1.name")).sendKeys("prod");
        new Select(browser.findElement(By.id("f-instance.1.environment"))).selectByValue(ServiceFixtures.SANDBOX_B);
        WebElement replicas = browser.findElement(By.id("instance-1-in-replicas"));
        replicas.clear();
        replicas.sendKeys("11", Keys.TAB);
        // checked on the server as the user types, next to that instance's field only
        WebElement inline = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("instance-1-in-replicas-error")));
        assertTrue(inline.getText().startsWith("Must be"), inline.getText());
        assertTrue(!browser.findElement(By.id("instance-0-in-replicas-error")).isDisplayed());
        scrollTo(browser.findElement(By.id("instance-1")));
        browser.screenshot("services-03-inline-error");

        browser.findElement(By.cssSelector("button[aria-label='Review service']")).click();
        browser.until(ExpectedConditions.stalenessOf(inline)); // the page the form posts back, not the error typed before it
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("instance-1-in-replicas-error")));
        assertTrue(error.getText().startsWith("Must be"), error.getText());
        assertEquals("11", browser.findElement(By.id("instance-1-in-replicas")).getDomProperty("value"), "the bad value is kept");
        assertEquals("browser-svc", browser.findElement(By.id("f-name")).getDomProperty("value"));
        assertEquals("release", browser.findElement(By.id("pipeline-in-branch")).getDomProperty("value"));
        assertEquals("hello dev", browser.findElement(By.id("instance-0-in-greeting")).getDomProperty("value"));
        assertEquals("prod", browser.findElement(By.id("f-instance.1.name")).getDomProperty("value"));
        assertEquals(ServiceFixtures.SANDBOX_B, new Select(browser.findElement(By.id("f-instance.1.environment"))).getFirstSelectedOption()
                .getDomAttribute("value"));
        scrollTo(browser.findElement(By.id("instance-1")));
        browser.screenshot("services-04-submit-error");

        replicas = browser.findElement(By.id("instance-1-in-replicas"));
        replicas.clear();
        replicas.sendKeys("3");
        browser.findElement(By.cssSelector("button[aria-label='Review service']")).click();
        WebElement spec = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre[aria-label='Service spec']")));
        assertTrue(spec.getText().startsWith("proton: ServiceSpec\npipeline:\n  branch: release\ninstances:\n  - name: dev"), spec.getText());
        assertTrue(spec.getText().contains("  - name: prod\n    environment: " + ServiceFixtures.SANDBOX_B + "\n    spec:\n      greeting: Hello from Pave\n      replicas: 3"),
                spec.getText());
        assertTrue(browser.findElement(By.cssSelector("button[aria-label='Copy spec']")).isDisplayed());
        browser.screenshot("services-05-review");

        browser.findElement(By.cssSelector("button[aria-label='Create service']")).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "browser-svc"));
        browser.screenshot("services-06-service-deploying");
        // the status panel polls while the deployments run, then settles
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("service-status"), "ACTIVE"));
        WebElement instances = browser.findElement(By.cssSelector("table[aria-label='Instances']"));
        assertEquals(2, instances.findElements(By.cssSelector("[aria-label='Status SUCCEEDED']")).size(), instances.getText());
        assertTrue(browser.findElement(By.cssSelector("dl[aria-label='Pipeline']")).getText().contains("SUCCEEDED"));
        browser.screenshot("services-07-service-active");

        // edit offers the same instance block; delete names what goes
        browser.findElement(By.cssSelector("a[aria-label='Edit service']")).click();
        browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Add instance']"))).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.id("instance-0")));
        assertTrue(browser.findElement(By.id("f-remove-dev")).isDisplayed());
        browser.screenshot("services-08-edit");
        browser.open("services/browser-svc/delete");
        assertTrue(browser.findElement(By.cssSelector("ul[aria-label='What will be removed']")).getText().contains("instance prod in environment "
                + ServiceFixtures.SANDBOX_B));
        browser.screenshot("services-09-delete-confirmation");
    }

    private static void scrollTo(WebElement element) {
        browser.executeScript("arguments[0].scrollIntoView({block: 'start'})", element);
    }
}
