package lfm.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * The report of two runs (LFM and FM) opened in headless Chromium through chromedriver (Selenium): the
 * script draws every chart and figure without an error, the DOM holds the comparison table and both
 * runs' curves, the log-scale switch redraws, a full-page screenshot shows both runs' colours
 * (target/browser/report.png), and Chromium's network log holds no request other than the page itself.
 * Skipped, with the reason, where Chromium or chromedriver is not installed (.ci/run installs them
 * where it can).
 */
class ReportBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportRendersInChromiumWithoutNetworkAccess() throws Exception {
        Path chromium = executable("LFM_CHROMIUM", "chromium", "chromium-browser", "google-chrome");
        Path driverBinary = executable("LFM_CHROMEDRIVER", "chromedriver");
        Assumptions.assumeTrue(
                chromium != null && driverBinary != null,
                "headless Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)");
        Path runs = TinyRunFolders.lfmAndFm();
        Path page = runs.resolve("browser-report.html");
        CommandLineRunner.Result report = CommandLineRunner.run(
                "report",
                "--backend",
                "cpu",
                "--run",
                runs.resolve("lfm").toString(),
                "--run",
                runs.resolve("fm").toString(),
                "--points",
                "800",
                "--solver",
                "rk4:6",
                "--out",
                page.toString());
        assertEquals(0, report.status(), report.err());

        ChromeDriver driver = start(chromium, driverBinary, Files.createTempDirectory("lfm-chromium"));
        try {
            String url = page.toUri().toString();
            driver.manage().logs().get(LogType.PERFORMANCE); // drains what the start page logged
            driver.get(url);
            assertEquals(
                    "true",
                    driver.findElement(By.tagName("body")).getDomAttribute("data-rendered"),
                    "the script ran to its end");
            checkContent(driver);
            Path screenshot = screenshot(driver, Path.of("target", "browser", "report.png"));
            checkColours(screenshot);
            checkNoNetwork(driver, url);
        } finally {
            driver.quit();
        }
    }

    private static void checkContent(ChromeDriver driver) {
        assertTrue(driver.getTitle().contains("lfm vs fm"), driver.getTitle());
        List<WebElement> rows = driver.findElements(By.cssSelector("#comparison-table tbody tr"));
        assertEquals(2, rows.size());
        assertTrue(
                rows.get(0).getText().contains("lfm") && rows.get(0).getText().contains("complete"),
                rows.get(0).getText());
        assertTrue(rows.get(1).getText().startsWith("fm"), rows.get(1).getText());
        // LFM: 3 blocks, FM: 1 block, one path per block and run.
        List<WebElement> curves = driver.findElements(By.cssSelector("#loss-chart path[data-series]"));
        assertEquals(4, curves.size(), "loss curves");
        assertTrue(
                curves.stream().anyMatch(c -> c.getDomAttribute("data-series").startsWith("fm · block 1")));
        assertEquals(
                6,
                driver.findElements(By.cssSelector("#figure-0 canvas")).size(),
                "lfm: data and samples, then p0..p3");
        assertEquals(2, driver.findElements(By.cssSelector(".eval-table")).size(), "an eval table per run");
        String axis = driver.findElement(By.cssSelector("#loss-chart svg")).getText();
        assertTrue(axis.contains("(log scale)"), axis);
        driver.findElement(By.id("loss-log")).click();
        String linear = driver.findElement(By.cssSelector("#loss-chart svg")).getText();
        assertTrue(!linear.contains("(log scale)") && linear.contains("loss"), linear);
        List<LogEntry> errors = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .toList();
        assertTrue(errors.isEmpty(), "browser console: " + errors);
    }

    /**
     * Chromium's performance log since the page was opened: no request to a network scheme at all, and
     * the page's document requested nothing but itself (and data: URLs).
     */
    private static void checkNoNetwork(ChromeDriver driver, String url) throws Exception {
        List<String> requested = new ArrayList<>(), byPage = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            JsonNode message = JSON.readTree(entry.getMessage()).path("message");
            if (message.path("method").asText().equals("Network.requestWillBeSent")) {
                String requestUrl = message.at("/params/request/url").asText();
                requested.add(requestUrl);
                if (message.at("/params/documentURL").asText().equals(url)) {
                    byPage.add(requestUrl);
                }
            }
        }
        assertTrue(byPage.contains(url), "the page's own load is logged: " + requested);
        assertTrue(
                byPage.stream().allMatch(u -> u.equals(url) || u.startsWith("data:")), "the page requested " + byPage);
        assertTrue(
                requested.stream().noneMatch(u -> u.matches("(?i)(https?|wss?|ftp):.*")),
                "network requests: " + requested);
        Object resources = ((JavascriptExecutor) driver)
                .executeScript("return performance.getEntriesByType('resource').map(e => e.name);");
        assertEquals(List.of(), resources, "resources the page loaded");
    }

    /** A full-page PNG through the DevTools protocol (Page.captureScreenshot beyond the viewport). */
    private static Path screenshot(ChromeDriver driver, Path file) throws Exception {
        Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Number> size = (Map<String, Number>) metrics.get("cssContentSize");
        Map<String, Object> clip =
                Map.of("x", 0, "y", 0, "width", size.get("width"), "height", size.get("height"), "scale", 1);
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
        Files.createDirectories(file.getParent());
        Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
        return file;
    }

    /** The screenshot shows both run colours (curves, swatches) on a mostly white page. */
    private static void checkColours(Path file) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(file)));
        assertTrue(image.getWidth() >= 1000 && image.getHeight() > 2000, image.getWidth() + "×" + image.getHeight());
        int lfmBlue = 0, fmRed = 0;
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y) & 0xffffff;
                lfmBlue += near(rgb, 0x2f5fb3) ? 1 : 0;
                fmRed += near(rgb, 0xd1495b) ? 1 : 0;
            }
        }
        assertTrue(
                lfmBlue > 50 && fmRed > 50, "run colours in the screenshot: " + lfmBlue + " blue, " + fmRed + " red");
    }

    private static boolean near(int rgb, int target) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs((rgb >> shift & 0xff) - (target >> shift & 0xff)) > 12) {
                return false;
            }
        }
        return true;
    }

    private static ChromeDriver start(Path chromium, Path driverBinary, Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        // Root in a container needs --no-sandbox; the rest keeps Chromium from reaching out on its own.
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1000",
                "--user-data-dir=" + profile);
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverBinary.toFile())
                .usingAnyFreePort()
                .withSilent(true)
                .build();
        return new ChromeDriver(service, options);
    }

    /** The first of {@code names} on the PATH (or the file named by the environment variable). */
    private static Path executable(String variable, String... names) {
        String given = System.getenv(variable);
        if (given != null && Files.isExecutable(Path.of(given))) {
            return Path.of(given);
        }
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : names) {
                Path candidate = Path.of(directory, name);
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }
}
