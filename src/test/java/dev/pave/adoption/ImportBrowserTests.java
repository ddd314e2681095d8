package dev.pave.adoption;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * "Import from Proton" in a real browser: the admin opens it from the Admin menu, reads the dry run, gives the spec the
 * template's defaults lack, imports, and finds the environment adopted. Accessible and within the content policy;
 * screenshots land in target/screenshots.
 */
@QuarkusTest
class ImportBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL pave;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(1100, Duration.ofSeconds(60));
    }

    @AfterEach
    void keptToThePolicy() {
        browser.assertKeptToThePolicy();
    }

    @Test
    void anAdminReadsTheDryRunGivesASpecAndImports() {
        EnvironmentTemplates templates = new EnvironmentTemplates(pave);
        templates.cloudformation("impb-env", ProtonImportTests.ENV_TEMPLATE, "1.0");
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-impb-stage-cloudformation-QWERTY", "--role-arn", ProtonImportTests.ROLE,
                "--template-body", ProtonImportTests.ENV_TEMPLATE.replace("{{ environment.name }}-{{ environment.inputs.vpc_name }}", "impb-stage-core"),
                "--tags", "Key=aws:proton:environment,Value=" + ProtonImportTests.ACCOUNT + "environment/impb-stage",
                "Key=aws:proton:template,Value=" + ProtonImportTests.ACCOUNT + "environment-template/impb-env").ok();

        browser.manage().deleteAllCookies();
        browser.open("account/password");
        browser.signIn("admin", PaveTestResource.ADMIN_PASSWORD);
        browser.findElement(By.xpath("//summary[normalize-space(text())='Admin']")).click();
        browser.findElement(By.linkText("Import from Proton")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("table[aria-label='Stacks found']")));
        String dryRun = browser.findElement(By.cssSelector("table[aria-label='Stacks found']")).getText();
        assertTrue(dryRun.contains("impb-stage") && dryRun.contains("NEEDS SPEC") && dryRun.contains("vpc_name"), dryRun);
        browser.assertAccessible();
        browser.screenshot("import-01-dry-run");

        browser.field("Spec of environment impb-stage").sendKeys("proton: EnvironmentSpec\nspec:\n  vpc_name: core\n");
        browser.findElement(By.cssSelector("button[value=import]")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p[role=status]"), "Imported"));
        String imported = browser.findElement(By.cssSelector("table[aria-label='Stacks found']")).getText();
        assertTrue(imported.contains("Adopted as impb-env:1.0"), imported);
        assertTrue(browser.findElements(By.xpath("//label[normalize-space(text())='Spec of environment impb-stage']")).isEmpty(),
                "an adopted environment takes no spec");
        browser.assertAccessible();
        browser.screenshot("import-02-imported");

        browser.open("environments/impb-stage");
        String page = browser.findElement(By.tagName("main")).getText();
        assertTrue(page.contains("SUCCEEDED") && page.contains("impb-env"), page);
    }
}
