package doppel.report;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Node script of src/test/browser (Playwright driving headless Chromium) for the report's browser tests,
 * and skips the calling test when Node, playwright-core or Chromium are not installed (scripts/setup-browser-test
 * installs them).
 */
public final class BrowserCheck {
    private static final Path BROWSER_DIR = Path.of("src/test/browser").toAbsolutePath();
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    private BrowserCheck() {
    }

    /** What a script printed, and its exit code. */
    public record Result(int exit, String log) {
    }

    /** Skips the test unless Node, the scripts' node_modules and Chromium are installed. */
    public static void assumeInstalled() {
        assumeTrue(nodeAvailable(), "node is not on the PATH: install Node.js 18+ to run the browser check");
        assumeTrue(Files.isDirectory(BROWSER_DIR.resolve("node_modules/playwright-core")),
                "playwright-core is not installed: run `npm ci` in " + BROWSER_DIR);
        assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is absent: apt-get install -y chromium (or set CHROMIUM)");
    }

    /** Runs {@code node script args...} in src/test/browser; fails the test when it runs longer than two minutes. */
    public static Result run(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("node", script));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(BROWSER_DIR.toFile()).redirectErrorStream(true).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(done, script + " did not finish in 120 s:\n" + log);
        return new Result(p.exitValue(), log);
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
