package dev.pave.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.PortalBundles;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The pages in a real headless Chromium, as a platform admin uses them: sign in, create a template, upload a
 * bundle, publish it, filter the catalog, create an access key. One browser for the class; screenshots of each
 * page go to target/screenshots. Locators are ARIA labels and label texts, the hooks the pages promise.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTests {

    /** The password an admin's reset gave browser-person, for their first sign-in. */
    private static String givenPassword;

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(900, Duration.ofSeconds(10));
    }

    /** No page of the test broke the Content-Security-Policy, and the last one was served with it. */
    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @Test
    @Order(1)
    void anAdminSignsIn() {
        browser.open("account/password");
        assertTrue(browser.getCurrentUrl().endsWith("/login?next=%2Faccount%2Fpassword"),
                "anonymous users are sent to the login page, which sends them back: " + browser.getCurrentUrl());
        browser.screenshot("01-login");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.open("");
        assertEquals("Template catalog", browser.findElement(By.tagName("h1")).getText());
        browser.screenshot("02-catalog");
    }

    @Test
    @Order(2)
    void anAdminCreatesUploadsAndPublishesATemplate() throws IOException {
        browser.open("admin/templates/new");
        browser.findElement(By.id("f-type-environment")).click();
        browser.field("Name").sendKeys("browser-vpc");
        browser.field("Display name").sendKeys("Browser VPC");
        browser.field("Description").sendKeys("A VPC made in a real browser");
        browser.screenshot("03-new-template");
        browser.findElement(By.cssSelector("form[aria-label='Create template'] button[type=submit]")).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Browser VPC"));

        Path bundle = Files.createTempFile("browser-vpc", ".tar.gz");
        Files.write(bundle, PortalBundles.environment());
        WebElement drop = browser.field("Bundle (.tar.gz, .tgz or .zip, at most 5 MB)");
        // a file dragged over the drop area highlights it until it leaves (pave.js; Selenium cannot drag files)
        browser.executeScript("arguments[0].dispatchEvent(new DragEvent('dragenter', {bubbles: true}))", drop);
        assertTrue(drop.getDomAttribute("class").contains("dragging"), "highlighted while a file is over it");
        browser.executeScript("arguments[0].dispatchEvent(new DragEvent('dragleave', {bubbles: true}))", drop);
        assertFalse(drop.getDomAttribute("class").contains("dragging"), "no longer highlighted");
        drop.sendKeys(bundle.toAbsolutePath().toString());
        browser.field("Description").sendKeys("first version");
        browser.findElement(By.cssSelector("button[aria-label='Upload version bundle']")).click();
        WebElement result = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='Registration result']")));
        assertTrue(result.getText().contains("Version 1.0 was created"), result.getText());
        assertTrue(result.getText().contains("Draft"), "the new version's status: " + result.getText());
        Files.delete(bundle);

        // the versions table reloads itself on the versionsChanged event
        WebElement publish = browser.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[aria-label='Publish version 1.0']")));
        browser.screenshot("04-uploaded");
        publish.click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("version-1-0"), "Recommended"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("template-summary"), "1.0"));
        assertTrue(browser.findElement(By.id("version-1-0")).getText().contains("Published"));
        assertTrue(browser.findElement(By.cssSelector("table[aria-label='Inputs of version 1.0']")).getText().contains("vpc_cidr"));
        browser.screenshot("05-published");
    }

    @Test
    @Order(3)
    void theCatalogFiltersInPlace() {
        browser.open("");
        // a page reload would drop this marker; an htmx swap keeps it
        ((JavascriptExecutor) browser).executeScript("window.paveMarker = 'kept';");
        WebElement search = browser.findElement(By.cssSelector("[aria-label='Filter templates by text']"));
        search.sendKeys("browser-vpc");
        // the pushed URL shows the last keystroke's answer has been swapped in
        browser.until(ExpectedConditions.urlContains("text=browser-vpc"));
        browser.until(d -> d.findElements(By.cssSelector("#catalog-list .card")).size() == 1);
        WebElement card = browser.findElement(By.cssSelector("#catalog-list .card"));
        assertTrue(card.getText().contains("Browser VPC"), card.getText());
        assertTrue(card.getText().contains("1.0"), "recommended version on the card: " + card.getText());
        new Select(browser.findElement(By.cssSelector("[aria-label='Filter templates by kind']"))).selectByValue("service");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("catalog-list"), "No templates match."));
        assertEquals("kept", ((JavascriptExecutor) browser).executeScript("return window.paveMarker;"));
        assertTrue(browser.getCurrentUrl().contains("kind=service"), "the filter is in the URL: " + browser.getCurrentUrl());
        browser.screenshot("06-catalog-filtered");
    }

    @Test
    @Order(4)
    void anAccessKeySecretIsShownOnce() {
        browser.open("account/keys");
        browser.field("Description").sendKeys("browser test key");
        browser.findElement(By.cssSelector("form[aria-label='Create access key'] button[type=submit]")).click();
        WebElement snippet = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[aria-label='New access key commands']")));
        String credentials = snippet.getText();
        assertTrue(credentials.startsWith("aws configure set aws_access_key_id PAVE"), credentials);
        assertTrue(credentials.contains("aws configure set region "), "region included: " + credentials);
        String secret = credentials.split("\n")[1].split(" ")[4];
        assertFalse(secret.isEmpty());
        WebElement copy = browser.findElement(By.cssSelector("button[aria-label='Copy commands']"));
        copy.click();
        browser.until(ExpectedConditions.textToBePresentInElement(copy, "Copied"));
        assertEquals(credentials, ((JavascriptExecutor) browser).executeAsyncScript(
                "navigator.clipboard.readText().then(arguments[arguments.length - 1])"), "the clipboard holds the credentials");
        browser.screenshot("07-new-access-key");

        browser.open("account/keys");
        assertTrue(browser.findElements(By.cssSelector("[aria-label='New access key commands']")).isEmpty());
        assertFalse(browser.getPageSource().contains(secret), "the secret is never shown again");
        assertTrue(browser.getPageSource().contains("browser test key"));
        browser.screenshot("08-access-keys");
    }

    @Test
    @Order(5)
    void anAdminEditsRolesAndResetsAPasswordThatIsShownOnce() {
        browser.open("admin/users");
        // the robot option's label stays beside its box
        WebElement robot = browser.findElement(By.id("f-robot"));
        WebElement robotLabel = browser.findElement(By.cssSelector("label[for='f-robot']"));
        assertTrue(Math.abs(robotLabel.getLocation().getY() - robot.getLocation().getY()) < 12, "label beside the box");
        assertTrue(robotLabel.getLocation().getX() > robot.getLocation().getX(), "label right of the box");
        browser.field("Username").sendKeys("browser-person");
        browser.field("Initial password").sendKeys("browser-person-password");
        browser.findElement(By.id("f-role-developer")).click();
        browser.findElement(By.cssSelector("form[aria-label='Create user'] button[type=submit]")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("a[aria-label='Manage browser-person']"))).click();
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "browser-person"));
        browser.findElement(By.id("f-role-developer")).click();
        browser.findElement(By.id("f-role-approver")).click();
        browser.findElement(By.xpath("//button[text()='Save roles']")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("[role=status]"), "were saved"));
        assertTrue(browser.findElement(By.id("f-role-approver")).isSelected());
        assertFalse(browser.findElement(By.id("f-role-developer")).isSelected());
        browser.findElement(By.xpath("//button[text()='Reset password']")).click();
        WebElement password = browser.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("pre[aria-label='New password']")));
        assertTrue(password.getText().length() >= 16, password.getText());
        browser.screenshot("09-password-reset");
        String shown = password.getText();
        givenPassword = shown;
        browser.open("admin/users/browser-person");
        assertTrue(browser.findElements(By.cssSelector("pre[aria-label='New password']")).isEmpty());
        assertFalse(browser.getPageSource().contains(shown), "the password is shown once");
    }

    @Test
    @Order(6)
    void anAdminSignsOut() {
        browser.open("");
        browser.findElement(By.cssSelector("details.user-menu summary")).click();
        browser.findElement(By.cssSelector("button[aria-label='Log out']")).click();
        browser.until(ExpectedConditions.urlToBe(browser.url("login")));
        browser.open("");
        assertTrue(browser.getCurrentUrl().endsWith("/login"), "signed out: " + browser.getCurrentUrl());
    }

    /** The check every browser test ends with sees what the policy blocks: an inline handler and an inline style. */
    @Test
    @Order(7)
    void whatThePolicyBlocksIsReported() {
        browser.open("login");
        // htmx is told to need neither: it injected no style and evaluates no code
        assertEquals(Boolean.FALSE, browser.executeScript("return htmx.config.allowEval"));
        assertEquals(0L, browser.executeScript("return document.querySelectorAll('style, [style]').length"));
        browser.executeScript("""
                const probe = document.createElement('button');
                probe.id = 'csp-probe';
                probe.textContent = 'probe';
                probe.setAttribute('onclick', "document.title = 'inline code ran'");
                document.querySelector('main').prepend(probe);
                document.querySelector('main').insertAdjacentHTML('beforeend', '<p style="color: red">inline style</p>');""");
        browser.findElement(By.id("csp-probe")).click();
        assertNotEquals("inline code ran", browser.getTitle(), "the inline handler did not run");
        List<String> reported = new ArrayList<>();
        browser.until(d -> reported.addAll(browser.cspViolations()) && reported.size() >= 2);
        assertTrue(reported.stream().anyMatch(m -> m.contains("inline event handler")), reported.toString());
        assertTrue(reported.stream().anyMatch(m -> m.contains("inline style")), reported.toString());
    }

    /** The accessibility audit every browser test runs finds what it should: an unlabelled field, an image without text. */
    @Test
    @Order(9)
    void theAccessibilityAuditReportsWhatItFinds() {
        browser.open("login");
        browser.executeScript("""
                document.querySelector('main').insertAdjacentHTML('beforeend', '<input id="a11y-probe" type="text"><img id="a11y-img" src="/static/none.png">');""");
        AssertionError found = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, browser::assertAccessible);
        assertTrue(found.getMessage().contains("label") && found.getMessage().contains("#a11y-probe"), found.getMessage());
        assertTrue(found.getMessage().contains("image-alt") && found.getMessage().contains("#a11y-img"), found.getMessage());
        browser.executeScript("document.getElementById('a11y-probe').remove(); document.getElementById('a11y-img').remove();");
        browser.assertAccessible();
    }

    @Test
    @Order(8)
    void aUserGivenAPasswordChoosesTheirOwnAtFirstSignInAndGoesOn() {
        browser.open("");
        browser.signIn("browser-person", givenPassword);
        browser.until(ExpectedConditions.textToBe(By.tagName("h1"), "Change password"));
        assertTrue(browser.findElement(By.cssSelector("[role=status]")).getText().startsWith("Choose a password of your own"));
        // every mistake is named at once, next to its field
        browser.field("New password").sendKeys("short");
        browser.field("Repeat the new password").sendKeys("shorter");
        browser.findElement(By.cssSelector("form[aria-label='Change password'] button[type=submit]")).click();
        browser.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-confirm-error")));
        assertEquals("Enter your current password.", browser.findElement(By.id("f-current-error")).getText());
        assertEquals("passwords need at least 12 characters", browser.findElement(By.id("f-new-error")).getText());
        browser.screenshot("10-first-sign-in-errors");
        browser.field("Current password").sendKeys(givenPassword);
        browser.field("New password").sendKeys("browser-persons-own-1");
        browser.field("Repeat the new password").sendKeys("browser-persons-own-1");
        browser.findElement(By.cssSelector("form[aria-label='Change password'] button[type=submit]")).click();
        // on to Pave, not the form again
        browser.until(ExpectedConditions.urlToBe(browser.url("")));
        assertNotEquals("Change password", browser.findElement(By.tagName("h1")).getText());
    }
}
