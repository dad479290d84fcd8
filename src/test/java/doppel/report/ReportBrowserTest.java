package doppel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import doppel.encode.EncoderSpec;
import doppel.results.Fixture;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a generated report in real headless Chromium (src/test/browser/check-report.mjs, Playwright) and checks
 * that groups and previews render, the filter and paging work. Skips when Node, the script's node_modules or
 * /usr/bin/chromium are not installed. The screenshot is kept in target/browser-check/.
 */
class ReportBrowserTest {
    private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @TempDir
    Path tmp;

    @Test
    void reportWorksInHeadlessChromium() throws Exception {
        assumeTrue(nodeAvailable(), "node is not on the PATH: install Node.js 18+ to run the browser check");
        assumeTrue(Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core")),
                "playwright-core is not installed: run `npm ci` in " + BROWSER_DIR);
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is absent: apt-get install -y chromium (or set CHROMIUM)");

        // 60 groups: two pages of 50; one file missing so a placeholder shows on the first page.
        Fixture f = Fixture.create(tmp, 60, EncoderSpec.Metric.HAMMING);
        Files.delete(f.files.get("B/g0_small.jpg"));
        Path results = tmp.resolve("results.json");
        ResultsIO.write(f.result, results, null);
        ResultsFile r = ResultsIO.read(results);
        Path out = Path.of("target/browser-check").toAbsolutePath();
        Files.createDirectories(out);
        Path html = out.resolve("report.html");
        Path shot = out.resolve("shot.png");
        Files.deleteIfExists(shot);
        HtmlReport.Stats stats = HtmlReport.write(r, html, ReportOptions.defaults());
        assertEquals(1, stats.missing());

        Process p = new ProcessBuilder("node", "check-report.mjs", html.toString(), shot.toString())
                .directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, "browser check did not finish in 120 s:\n" + log);
        assertEquals(0, p.exitValue(), "browser check failed:\n" + log);
        assertTrue(log.contains("ok - every preview decoded"), log);
        assertTrue(log.contains("ok - next goes to page 2 of 2"), log);
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
    }

    private static boolean nodeAvailable() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
