package doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as a user's shell sees it: {@code doppel.cli.Main} in a child JVM, with its real stderr
 * (file descriptor 2, where native libraries write past Java) captured.
 */
class CliProcessTest {
    @TempDir
    Path tmp;

    record Proc(int exit, String out, String err) {
    }

    static Proc doppel(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-Djava.awt.headless=true", "-cp", System.getProperty("java.class.path"), "doppel.cli.Main"));
        cmd.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "doppel did not finish");
        return new Proc(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void misspelledOptionAfterMultiValueOptionIsNamedInOneLine() throws Exception {
        Files.createDirectories(tmp.resolve("A"));
        Proc r = doppel(tmp, "find", "--dirs", tmp.resolve("A").toString(), "--treshold", "5");
        assertEquals(1, r.exit());
        List<String> lines = r.err().lines().toList();
        assertTrue(lines.size() <= 3, r.err());
        assertTrue(lines.get(0).contains("unknown option '--treshold'"), r.err());
        assertTrue(lines.get(0).contains("did you mean --threshold"), r.err());
    }

    /**
     * A PNG of the shared photos whose iCCP profile makes OpenCV's libpng warn; quiet runs of the hash and
     * the CNN encoder print nothing on stderr, and loud runs do not show the libpng noise either.
     */
    @Test
    void quietRunsPrintNothingOnStderr() throws Exception {
        Path png = Path.of(System.getProperty("doppel.shared.photos", "../shared/photos"), "p0161.png");
        Assumptions.assumeTrue(Files.isRegularFile(png), "shared photos not found (" + png + "); skipping");
        Path model = Path.of(System.getProperty("user.dir"), "models", "doppel-filterbank-v1.pt");
        Path data = Files.createDirectories(tmp.resolve("photos"));
        Files.copy(png, data.resolve("p0161.png"));
        Files.copy(png, data.resolve("copy.png"));

        Proc quiet = doppel(tmp, "find", "--dirs", data.toString(), "-q");
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals("", quiet.err());
        assertEquals("", quiet.out());

        Proc loud = doppel(tmp, "find", "--dirs", data.toString());
        assertEquals(0, loud.exit(), loud.err());
        assertFalse(loud.err().contains("libpng"), loud.err());
        assertTrue(loud.out().contains("1 pairs"), loud.out());

        Proc cnn = doppel(tmp, "find", "--dirs", data.toString(), "-q", "--encoder", "cnn", "--model", model.toString());
        assertEquals(0, cnn.exit(), cnn.err());
        assertEquals("", cnn.err());
    }

    @Test
    void nativeNoiseIsDroppedAndEverythingElseShown() {
        assertFalse(NativeStderr.shown("libpng warning: iCCP: known incorrect sRGB profile", false));
        assertFalse(NativeStderr.shown("[W NNPACK.cpp:64] Could not initialize NNPACK! Reason: Unsupported hardware.", false));
        assertTrue(NativeStderr.shown("libpng warning: Image width exceeds user limit", false));
        assertFalse(NativeStderr.shown("libpng warning: Image width exceeds user limit", true));
        assertFalse(NativeStderr.shown("", false));
        assertTrue(NativeStderr.shown("terminate called after throwing an instance of 'c10::Error'", true));
    }
}
