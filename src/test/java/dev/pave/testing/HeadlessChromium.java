package dev.pave.testing;

import io.quarkus.test.common.http.TestHTTPResourceManager;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium driven by its chromedriver, headless, with a fresh profile and the flags this machine's closed
 * network needs, pointed at the running {@code @QuarkusTest} app. It is the driver itself (so tests call Selenium on
 * it directly) plus what every browser test does: open a path, find a field by its label, sign in, wait, and save
 * screenshots to target/screenshots. Quitting it deletes the profile: a test class starts one in {@code @BeforeAll}
 * into a static field marked {@code @AutoClose("quit")}.
 */
public final class HeadlessChromium extends ChromeDriver {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final Path profile;
    private final String base;
    private final WebDriverWait wait;

    private HeadlessChromium(ChromeDriverService service, ChromeOptions options, Path profile, Duration timeout) {
        super(service, options);
        this.profile = profile;
        // what @TestHTTPResource reads, available in a static @BeforeAll
        this.base = TestHTTPResourceManager.getUri();
        this.wait = new WebDriverWait(this, timeout);
        // htmx swaps panels while a condition reads them
        wait.ignoring(StaleElementReferenceException.class);
    }

    /** A browser whose {@link #until} gives up after {@code timeout}. */
    public static HeadlessChromium start(int windowHeight, Duration timeout) {
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
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(chromedriver))
                    .usingAnyFreePort().build();
            return new HeadlessChromium(service, options, profile, timeout);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The app's URL of a path without its leading slash ("" is the home page). */
    public String url(String path) {
        return base + "/" + path;
    }

    public void open(String path) {
        get(url(path));
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
        return wait.until(condition);
    }

    /** Saves the page as target/screenshots/{name}.png. */
    public void screenshot(String name) {
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
