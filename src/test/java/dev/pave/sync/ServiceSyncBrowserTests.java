package dev.pave.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * A service's "Service sync" tab in Chromium: a developer points the service at a proton-ops file, watches the
 * instance it lists appear, sees the blocker a hand-made update opens (on the tab, the service page and the list),
 * is told beside the field that a resolve needs a reason, and resolves it with one.
 */
@QuarkusTest
class ServiceSyncBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    SampleTemplates samples;

    @Inject
    TemplateService templates;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(30));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @Test
    void aDeveloperSyncsAServiceSeesABlockerAndResolvesItWithAReason() throws Exception {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String service = "tab-" + suffix;
        String env = "tab-env-" + suffix;
        f.helloTemplate("tab-hello-" + suffix, Map.of(), null);
        f.sandbox(env);
        f.createService(service, "tab-hello-" + suffix, env).ok();
        f.awaitService(service, "ACTIVE");
        PushedRepository git = PushedRepository.linked(f.cli, URI.create(pave.toString()), "myorg/tab-" + suffix, "");
        String commit = git.commit("sync alpha", Map.of("proton-ops.yaml", "sync:\n  services:\n    " + service
                + ":\n      alpha:\n        branch: main\n        spec: ./specs/" + service + ".yaml\n",
                "specs/" + service + ".yaml", "proton: ServiceSpec\ninstances:\n  - name: alpha\n    environment: " + env
                        + "\n    spec:\n      greeting: from git\n"));

        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("services/" + service);
        browser.findElement(By.linkText("Service sync")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("source-heading"), "Not synced from Git"));
        browser.assertAccessible();

        // a proton-ops path that leaves the repository is refused beside its field
        new Select(browser.field("Repository")).selectByValue("GITHUB/" + git.name);
        browser.field("proton-ops file").clear();
        browser.field("proton-ops file").sendKeys("../proton-ops.yaml");
        submit("Service sync source");
        WebElement error = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-filePath-error")));
        assertTrue(error.getText().contains("inside the repository"), error.getText());
        browser.field("proton-ops file").clear();
        browser.field("proton-ops file").sendKeys("proton-ops.yaml");
        submit("Service sync source");

        // the listed instance is created from its spec, with its revision and sync shown
        WebElement targets = browser.until(d -> {
            d.navigate().refresh();
            WebElement t = d.findElement(By.id("targets-heading")).findElement(By.xpath(".."));
            return t.getText().contains("SUCCEEDED") ? t : null;
        });
        assertTrue(targets.getText().contains("alpha") && targets.getText().contains("specs/" + service + ".yaml")
                && targets.getText().contains(commit.substring(0, 7)), targets.getText());
        assertTrue(browser.findElement(By.id("source-heading")).findElement(By.xpath("..")).getText().contains("proton-ops.yaml"));
        browser.screenshot("service-sync-01-synced");

        // a hand-made update opens a blocker, shown on the tab, the service page and the list
        f.cli.proton("update-service-instance", "--service-name", service, "--name", "alpha", "--deployment-type", "CURRENT_VERSION",
                "--spec", "proton: ServiceInstanceSpec\nenvironment: " + env + "\nspec:\n  greeting: by hand\n").ok();
        browser.navigate().refresh();
        WebElement blocker = browser.findElement(By.cssSelector(".sync-blocker"));
        assertTrue(blocker.getText().contains("Instance alpha") && blocker.getText().contains("UpdateServiceInstance")
                && blocker.getText().contains("admin"), blocker.getText());
        browser.assertAccessible();
        browser.screenshot("service-sync-02-blocked");
        browser.manage().window().setSize(new Dimension(420, 900));
        browser.navigate().refresh();
        long pageWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        assertTrue(pageWidth <= 420, "the page keeps to the phone's width: " + pageWidth);
        browser.screenshot("service-sync-03-blocked-phone");
        browser.manage().window().setSize(new Dimension(1280, 1100));
        browser.open("services/" + service);
        assertTrue(browser.findElement(By.cssSelector("table[aria-label=Instances]")).getText().contains("Sync blocked"));
        browser.open("services?text=" + service);
        assertTrue(browser.findElement(By.cssSelector("table[aria-label=Services]")).getText().contains("Sync blocked"));

        // resolving needs a reason; with one, the blocker moves to the history with who resolved it and why
        browser.open("services/" + service + "/sync");
        WebElement resolve = browser.findElement(By.cssSelector(".sync-blocker form"));
        resolve.findElement(By.cssSelector("button[type=submit]")).click();
        WebElement reasonError = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".sync-blocker .error")));
        assertTrue(reasonError.getText().contains("Say why"), reasonError.getText());
        browser.findElement(By.cssSelector(".sync-blocker textarea")).sendKeys("The greeting change is now in Git");
        browser.findElement(By.cssSelector(".sync-blocker button[type=submit]")).click();
        WebElement resolved = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("resolved-heading"))).findElement(By.xpath(".."));
        assertTrue(resolved.getText().contains("The greeting change is now in Git") && resolved.getText().contains("admin"), resolved.getText());
        assertEquals(0, browser.findElements(By.cssSelector(".sync-blocker")).size(), "no active blocker is left");
        // and Git's spec, held back while blocked, wins again
        ServiceTestFixtures.awaitJson(() -> f.instance(service, "alpha"), i -> i.path("spec").asText().contains("from git")
                && "SUCCEEDED".equals(i.path("deploymentStatus").asText()), "alpha back on Git's spec");
        browser.navigate().refresh();
        browser.screenshot("service-sync-04-resolved");
    }

    private static void submit(String form) {
        browser.findElement(By.cssSelector("form[aria-label='" + form + "'] button[type=submit]")).click();
    }
}
