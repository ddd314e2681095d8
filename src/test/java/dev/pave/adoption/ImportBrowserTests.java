package dev.pave.adoption;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.identity.Caller;
import dev.pave.template.TemplateService;
import dev.pave.template.TemplateType;
import dev.pave.testing.EnvironmentTemplates;
import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PaveTestResource;
import dev.pave.testing.ServiceTestFixtures;
import dev.pave.testing.TestBundles;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * "Import from Proton" in a real browser: the admin opens it from the Admin menu, reads the dry run, gives the specs the
 * templates' defaults lack and the repository the service's pipeline was created with, imports, and finds the
 * environment and the service adopted. Accessible and within the content policy;
 * screenshots land in target/screenshots.
 */
@QuarkusTest
class ImportBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @TestHTTPResource("/")
    URL pave;

    @Inject
    TemplateService templateService;

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
        // a service with an instance and a pipeline there, whose template reads the environment's outputs
        templateService.createTemplate(Caller.system(), TemplateType.SERVICE, new TemplateService.NewTemplate("impb-web", null, null, null, null), Map.of());
        ServiceTestFixtures.publish(templateService, TemplateType.SERVICE, "impb-web", null, TestBundles.of(ProtonImportTests.WEB_BUNDLE),
                List.of(new TemplateService.CompatibleEnvironment("impb-env", 1)), null);
        templates.cli().proton("update-account-settings", "--pipeline-service-role-arn", ProtonImportTests.PIPELINE_ROLE).ok();
        String service = ProtonImportTests.ACCOUNT + "service/impb-shop";
        String serviceTemplate = ProtonImportTests.ACCOUNT + "service-template/impb-web";
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-impb-shop-web-cloudformation-QWERTY", "--role-arn", ProtonImportTests.ROLE,
                "--template-body", "Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n",
                "--tags", "Key=aws:proton:environment,Value=" + ProtonImportTests.ACCOUNT + "environment/impb-stage", "Key=aws:proton:service,Value=" + service,
                "Key=aws:proton:service-instance,Value=" + service + "/service-instance/web", "Key=aws:proton:template,Value=" + serviceTemplate).ok();
        templates.moto("cloudformation", "create-stack", "--stack-name", "AWSProton-impb-shop-cloudformation-QWERTY", "--role-arn",
                ProtonImportTests.PIPELINE_ROLE, "--template-body", "Resources:\n  Artifacts:\n    Type: AWS::SQS::Queue\n",
                "--tags", "Key=aws:proton:service,Value=" + service, "Key=aws:proton:template,Value=" + serviceTemplate).ok();

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
        browser.field("Spec of service impb-shop").sendKeys("proton: ServiceSpec\ninstances:\n  - name: web\n    environment: impb-stage\n"
                + "    spec:\n      port: 443\n");
        browser.findElement(By.cssSelector("button[value=dry]")).click();
        browser.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("fieldset legend")));
        dryRun = browser.findElement(By.cssSelector("table[aria-label='Stacks found']")).getText();
        assertTrue(dryRun.contains("repositoryId"), "the pipeline still needs its repository: " + dryRun);
        assertTrue(browser.field("Spec of service impb-shop").getAttribute("value").contains("port: 443"), "the spec given is kept");
        browser.field("Repository connection ARN").sendKeys("arn:aws:codestar-connections:us-east-1:123456789012:connection/impb");
        browser.field("Repository id").sendKeys("acme/shop");
        browser.field("Branch").sendKeys("main");
        browser.assertAccessible();
        browser.screenshot("import-02-specs-given");
        browser.findElement(By.cssSelector("button[value=import]")).click();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("p[role=status]"), "Imported"));
        String imported = browser.findElement(By.cssSelector("table[aria-label='Stacks found']")).getText();
        assertTrue(imported.contains("Adopted as impb-env:1.0") && imported.contains("Adopted as impb-web:1.0"), imported);
        assertTrue(browser.findElements(By.xpath("//label[normalize-space(text())='Spec of environment impb-stage']")).isEmpty(),
                "an adopted environment takes no spec");
        browser.assertAccessible();
        browser.screenshot("import-03-imported");

        browser.open("environments/impb-stage");
        String page = browser.findElement(By.tagName("main")).getText();
        assertTrue(page.contains("SUCCEEDED") && page.contains("impb-env"), page);
        browser.open("services/impb-shop");
        page = browser.findElement(By.tagName("main")).getText();
        assertTrue(page.contains("ACTIVE") && page.contains("web"), page);
    }
}
