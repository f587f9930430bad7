package io.sluice.app;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's Chromium ({@code /usr/bin/chromium}) driven through its chromedriver ({@code /usr/bin/chromedriver}),
 * headless at 1280x800, for the console's browser tests. Both paths are given, so Selenium Manager never runs and
 * nothing is downloaded; the flags keep Chromium off the network (this machine's is closed) and the profile is a
 * fresh directory. Keeps the browser's console log, so a test can fail on any SEVERE entry. Not thread-safe.
 */
final class ConsoleBrowser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /**
     * Quiet about the CDP version Selenium has no classes for: the tests use WebDriver and the browser log, never
     * CDP. Held here, as java.util.logging keeps loggers weakly.
     */
    private static final Logger CDP_LOG = Logger.getLogger("org.openqa.selenium.devtools");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final String base;
    private final Path screenshots;
    private final List<String> expected = new ArrayList<>();

    private ConsoleBrowser(ChromeDriver driver, ChromeDriverService service, String base, Path screenshots) {
        this.driver = driver;
        this.service = service;
        this.base = base;
        this.screenshots = screenshots;
    }

    /** Starts Chromium on a fresh profile under {@code profile}; pages are opened under {@code base}. */
    static ConsoleBrowser start(String base, Path profile, Path screenshots) {
        CDP_LOG.setLevel(Level.SEVERE);
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1280,800",
                "--user-data-dir=" + profile.toAbsolutePath());
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriver driver = new ChromeDriver(service, options);
        // --window-size counts the window's frame: make the page itself 1280x800, as the screenshots show it.
        Object frame = driver.executeScript(
                "return [window.outerWidth - window.innerWidth, " + "window.outerHeight - window.innerHeight]");
        List<?> extra = (List<?>) frame;
        driver.manage()
                .window()
                .setSize(new Dimension(
                        1280 + ((Number) extra.get(0)).intValue(), 800 + ((Number) extra.get(1)).intValue()));
        driver.manage().timeouts().scriptTimeout(WAIT);
        return new ConsoleBrowser(driver, service, base, screenshots);
    }

    /** Opens a console page by its hash route ({@code "#/dlq"}). */
    void open(String route) {
        driver.get(base + "/" + route);
    }

    /** Waits until an element that {@code css} selects is shown, and returns it. */
    WebElement shown(String css) {
        return await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> driver.findElement(By.cssSelector(css)), WebElement::isDisplayed);
    }

    /** Waits until the text of what {@code css} selects contains {@code text}. */
    WebElement containing(String css, String text) {
        return await().atMost(WAIT)
                .ignoreExceptions()
                .until(() -> driver.findElement(By.cssSelector(css)), e -> e.getText()
                        .contains(text));
    }

    /**
     * Clicks what {@code css} selects once it is shown, trying again if the page redrew it meanwhile. The element is
     * scrolled to the middle first: chromedriver scrolls it to the top, under the page's sticky header.
     */
    void click(String css) {
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            WebElement e = driver.findElement(By.cssSelector(css));
            driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", e);
            e.click();
            return true;
        });
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Saves the viewport as {@code <name>.png} in the screenshot directory. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Accepts, once, the browser's SEVERE log entry for a 401 answer from {@code path}: the token flow's first try,
     * which the browser logs as a failed request whatever the page does with it.
     */
    void expectUnauthorizedOnce(String path) {
        expected.add(path);
    }

    /**
     * The SEVERE entries (script errors, failed requests) the browser's console logged since the last call, but
     * the expected 401s ({@link #expectUnauthorizedOnce}).
     */
    List<String> severeSinceLastCall() {
        List<String> out = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() < Level.SEVERE.intValue()) {
                continue;
            }
            String m = e.getMessage();
            String path = expected.stream()
                    .filter(p -> m.contains(p) && m.contains("status of 401"))
                    .findFirst()
                    .orElse(null);
            if (path == null) {
                out.add(m);
            } else {
                expected.remove(path);
            }
        }
        return out;
    }

    String pageSource() {
        return driver.getPageSource();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
