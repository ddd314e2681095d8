package dev.pave.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PortalFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
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
 * The portal in a real headless Chromium: create an environment from the walkthrough's ECS schema through a
 * validation error and back, deploy a sandbox and watch its log stream to SUCCEEDED, update it from the notice
 * once a newer minor is published. Screenshots of each page go to target/screenshots.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PortalBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @Inject
    PortalFixtures fixtures;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1000, Duration.ofSeconds(30));
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
    @Order(1)
    void aDeveloperSignsIn() {
        browser.open("environments");
        browser.signIn(PortalFixtures.DEVELOPER, PortalFixtures.PASSWORD);
        browser.open("environments");
        assertEquals("Environments", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.cssSelector("nav[aria-label='Main']")).getText().contains("Deployments"));
        browser.screenshot("portal-01-environments");
    }

    @Test
    @Order(2)
    void theSeedTemplatesFormRefusesABadCidrKeepsValuesAndThenCreates() {
        browser.open("environments/new?text=" + PortalFixtures.SEED_TEMPLATE);
        browser.screenshot("portal-02-choose-template");
        browser.findElement(By.cssSelector("a[aria-label='Use template " + PortalFixtures.SEED_TEMPLATE + "']")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Create environment']")));
        assertEquals("1.0", new Select(browser.field("Template version")).getFirstSelectedOption().getDomAttribute("value"));

        browser.field("Name").sendKeys("browser-ecs");
        browser.field("Description").sendKeys("made in a browser");
        browser.findElement(By.id("f-provisioning-serviceRole")).click();
        browser.field("Service role ARN").sendKeys("arn:aws:iam::123456789012:role/proton-service");
        new Select(browser.findElement(By.id("in-log_retention_days"))).selectByValue("14");
        browser.findElement(By.id("in-nat_gateway_count-2")).click();
        WebElement cidr = browser.findElement(By.id("in-vpc_cidr"));
        cidr.clear();
        cidr.sendKeys("10.0.0.0/99x", Keys.TAB);
        // checked on the server as the user types, shown next to the field
        WebElement inline = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("in-vpc_cidr-error")));
        assertEquals("Must look like 10.0.0.0/16.", inline.getText(), "the schema's default shows the shape, not its regex");
        browser.screenshot("portal-03-inline-error");

        browser.findElement(By.cssSelector("button[aria-label='Review environment']")).click();
        browser.until(ExpectedConditions.stalenessOf(inline)); // the page the form posts back, not the error typed before it
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("in-vpc_cidr-error")));
        assertEquals("Must look like 10.0.0.0/16.", error.getText());
        assertEquals("10.0.0.0/99x", browser.findElement(By.id("in-vpc_cidr")).getDomProperty("value"), "the bad value is kept");
        assertEquals("browser-ecs", browser.field("Name").getDomProperty("value"));
        assertEquals("14", new Select(browser.findElement(By.id("in-log_retention_days"))).getFirstSelectedOption().getText());
        assertTrue(browser.findElement(By.id("in-nat_gateway_count-2")).isSelected(), "the chosen radio is kept");
        browser.screenshot("portal-04-submit-error");

        cidr = browser.findElement(By.id("in-vpc_cidr"));
        cidr.clear();
        cidr.sendKeys("10.77.0.0/16");
        browser.findElement(By.cssSelector("button[aria-label='Review environment']")).click();
        WebElement spec = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre[aria-label='Environment spec']")));
        assertTrue(spec.getText().startsWith("proton: EnvironmentSpec"), spec.getText());
        assertTrue(spec.getText().contains("log_retention_days: 14"), spec.getText());
        assertTrue(browser.findElement(By.cssSelector("pre[aria-label='Rendered infrastructure/cloudformation.yaml']")).getText().contains("10.77.0.0/16"));
        browser.screenshot("portal-05-review");

        browser.findElement(By.cssSelector("button[aria-label='Create environment']")).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "browser-ecs"));
        // the status section (and the log in it) is rendered again as the deployment moves: look it up until shown
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("deployment-log")));
        browser.screenshot("portal-06-ecs-environment");
    }

    @Test
    @Order(3)
    void aSandboxsLiveLogReachesSucceededAndItsOutputsShow() {
        browser.open("environments/new?template=" + PortalFixtures.SANDBOX);
        browser.field("Name").sendKeys("browser-sbx");
        browser.field("CodeBuild role ARN").sendKeys("arn:aws:iam::123456789012:role/codebuild");
        browser.findElement(By.cssSelector("button[aria-label='Review environment']")).click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre[aria-label='Environment spec']")));
        // Back returns to the form (pave.js goes back in the history), and the review is reached again
        browser.findElement(By.linkText("Back")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Create environment']")));
        WebElement name = browser.field("Name");
        name.clear();
        name.sendKeys("browser-sbx");
        WebElement role = browser.field("CodeBuild role ARN");
        role.clear();
        role.sendKeys("arn:aws:iam::123456789012:role/codebuild");
        browser.findElement(By.cssSelector("button[aria-label='Review environment']")).click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre[aria-label='Environment spec']")));
        WebElement copy = browser.findElement(By.cssSelector("button[aria-label='Copy spec']"));
        copy.click();
        browser.until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));
        browser.findElement(By.cssSelector("button[aria-label='Create environment']")).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "browser-sbx"));
        browser.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        // the status panel reloads when the log ends, and its log replays the stored lines
        browser.until(d -> {
            String log = d.findElement(By.id("deployment-log")).getText();
            return log.contains("Sandbox sbx-") && log.contains("Deployment SUCCEEDED");
        });
        // the panels refresh on the deploymentChanged event the log's end fires
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("dl[aria-label='Outputs']"), "SandboxId"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("environment-status"), "SUCCEEDED"));
        browser.screenshot("portal-07-sandbox-succeeded");

        // a reload shows the same log, read again from the stored events
        browser.navigate().refresh();
        browser.until(d -> {
            String log = d.findElement(By.id("deployment-log")).getText();
            return log.contains("Sandbox sbx-") && log.contains("Deployment SUCCEEDED");
        });
    }

    @Test
    @Order(4)
    void theUpdateNoticeStartsTheMinorVersionDeployment() {
        String minor = fixtures.publishNextSandboxMinor("published by the browser test");
        browser.open("environments/browser-sbx");
        WebElement notice = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='Update available']")));
        assertTrue(notice.getText().contains(minor + " is recommended; you run "), notice.getText());
        browser.screenshot("portal-08-update-notice");
        browser.findElement(By.cssSelector("button[aria-label='Update to " + minor + "']")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("environment-status"), "Version\n" + minor));
        browser.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        browser.until(d -> d.findElements(By.cssSelector("[aria-label='Update available']")).isEmpty());
        browser.screenshot("portal-09-updated");
    }

    @Test
    @Order(5)
    void deploymentsAreListedAndShown() {
        browser.open("deployments?environment=browser-sbx");
        List<WebElement> rows = browser.findElements(By.cssSelector("#deployment-list tbody tr"));
        assertEquals(2, rows.size(), "create and update");
        browser.screenshot("portal-10-deployments");
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter deployments by status']"))).selectByValue("FAILED");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("deployment-list"), "No deployments."));
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter deployments by status']"))).selectByValue("SUCCEEDED");
        browser.until(d -> d.findElements(By.cssSelector("#deployment-list tbody tr a[aria-label^='Deployment ']")).size() == 2);
        browser.findElements(By.cssSelector("#deployment-list tbody tr a[aria-label^='Deployment ']")).get(0).click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre[aria-label='Target state']")));
        browser.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment SUCCEEDED"));
        browser.screenshot("portal-11-deployment");
        browser.open("environments/browser-sbx/delete");
        assertTrue(browser.findElement(By.tagName("h1")).getText().contains("Delete browser-sbx?"));
        browser.screenshot("portal-12-delete-confirmation");
    }

    @Test
    @Order(6)
    void choosingAnotherVersionReloadsTheFormKeepingWhatWasTyped() {
        browser.open("environments/new?template=" + PortalFixtures.SANDBOX);
        browser.field("Name").sendKeys("browser-switch");
        Select versions = new Select(browser.field("Template version"));
        String chosen = versions.getFirstSelectedOption().getDomAttribute("value");
        String other = versions.getOptions().stream().map(o -> o.getDomAttribute("value")).filter(v -> !v.equals(chosen)).findFirst()
                .orElseThrow(() -> new AssertionError("the sandbox has one published version only"));
        // pave.js clicks the form's "Use the chosen version" button on change
        versions.selectByValue(other);
        WebElement switched = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='Version switched']")));
        assertTrue(switched.getText().startsWith("Now on " + other), switched.getText());
        assertEquals(other, new Select(browser.field("Template version")).getFirstSelectedOption().getDomAttribute("value"));
        assertEquals("browser-switch", browser.field("Name").getDomProperty("value"));
    }

    @Test
    @Order(7)
    void anArrayInputAddsChecksAndRemovesRows() {
        fixtures.zonesTemplate();
        browser.open("environments/new?template=" + PortalFixtures.ZONES);
        WebElement add = browser.findElement(By.cssSelector("button[aria-label='Add a row to " + PortalFixtures.ZONES_TITLE + "']"));
        add.click();
        WebElement first = browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#in-zones-rows li.row input")));
        assertEquals(PortalFixtures.ZONES_TITLE + " new", first.getDomAttribute("aria-label"), "the title arrives intact");
        // the new row checks itself against this template as the user types
        first.sendKeys("Not A Zone", Keys.TAB);
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("in-zones-error")));
        assertTrue(error.getText().startsWith("Must match the pattern"), error.getText());
        add.click();
        browser.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#in-zones-rows li.row"), 2));
        browser.findElements(By.cssSelector("#in-zones-rows li.row input")).get(1).sendKeys("eu-1");
        browser.screenshot("portal-13-array-rows");
        browser.findElements(By.cssSelector("#in-zones-rows li.row button")).get(0).click();
        browser.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#in-zones-rows li.row"), 1));
        assertEquals("eu-1", browser.findElement(By.cssSelector("#in-zones-rows li.row input")).getDomProperty("value"));
    }

    @Test
    @Order(8)
    void theFormShowsTheChosenProvisioningsFieldsAndChecksEachAsItIsTyped() {
        browser.open("environments/new?template=" + PortalFixtures.SANDBOX);
        WebElement codebuild = browser.field("CodeBuild role ARN");
        WebElement serviceRole = browser.field("Service role ARN");
        WebElement repository = browser.field("Repository");
        assertTrue(codebuild.isDisplayed() && !serviceRole.isDisplayed() && !repository.isDisplayed(), "commands by default");
        browser.findElement(By.id("f-provisioning-serviceRole")).click();
        browser.until(ExpectedConditions.visibilityOf(serviceRole));
        assertTrue(!codebuild.isDisplayed() && !repository.isDisplayed());
        browser.findElement(By.id("f-provisioning-repository")).click();
        browser.until(ExpectedConditions.visibilityOf(repository));
        browser.screenshot("portal-14-repository-fields");
        browser.findElement(By.id("f-provisioning-codebuild")).click();

        // the name is checked as it is typed: its shape, then whether it is taken
        WebElement name = browser.field("Name");
        name.sendKeys("bad name");
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-name-error")));
        assertTrue(error.getText().startsWith("Use letters, digits"), error.getText());
        name.clear();
        name.sendKeys("browser-sbx");
        browser.until(ExpectedConditions.textToBe(By.id("f-name-error"), "There is already an environment named browser-sbx."));
        name.sendKeys("-2");
        browser.until(ExpectedConditions.invisibilityOfElementLocated(By.id("f-name-error")));
        codebuild = browser.field("CodeBuild role ARN");
        codebuild.sendKeys("not-an-arn", Keys.TAB);
        WebElement arnError = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-codebuildRoleArn-error")));
        assertTrue(arnError.getText().startsWith("Enter an IAM role ARN"), arnError.getText());
        browser.screenshot("portal-15-checked-as-typed");
    }
}
