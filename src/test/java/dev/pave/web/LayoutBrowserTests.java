package dev.pave.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.deploy.DeploymentStatus;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * What every page shares, in a real Chromium at a desktop's and a phone's width: a header of one row that folds its
 * links behind Menu on a phone, error pages inside that layout, a user menu named by what it shows, short deployment
 * ids, and the way from a template to its create form.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LayoutBrowserTests {

    static final String SANDBOX_ENV = "layout-sbx";
    static final String TWO_MINORS = "layout-two-minors";
    static final String STAGGERED = "layout-staggered";

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @Inject
    PortalFixtures fixtures;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(900, Duration.ofSeconds(30));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @BeforeEach
    void load() {
        browser.manage().window().setSize(new Dimension(1280, 900));
        fixtures.load();
        fixtures.sandbox(SANDBOX_ENV);
    }

    @Test
    @Order(1)
    void theHeaderIsOneRowOnADesktopAndFoldsBehindMenuOnAPhone() {
        browser.manage().window().setSize(new Dimension(1400, 900));
        browser.open("");
        browser.signIn(PortalFixtures.DEVELOPER, PortalFixtures.PASSWORD);
        browser.open("deployments?environment=" + SANDBOX_ENV);
        WebElement header = browser.findElement(By.cssSelector("header.site-header"));
        assertTrue(header.getSize().getHeight() <= 64, "one row at 1400 px: " + header.getSize().getHeight() + " px");
        // a deployment id fits on one line: its first block shown, the whole id on hover and to assistive technology
        WebElement id = browser.findElement(By.cssSelector("#deployment-list tbody tr th a"));
        String full = id.getDomAttribute("title");
        assertTrue(full.matches("[0-9a-f-]{36}"), full);
        assertEquals(full.substring(0, 8), id.getText());
        assertEquals("Deployment " + full, id.getAccessibleName());
        browser.screenshot("layout-01-desktop-1400");

        // the Create menu opens and closes with Escape
        WebElement create = browser.findElement(By.xpath("//nav[@aria-label='Main']//summary[normalize-space()='Create']"));
        create.click();
        browser.until(ExpectedConditions.elementToBeClickable(By.linkText("Environment")));
        browser.findElement(By.tagName("body")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        browser.until(ExpectedConditions.invisibilityOfElementLocated(By.linkText("Environment")));

        browser.manage().window().setSize(new Dimension(420, 900));
        browser.navigate().refresh();
        header = browser.findElement(By.cssSelector("header.site-header"));
        assertTrue(header.getSize().getHeight() <= 64, "one row at 420 px: " + header.getSize().getHeight() + " px");
        WebElement environments = browser.findElement(By.cssSelector("nav[aria-label='Main'] a[href='/environments']"));
        assertTrue(!environments.isDisplayed(), "the links wait behind Menu");
        WebElement menu = browser.findElement(By.cssSelector("button.nav-toggle"));
        assertEquals("false", menu.getDomAttribute("aria-expanded"));
        browser.screenshot("layout-02-phone-420");
        menu.click();
        browser.until(ExpectedConditions.elementToBeClickable(environments));
        assertEquals("true", menu.getDomAttribute("aria-expanded"));
        browser.screenshot("layout-03-phone-menu-open");
        environments.click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Environments"));
        // a table wider than the phone scrolls inside its box instead of widening the page
        long pageWidth = (Long) browser.executeScript("return document.documentElement.scrollWidth");
        assertTrue(pageWidth <= 420, "the page keeps to the phone's width: " + pageWidth);
    }

    @Test
    @Order(2)
    void theUserMenuIsNamedByTheUsernameItShows() {
        browser.open("");
        WebElement summary = browser.findElement(By.cssSelector("details.user-menu summary"));
        assertEquals(PortalFixtures.DEVELOPER, summary.getText());
        assertEquals(PortalFixtures.DEVELOPER, summary.getAccessibleName());
        summary.click();
        browser.until(ExpectedConditions.elementToBeClickable(By.linkText("Access keys")));
    }

    @Test
    @Order(3)
    void unknownAndMissingPagesKeepTheLayout() {
        browser.open("no/such/page");
        assertEquals("Not found", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.cssSelector("nav[aria-label='Main']")).getText().contains("Deployments"));
        browser.screenshot("layout-04-unknown-url");
        browser.open("environments/no-such-environment");
        assertEquals("Not found", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.cssSelector("[role=alert]")).getText().contains("no-such-environment"));
        assertTrue(browser.findElement(By.cssSelector("nav[aria-label='Main']")).getText().contains("Deployments"));
        browser.open("environments/" + SANDBOX_ENV + "/no-such-tab");
        assertEquals("Not found", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.cssSelector("nav[aria-label='Main']")).getText().contains("Deployments"));
        // admin pages refuse a developer inside the same layout
        browser.open("admin/users");
        assertEquals("Not allowed", browser.findElement(By.tagName("h1")).getText());
        assertTrue(browser.findElement(By.cssSelector("nav[aria-label='Main']")).getText().contains("Deployments"));
        browser.screenshot("layout-05-not-allowed");
    }

    @Test
    @Order(5)
    void theHeadersSearchFindsThingsAsTheUserTypes() {
        browser.open("environments");
        // "/" jumps to the search box from anywhere on the page
        browser.findElement(By.tagName("body")).sendKeys("/");
        WebElement box = browser.switchTo().activeElement();
        assertEquals("site-search", box.getDomAttribute("id"));
        box.sendKeys("layout-s");
        WebElement hit = browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#search-suggestions a[href='/environments/" + SANDBOX_ENV + "']")));
        assertTrue(hit.getText().contains("environment"), hit.getText());
        browser.screenshot("layout-07-search-suggestions");
        hit.click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), SANDBOX_ENV));

        // Enter opens every result; a phone finds the box behind Menu
        browser.manage().window().setSize(new Dimension(420, 900));
        browser.navigate().refresh();
        browser.findElement(By.tagName("body")).sendKeys("/");
        box = browser.switchTo().activeElement();
        assertEquals("site-search", box.getDomAttribute("id"));
        assertTrue(box.isDisplayed(), "the menu opened to show the box");
        box.sendKeys(SANDBOX_ENV, org.openqa.selenium.Keys.ENTER);
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Search"));
        assertTrue(browser.findElement(By.cssSelector("table[aria-label='Search results']")).getText().contains(SANDBOX_ENV));
    }

    @Test
    @Order(4)
    void templatePagesAndCatalogCardsLeadToTheCreateFormWithTheVersionChosen() {
        browser.open("?text=" + PortalFixtures.SANDBOX);
        WebElement card = browser.findElement(By.xpath("//li[contains(@class,'card')][.//code[text()='" + PortalFixtures.SANDBOX + "']]"));
        WebElement create = card.findElement(By.cssSelector("a[aria-label^='Create environment from']"));
        String version = create.getText().replace("Create environment from ", "");
        create.click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Create environment']")));
        assertEquals(version, new Select(browser.field("Template version")).getFirstSelectedOption().getDomAttribute("value"));

        // an older published version is reached from its own page, the recommended one from the page's head
        fixtures.sandboxTemplateWithTwoMinors(TWO_MINORS);
        browser.open("templates/environment/" + TWO_MINORS + "?version=1.0");
        assertTrue(browser.findElement(By.cssSelector(".page-head .actions")).getText().contains("Create environment from 1.1"));
        browser.screenshot("layout-06-template-create-from");
        browser.findElement(By.cssSelector("a[aria-label='Create environment from Two minors 1.0']")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Create environment']")));
        assertEquals("1.0", new Select(browser.field("Template version")).getFirstSelectedOption().getDomAttribute("value"));

        // a service template's form offers the environments its version runs on
        browser.open("templates/service/" + ServiceFixtures.HELLO);
        browser.findElement(By.cssSelector(".page-head a[aria-label^='Create service from']")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[aria-label='Create service']")));
        assertTrue(!browser.findElements(By.cssSelector("form[aria-label='Create service'] option[value='" + SANDBOX_ENV + "']")).isEmpty(),
                "a compatible environment is offered");
    }

    /** The pages a newcomer judges Pave by, at a desktop's and a phone's width: target/screenshots/issue15-*. */
    @Test
    @Order(6)
    void theCatalogATemplateAndAnEnvironmentMidDeploymentAndAfterAFailureAtBothWidths() {
        fixtures.staggeredSandboxTemplate(STAGGERED);
        fixtures.startSandbox("shot-failed", STAGGERED, "proton: EnvironmentSpec\nspec:\n  network_cidr: 10.99.0.0/16\n");
        fixtures.await("shot-failed", e -> e.deployment.status == DeploymentStatus.FAILED);
        fixtures.startSandbox("shot-running", STAGGERED, "proton: EnvironmentSpec\nspec:\n  size: large\n");
        for (int width : new int[] {1400, 420}) {
            browser.manage().window().setSize(new Dimension(width, 1000));
            browser.open("");
            browser.screenshot("issue15-catalog-" + width);
            browser.open("templates/environment/" + STAGGERED);
            browser.screenshot("issue15-template-" + width);
            browser.open("environments/shot-running");
            browser.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Building a large sandbox"));
            assertEquals("IN_PROGRESS", browser.findElement(By.cssSelector("#environment-status .badge")).getText());
            browser.screenshot("issue15-environment-deploying-" + width);
            browser.open("environments/shot-failed");
            browser.until(d -> d.findElement(By.id("deployment-log")).getText().contains("Deployment FAILED"));
            assertEquals("10.99.0.0/16 overlaps the office network",
                    browser.findElement(By.cssSelector("pre[aria-label='Last lines of output']")).getText().lines().reduce((a, b) -> b).orElseThrow());
            browser.screenshot("issue15-environment-failed-" + width);
        }
    }
}
