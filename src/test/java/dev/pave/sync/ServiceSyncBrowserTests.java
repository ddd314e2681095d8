package dev.pave.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.NullNode;
import dev.pave.template.SampleTemplates;
import dev.pave.template.TemplateService;
import dev.pave.testing.AwsCli;
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

        signInAsAdmin();
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
        browser.open("services/" + service + "/instances/alpha");
        assertTrue(browser.findElement(By.cssSelector(".sync-note")).getText().contains("Sync blocked"));
        browser.open("services/" + service + "/instances/alpha/edit");
        assertTrue(browser.findElement(By.cssSelector(".notice.warning")).getText().contains("opens a sync blocker"),
                "editing a synced instance by hand says what it does");

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

    @Test
    void aDeveloperCreatesAServiceManagedFromGitAndItsInstanceDeploysOnceTheFilesAreMerged() throws Exception {
        ServiceTestFixtures f = new ServiceTestFixtures(pave, samples, templates);
        String suffix = UUID.randomUUID().toString().substring(0, 6);
        String template = "git-hello-" + suffix;
        String env = "git-env-" + suffix;
        String service = "from-git-" + suffix;
        f.helloTemplate(template, Map.of(), null);
        f.sandbox(env);
        PushedRepository git = PushedRepository.linked(f.cli, URI.create(pave.toString()), "myorg/config-" + suffix, "");
        git.commit("a central config repository", Map.of("proton-ops.yaml", "sync:\n  services:\n    other-svc:\n      dev:\n"
                + "        branch: main\n        spec: ./other/spec.yaml\n"));

        signInAsAdmin();
        browser.open("services/new?template=" + template);
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Create service']")));
        assertTrue(!browser.findElement(By.id("f-syncBranch")).isDisplayed(), "the Git fields show only once Git is chosen");
        browser.findElement(By.id("f-name")).sendKeys(service);
        browser.findElement(By.id("f-repositoryConnectionArn")).sendKeys("arn:aws:codestar-connections:us-east-1:123456789012:connection/abc");
        browser.findElement(By.id("f-repositoryId")).sendKeys("acme/" + service);
        browser.findElement(By.id("f-managed-git")).click();
        new Select(browser.findElement(By.id("f-syncRepository"))).selectByValue("GITHUB/" + git.name);
        browser.findElement(By.id("f-instance.0.name")).sendKeys("web");
        new Select(browser.findElement(By.id("f-instance.0.environment"))).selectByValue(env);
        WebElement greeting = browser.findElement(By.id("instance-0-in-greeting"));
        greeting.clear();
        greeting.sendKeys("hello from a pull request");
        browser.assertAccessible();
        browser.manage().window().setSize(new Dimension(420, 900));
        long formWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        assertTrue(formWidth <= 420, "the form with its Git fields keeps to a phone's width: " + formWidth);
        browser.screenshot("service-sync-07-git-form-phone");
        browser.manage().window().setSize(new Dimension(1280, 1100));
        browser.findElement(By.cssSelector("button[aria-label='Review service']")).click();

        // the review shows both files as they will be pushed
        WebElement files = browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("git-heading"))).findElement(By.xpath(".."));
        String ops = browser.findElement(By.cssSelector("pre[aria-label='proton-ops.yaml']")).getText();
        assertTrue(ops.contains(service + ":") && ops.contains("web:") && ops.contains("spec: ./" + service + "/spec.yaml"), ops);
        String spec = browser.findElement(By.cssSelector("pre[aria-label='" + service + "/spec.yaml']")).getText();
        assertTrue(spec.contains("proton: ServiceSpec") && spec.contains("name: web") && spec.contains("hello from a pull request"), spec);
        assertTrue(files.getText().contains("pave/service-sync/" + service), files.getText());
        browser.assertAccessible();
        browser.screenshot("service-sync-05-review-git-files");
        browser.findElement(By.cssSelector("button[aria-label='Create service']")).click();

        // Pave pushed a review branch with both files (the central proton-ops file keeps its other service) and waits for the merge
        WebElement waiting = browser.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h2[text()='Waiting for the files to be merged']")))
                .findElement(By.xpath(".."));
        String branch = "pave/service-sync/" + service;
        assertTrue(waiting.getText().contains(branch) && waiting.getText().contains("git fetch origin " + branch), waiting.getText());
        String pushedOps = git.show(branch, "proton-ops.yaml");
        assertTrue(pushedOps.contains("other-svc") && pushedOps.contains(service) && pushedOps.contains("web"), pushedOps);
        assertTrue(git.show(branch, service + "/spec.yaml").contains("hello from a pull request"));
        assertTrue(f.cli.proton("list-service-instances", "--service-name", service).ok().json().path("serviceInstances").isEmpty(),
                "nothing deploys before the merge");
        browser.screenshot("service-sync-06-waiting-for-merge");

        // merged: the instance deploys from the files
        git.merge(branch);
        ServiceTestFixtures.awaitJson(() -> {
            AwsCli.Result r = f.cli.proton("get-service-instance", "--service-name", service, "--name", "web");
            return r.exitCode() == 0 ? r.json().path("serviceInstance") : NullNode.getInstance();
        }, i -> "SUCCEEDED".equals(i.path("deploymentStatus").asText()), "web deployed from Git");
        browser.navigate().refresh();
        assertEquals(0, browser.findElements(By.xpath("//h2[text()='Waiting for the files to be merged']")).size());
        assertTrue(browser.findElement(By.id("targets-heading")).findElement(By.xpath("..")).getText().contains("web"));
    }

    /** A fresh session each test, whichever ran before. */
    private static void signInAsAdmin() {
        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
    }

    private static void submit(String form) {
        browser.findElement(By.cssSelector("form[aria-label='" + form + "'] button[type=submit]")).click();
    }
}
