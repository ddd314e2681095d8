package dev.pave.web.resources;

import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.deploy.DeploymentStatus;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PortalFixtures;
import dev.pave.testing.WebUser;
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
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A resource's page as it lives through deployments, in a real Chromium: the history refreshes with the status, a
 * delete names what blocks it before anyone confirms, a deleted resource's page turns into a notice without actions,
 * the update notice offers nothing while a deployment runs, and an environment lists what runs in it.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ResourcePagesBrowserTests {

    static final String TEMPLATE = "rp-hello";
    static final String ENVIRONMENT = "rp-env";
    static final String SERVICE = "rp-svc";
    static final String COMPONENT = "rp-topic";
    static final String INSTANCE_PAGE = "services/" + SERVICE + "/instances/dev";
    static final String TOPIC = """
            Resources:
              Topic:
                Type: AWS::SNS::Topic
                Properties:
                  TopicName: "{{ component.name }}-topic"
            """;

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @Inject
    PortalFixtures fixtures;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1000, Duration.ofSeconds(60));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @BeforeEach
    void load() {
        fixtures.helloService(SERVICE, TEMPLATE, ENVIRONMENT);
        fixtures.component(COMPONENT, ENVIRONMENT, null, null, TOPIC);
    }

    @Test
    @Order(1)
    void anEnvironmentPageListsWhatRunsInItAndItsComponentRole() {
        browser.open("environments/" + ENVIRONMENT);
        browser.signIn(PortalFixtures.DEVELOPER, PortalFixtures.PASSWORD);
        browser.open("environments/" + ENVIRONMENT);
        WebElement running = browser.findElement(By.cssSelector("ul[aria-label='Running here']"));
        assertEquals(List.of("Service instance " + SERVICE + "/dev", "Component " + COMPONENT),
                running.findElements(By.tagName("li")).stream().map(WebElement::getText).toList());
        assertEquals("/" + INSTANCE_PAGE, running.findElement(By.linkText(SERVICE + "/dev")).getDomAttribute("href"));
        assertTrue(browser.findElement(By.id("environment-status")).getText().contains("Component role\n" + PortalFixtures.COMPONENT_ROLE),
                browser.findElement(By.id("environment-status")).getText());
        browser.screenshot("resource-01-environment-running-here");
    }

    @Test
    @Order(2)
    void deletingAnEnvironmentNamesWhatBlocksItBeforeTheUserConfirms() {
        browser.open("environments/" + ENVIRONMENT);
        browser.findElement(By.cssSelector("a[aria-label='Delete environment']")).click();
        WebElement blocking = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("ul[aria-label='Blocking the deletion']")));
        assertEquals(2, blocking.findElements(By.tagName("li")).size(), blocking.getText());
        assertTrue(browser.findElements(By.cssSelector("button[aria-label='Delete " + ENVIRONMENT + "']")).isEmpty(),
                "no delete button while something runs in it");
        browser.screenshot("resource-02-delete-blocked");
        // the links lead to what blocks it
        blocking.findElement(By.linkText(COMPONENT)).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), COMPONENT));

        // a deletion posted anyway (a second tab, a stale page) stays on the confirmation with the reason and the list
        WebUser.developer().form().post("/environments/" + ENVIRONMENT + "/delete").then().statusCode(400)
                .body(containsString("still has 1 service instance(s) (" + SERVICE + "/dev) and 1 component(s) (" + COMPONENT + ")"),
                        containsString("aria-label=\"Blocking the deletion\""), containsString("nav id=\"main-nav\""));
    }

    @Test
    @Order(3)
    void theHistoryRefreshesWithTheStatusAndTheNoticeWaitsForARunningDeployment() {
        String minor = fixtures.publishNextHelloMinor(TEMPLATE, "hello again");
        // a greeting of "slow" makes the hello copy's script sleep a minute
        WebUser.developer().form().formParam("version", "1.0").formParam("deploymentType", "CURRENT_VERSION").formParam("input.greeting", "slow")
                .post("/" + INSTANCE_PAGE + "/edit").then().statusCode(303);
        fixtures.awaitInstance(SERVICE, "dev", i -> i.deployment.status == DeploymentStatus.IN_PROGRESS);
        browser.open(INSTANCE_PAGE);
        WebElement notice = browser.findElement(By.cssSelector("[aria-label='Update available']"));
        assertTrue(notice.getText().contains("A deployment is running"), notice.getText());
        assertTrue(browser.findElements(By.cssSelector("button[aria-label='Update to " + minor + "']")).isEmpty(), "no update while one runs");
        assertEquals("IN_PROGRESS", firstHistoryStatus("instance-history"));
        browser.screenshot("resource-03-notice-waits");

        browser.findElement(By.cssSelector("button[aria-label='Cancel deployment']")).click();
        // the history reads the cancelled deployment without a reload, and the notice offers the update again
        browser.until(d -> "CANCELLED".equals(firstHistoryStatus("instance-history")));
        WebElement update = browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Update to " + minor + "']")));
        update.click();
        // the answer is the status panel of the update just started: it offers no second update
        browser.until(ExpectedConditions.stalenessOf(update));
        assertTrue(browser.findElements(By.cssSelector("button[aria-label='Update to " + minor + "']")).isEmpty(), "no update during the update");
        browser.until(d -> "SUCCEEDED".equals(firstHistoryStatus("instance-history")));
        browser.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("[aria-label='Update available']")));
        List<String> statuses = browser.findElements(By.cssSelector("#instance-history tbody tr td:nth-child(2)")).stream().map(WebElement::getText).toList();
        assertEquals("SUCCEEDED", statuses.get(0));
        assertEquals("CANCELLED", statuses.get(1));
        browser.screenshot("resource-04-history-refreshed");
    }

    @Test
    @Order(4)
    void aDeletedEnvironmentsPageTurnsIntoANoticeWithoutActions() {
        fixtures.sandbox("rp-gone");
        browser.open("environments/rp-gone/delete");
        browser.findElement(By.cssSelector("button[aria-label='Delete rp-gone']")).click();
        // the deletion may be over before the page loads; while it runs: no edit, delete, cancel or update
        String shown = browser.until(d -> {
            String h1 = d.findElement(By.tagName("h1")).getText();
            return h1.equals("rp-gone") || h1.endsWith("was deleted") ? h1 : null;
        });
        if (shown.equals("rp-gone")) {
            assertTrue(browser.findElements(By.cssSelector(".page-head .actions a")).isEmpty(), "no actions while being deleted");
            assertTrue(browser.findElements(By.cssSelector("button[aria-label='Cancel deployment']")).isEmpty(), "a deletion can't be cancelled");
        }
        // once it is gone, the page says so, links to its deployments and offers nothing else
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Environment rp-gone was deleted"));
        assertFalse(browser.findElement(By.tagName("main")).getText().contains("DELETE_IN_PROGRESS"));
        assertTrue(browser.findElements(By.cssSelector("main button")).isEmpty(), "no actions on a deleted resource");
        browser.screenshot("resource-05-deleted");
        browser.findElement(By.linkText("Its deployments")).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Deployments"));
        List<String> statuses = browser.findElements(By.cssSelector("#deployment-list tbody tr td:nth-child(2)")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("DELETE_COMPLETE", "SUCCEEDED"), statuses);
    }

    @Test
    @Order(5)
    void theComponentFormOffersEnvironmentsAndInstancesToChooseFrom() {
        browser.open("components/new");
        Select environment = new Select(browser.field("Environment"));
        Select instance = new Select(browser.field("Service instance"));
        assertTrue(environment.getOptions().stream().anyMatch(o -> o.getDomAttribute("value").equals(ENVIRONMENT) && o.isEnabled()),
                "an environment with a component role is offered");
        WebElement dev = instance.getOptions().stream().filter(o -> o.getDomAttribute("value").equals(SERVICE + "/dev")).findFirst().orElseThrow();
        assertEquals(SERVICE + "/dev (in " + ENVIRONMENT + ")", dev.getText());
        browser.field("Name").sendKeys("rp-attached");
        browser.field("Template file (CloudFormation, rendered with Jinja)").sendKeys(TOPIC);
        environment.selectByValue(ENVIRONMENT);
        instance.selectByValue(SERVICE + "/dev");
        browser.findElement(By.cssSelector("button[aria-label='Create component']")).click();
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-environment-error")));
        assertTrue(error.getText().startsWith("Choose an environment or a service instance, not both"), error.getText());
        assertEquals(SERVICE + "/dev", new Select(browser.field("Service instance")).getFirstSelectedOption().getDomAttribute("value"), "the choice is kept");
        browser.screenshot("resource-06-component-pickers");
        new Select(browser.field("Environment")).selectByValue("");
        browser.findElement(By.cssSelector("button[aria-label='Create component']")).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "rp-attached"));
        fixtures.awaitComponent("rp-attached", c -> c.deployment.status == DeploymentStatus.SUCCEEDED && (SERVICE + "/dev").equals(c.serviceName + "/" + c.serviceInstanceName));
        // the instance now has its component: the picker says so and does not offer it again
        browser.open("components/new");
        WebElement taken = new Select(browser.field("Service instance")).getOptions().stream()
                .filter(o -> o.getDomAttribute("value").equals(SERVICE + "/dev")).findFirst().orElseThrow();
        assertFalse(taken.isEnabled());
        assertTrue(taken.getText().endsWith(": has rp-attached"), taken.getText());
    }

    @Test
    @Order(6)
    void aFailedDeploymentShowsItsSummaryBesideTheBadgeAndALogThatSaysWhichStreamPrintedWhat() {
        fixtures.awaitInstance(SERVICE, "dev", i -> !i.deployment.status.active());
        // a greeting of "fail" makes the hello copy's script print a line to each stream and exit 3
        WebUser.developer().form().formParam("version", "1.1").formParam("deploymentType", "CURRENT_VERSION").formParam("input.greeting", "fail")
                .post("/" + INSTANCE_PAGE + "/edit").then().statusCode(303);
        fixtures.awaitInstance(SERVICE, "dev", i -> i.deployment.status == DeploymentStatus.FAILED);
        browser.open(INSTANCE_PAGE);
        WebElement status = browser.findElement(By.id("instance-status"));
        String summary = status.findElement(By.cssSelector("p.status-message")).getText();
        assertTrue(summary.matches("Command \\d+ `.*` exited with status 3"), summary);
        assertEquals("checking the greeting\ngreeting fail is refused", status.findElement(By.cssSelector("pre[aria-label='Last lines of output']")).getText());

        WebElement log = browser.until(d -> {
            WebElement l = d.findElement(By.id("deployment-log"));
            return l.getText().contains("Deployment FAILED") ? l : null;
        });
        List<String> lines = log.findElements(By.tagName("li")).stream().map(WebElement::getText).toList();
        assertEquals(1, lines.stream().filter(l -> l.contains("greeting fail is refused")).count(), "the output once: " + lines);
        WebElement stderr = log.findElement(By.xpath("li[contains(., 'greeting fail is refused')]"));
        assertTrue(stderr.getText().contains("stderr  greeting fail is refused"), stderr.getText());
        assertEquals("level-stderr", stderr.getDomAttribute("class"));
        assertTrue(lines.stream().anyMatch(l -> l.contains("stdout  checking the greeting")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.endsWith("info    Started")), lines.toString());
        assertTrue(lines.stream().noneMatch(l -> l.contains("claimed")), "no worker internals: " + lines);
        assertTrue(lines.get(0).endsWith("Service instance " + SERVICE + "/dev: deployment queued, provisioned by its commands"), lines.get(0));
        String last = lines.get(lines.size() - 2);
        assertTrue(last.endsWith("FAILED: " + summary), "the last line names the failure once, without the output: " + last);
        browser.screenshot("resource-07-failed");

        // the deployment's target state shows the instance's spec the way it is written: YAML, not stored JSON
        browser.findElement(By.cssSelector("#instance-history tbody tr a[aria-label^='Deployment ']")).click();
        String target = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre[aria-label='Target state']"))).getText();
        assertTrue(target.contains("proton: ServiceInstanceSpec") && target.contains("greeting: fail"), target);
        assertFalse(target.contains("{\""), "no JSON in it: " + target);
    }

    private static String firstHistoryStatus(String panel) {
        return browser.findElement(By.cssSelector("#" + panel + " tbody tr td:nth-child(2)")).getText();
    }
}
