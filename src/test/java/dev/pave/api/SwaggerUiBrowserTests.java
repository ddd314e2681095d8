package dev.pave.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pave.testing.HeadlessChromium;
import dev.pave.testing.PortalFixtures;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;

/**
 * The Swagger UI at {@code /q/swagger-ui} lists the documented endpoints in a real Chromium, under Pave's
 * Content-Security-Policy. It is Quarkus's page, not Pave's, so the portal's accessibility audit does not apply.
 */
@QuarkusTest
class SwaggerUiBrowserTests {

    @AutoClose("quit")
    private static HeadlessChromium browser;

    @Inject
    PortalFixtures fixtures;

    @BeforeAll
    static void startBrowser() {
        browser = HeadlessChromium.start(900, Duration.ofSeconds(30));
    }

    @Test
    void aSignedInUserSeesTheEndpointsListed() {
        fixtures.load();
        browser.open("");
        browser.signIn(PortalFixtures.DEVELOPER, PortalFixtures.PASSWORD);
        browser.get(browser.getCurrentUrl().replaceAll("(https?://[^/]+).*", "$1") + "/q/swagger-ui/");
        List<String> paths;
        try {
            paths = browser.until(d -> {
                List<String> shown = d.findElements(By.cssSelector(".opblock-summary-path")).stream().map(WebElement::getText).toList();
                return shown.isEmpty() ? null : shown;
            });
        } catch (TimeoutException e) {
            throw new AssertionError("no endpoints listed; the console: " + browser.cspViolations() + "; the page: " + browser.getPageSource(), e);
        }
        assertTrue(paths.stream().anyMatch(p -> p.contains("/api/v1/render")), paths.toString());
        assertTrue(browser.cspViolations().isEmpty(), browser.cspViolations().toString());
    }
}
