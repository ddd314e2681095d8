package dev.pave.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Collectors;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium driven by its chromedriver, headless, with a fresh profile and the flags this machine's closed
 * network needs, pointed at the running {@code @QuarkusTest} app. It is the driver itself (so tests call Selenium on
 * it directly) plus what every browser test does: open a path, find a field by its label, sign in, wait, and save
 * screenshots to target/screenshots. Quitting it deletes the profile: a test class starts one in {@code @BeforeAll}
 * into a static field marked {@code @AutoClose("quit")}.
 *
 * <p>It also watches the Content-Security-Policy: every page {@link #open}ed is fetched once more with the browser's
 * cookies to check its security headers (Selenium cannot read them), and {@link #assertKeptToThePolicy}, which a
 * test class calls {@code @AfterEach}, fails on any violation Chromium reported in its console since the last call
 * (an inline handler it refused to run, a style it refused to apply) and checks the current page's headers.
 *
 * <p>And it audits accessibility: on every page {@link #open}ed, every screenshot and that same {@code @AfterEach},
 * axe-core (npm, {@code src/test/axe}, installed by {@code .ci/run} with {@code npm ci --prefix src/test/axe}) checks
 * the page against WCAG 2.1 A and AA, and any serious or critical violation fails the test.
 */
public final class HeadlessChromium extends ChromeDriver {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Path AXE = Path.of("src", "test", "axe", "node_modules", "axe-core", "axe.min.js");
    private static final String AXE_RUN = """
            const done = arguments[arguments.length - 1];
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
              .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.impact + ' ' + v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 5).map(n => n.target.join(' ')).join(' | '))))
              .catch(e => done(['axe failed: ' + e]));""";
    private static final String AXE_SOURCE = loadAxe();

    private final Path profile;
    private final String base;
    private final WebDriverWait wait;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private HeadlessChromium(ChromeDriverService service, ChromeOptions options, Path profile, String base, Duration timeout) {
        super(service, options);
        this.profile = profile;
        this.base = base;
        this.wait = new WebDriverWait(this, timeout);
        // htmx swaps panels while a condition reads them
        wait.ignoring(StaleElementReferenceException.class);
        // the copy buttons write to the clipboard, which a headless browser allows only when told so
        executeCdpCommand("Browser.grantPermissions", Map.of("origin", base, "permissions",
                List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
    }

    /** A browser on the {@code @QuarkusTest}'s Pave whose {@link #until} gives up after {@code timeout}. */
    public static HeadlessChromium start(int windowHeight, Duration timeout) {
        // what @TestHTTPResource reads, available in a static @BeforeAll
        return start(TestHTTPResourceManager.getUri(), windowHeight, timeout);
    }

    /** A browser on the Pave at {@code base} (e.g. a packaged one an {@code *IT} started). */
    public static HeadlessChromium start(String base, int windowHeight, Duration timeout) {
        String chromium = Tools.require("chromium", "apt-get install -y chromium chromium-driver");
        String chromedriver = Tools.require("chromedriver", "apt-get install -y chromium chromium-driver");
        try {
            Files.createDirectories(SCREENSHOTS);
            Path profile = Files.createTempDirectory("pave-chromium");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(chromium);
            options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                    "--disable-quic", "--window-size=1280," + windowHeight, "--user-data-dir=" + profile);
            // the console, where Chromium reports what the Content-Security-Policy blocked
            LoggingPreferences logs = new LoggingPreferences();
            logs.enable(LogType.BROWSER, Level.ALL);
            options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                    .usingAnyFreePort().build();
            return new HeadlessChromium(service, options, profile, base, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app's URL of a path without its leading slash ("" is the home page). */
    public String url(String path) {
        return base + "/" + path;
    }

    /** Opens the page and checks the security headers it was served with. */
    public void open(String path) {
        get(url(path));
        assertSecurityHeaders(url(path));
        assertAccessible();
    }

    /** Fails on any serious or critical WCAG 2.1 A/AA violation axe-core finds on the page as it is now. */
    public void assertAccessible() {
        if (AXE_SOURCE == null || !getCurrentUrl().startsWith(base)) {
            return;
        }
        if (!Boolean.TRUE.equals(executeScript("return typeof axe !== 'undefined'"))) {
            executeScript(AXE_SOURCE);
        }
        @SuppressWarnings("unchecked")
        List<String> violations = (List<String>) executeAsyncScript(AXE_RUN);
        if (!violations.isEmpty()) {
            throw new AssertionError("Accessibility violations on " + getCurrentUrl() + ":\n" + String.join("\n", violations));
        }
    }

    /** axe-core's script, or null outside CI when it is not installed (the audit is skipped, saying so once). */
    private static String loadAxe() {
        if (Files.isRegularFile(AXE)) {
            try {
                return Files.readString(AXE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String message = AXE + " is missing: run npm ci --prefix src/test/axe (Node.js and npm)";
        if ("true".equals(System.getenv("CI"))) {
            throw new IllegalStateException(message);
        }
        System.err.println("WARNING: " + message + "; the browser tests skip their accessibility audit");
        return null;
    }

    /**
     * Fails on any Content-Security-Policy violation Chromium reported since the last call, then checks the security
     * headers of the page the browser shows now.
     */
    public void assertKeptToThePolicy() {
        assertAccessible();
        List<String> violations = cspViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError("Content-Security-Policy violations on " + getCurrentUrl() + ":\n" + String.join("\n", violations));
        }
        String current = getCurrentUrl();
        if (current.startsWith(base)) {
            assertSecurityHeaders(current);
        }
    }

    /** The console's reports of what the Content-Security-Policy blocked since the last call (reading them clears them). */
    public List<String> cspViolations() {
        return manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
                .filter(m -> m.toLowerCase(Locale.ROOT).contains("content security policy")).collect(Collectors.toList());
    }

    /** Fetches the URL with the browser's cookies, as the browser would, and checks the response's security headers. */
    private void assertSecurityHeaders(String url) {
        String cookies = manage().getCookies().stream().map(c -> c.getName() + "=" + c.getValue()).collect(Collectors.joining("; "));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies);
        }
        try {
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            SecurityHeaders.assertPresent(url + " (" + response.statusCode() + ")", name -> response.headers().firstValue(name).orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The form control a visible label names, as a person finds it. */
    public WebElement field(String label) {
        WebElement l = findElement(By.xpath("//label[normalize-space(text())='" + label + "']"));
        return findElement(By.id(l.getDomAttribute("for")));
    }

    /** Fills and submits the sign-in form the current page shows, then waits for the signed-in main menu. */
    public void signIn(String username, String password) {
        field("Username").sendKeys(username);
        field("Password").sendKeys(password);
        findElement(By.cssSelector("form[aria-label='Sign in'] button[type=submit]")).click();
        until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("nav[aria-label='Main']")));
    }

    /** Waits until the condition holds (is neither null nor false) and returns its value. */
    public <V> V until(Function<? super WebDriver, V> condition) {
        return wait.until(driver -> {
            try {
                return condition.apply(driver);
            } catch (WebDriverException e) {
                // a reload (HX-Refresh) can drop a node between finding and reading it; Chromium then answers this
                // instead of a stale element, so it means "not yet" like staleness does
                if (String.valueOf(e.getMessage()).contains("does not belong to the document")) {
                    return null;
                }
                throw e;
            }
        });
    }

    /**
     * Reloads the page at a phone's width (420 px), fails if it is wider than the screen, saves it as {@code screenshot},
     * and goes back to the desktop width (1280 × 1100).
     */
    public void assertFitsPhone(String screenshot) {
        manage().window().setSize(new Dimension(420, 900));
        navigate().refresh();
        long width = (Long) executeScript("return document.documentElement.scrollWidth");
        if (width > 420) {
            throw new AssertionError("the page keeps to a phone's width: " + width);
        }
        screenshot(screenshot);
        manage().window().setSize(new Dimension(1280, 1100));
    }

    /** Saves the page as target/screenshots/{name}.png. */
    public void screenshot(String name) {
        assertAccessible();
        try {
            Files.move(getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void quit() {
        super.quit();
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
