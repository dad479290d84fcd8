package doppel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.encode.EncoderSpec;
import doppel.results.Fixture;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opens a generated report in real headless Chromium (src/test/browser/check-report.mjs, Playwright) and checks
 * that groups and previews render, the filter and paging work. Skips when Node, the script's node_modules or
 * /usr/bin/chromium are not installed. The screenshot is kept in target/browser-check/. The review (decisions,
 * export, apply) is tested by doppel.cli.ReviewInBrowserTest.
 */
class ReportBrowserTest {
    @TempDir
    Path tmp;

    @Test
    void reportWorksInHeadlessChromium() throws Exception {
        BrowserCheck.assumeInstalled();

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

        BrowserCheck.Result run = BrowserCheck.run("check-report.mjs", html.toString(), shot.toString());
        assertEquals(0, run.exit(), "browser check failed:\n" + run.log());
        assertTrue(run.log().contains("ok - every preview decoded"), run.log());
        assertTrue(run.log().contains("ok - next goes to page 2 of 2"), run.log());
        BufferedImage img = ImageIO.read(shot.toFile());
        assertEquals(1280, img.getWidth());
    }
}
