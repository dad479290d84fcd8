package doppel.encode.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.encode.Embedding;
import doppel.encode.EncoderSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped spec of SSCD's published TorchScript (models/sscd_disc_mixup.torchscript.json) on the real DJL
 * engine: scripts/make_sscd_standin.py writes a random-weight network of the same architecture (ResNet-50, GeM,
 * 512-d projection, L2 norm) under the authors' file name, the spec is put beside it as a user would after the
 * download, and real photos are encoded. Needs /usr/bin/python3 with torch and torchvision and the shared photos;
 * skipped with a message otherwise.
 */
class SscdSpecTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    private static final Path PHOTOS = Path.of("../shared/photos");
    private static final Path SPEC = Path.of("models/sscd_disc_mixup.torchscript.json");
    /** Exit status of the stand-in script when torch or torchvision is missing. */
    private static final int NO_TORCH = 77;

    @TempDir
    Path tmp;

    @Test
    void sscdSpecEncodesRealPhotosTo512UnitVectorsDeterministically() throws Exception {
        Path script = Path.of("scripts/make_sscd_standin.py").toAbsolutePath();
        Assumptions.assumeTrue(Files.isExecutable(PYTHON), "skipped: /usr/bin/python3 is not installed");
        Assumptions.assumeTrue(Files.isRegularFile(script), "skipped: " + script + " not found (run from the project root)");
        Assumptions.assumeTrue(Files.isDirectory(PHOTOS), "skipped: " + PHOTOS + " (the shared real photos) is absent");
        Path models = Files.createDirectories(tmp.resolve("models"));
        Process p = new ProcessBuilder(PYTHON.toString(), script.toString(), models.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "stand-in script timed out");
        Assumptions.assumeTrue(p.exitValue() != NO_TORCH,
                "skipped: torch/torchvision missing for /usr/bin/python3 (apt-get install python3-torch python3-torchvision)");
        assertEquals(0, p.exitValue(), out);
        Path model = models.resolve("sscd_disc_mixup.torchscript.pt");
        Files.copy(SPEC, ModelSpec.besideModel(model));

        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Files.copy(PHOTOS.resolve("p0001.jpg"), photos.resolve("a.jpg"));
        Files.copy(PHOTOS.resolve("p0001.jpg"), photos.resolve("a-again.jpg"));
        Files.copy(PHOTOS.resolve("p0002.jpg"), photos.resolve("b.jpg"));
        Path alone = Files.createDirectories(tmp.resolve("alone"));
        Files.copy(PHOTOS.resolve("p0001.jpg"), alone.resolve("a.jpg"));

        try (CnnEncoder encoder = CnnEncoders.create(CnnOptions.local("cnn", model).withDevice("cpu").withWorkers(2))) {
            CnnEncoderTest.Collector c = CnnEncoderTest.run(encoder, photos);
            assertEquals(Map.of(), c.skipped);
            EncoderSpec spec = encoder.spec();
            assertEquals(512, encoder.modelSpec().outputDim());
            assertEquals(512, spec.size());
            assertEquals("sscd_disc_mixup", spec.params().get("model"));
            assertEquals("320x320", spec.params().get("input"));
            for (String name : List.of("a.jpg", "a-again.jpg", "b.jpg")) {
                float[] v = c.vector(name).vector();
                assertEquals(512, v.length, name);
                double n = 0;
                for (float f : v) {
                    n += f * f;
                }
                assertEquals(1.0, Math.sqrt(n), 1e-5, name);
            }
            Embedding a = c.vector("a.jpg");
            assertArrayEquals(a.vector(), c.vector("a-again.jpg").vector(), "same pixels in one batch");
            assertTrue(a.cosine(c.vector("b.jpg")) < 0.9999, "two different photos got the same vector");

            CnnEncoderTest.Collector again = CnnEncoderTest.run(encoder, alone);
            float[] solo = again.vector("a.jpg").vector();
            for (int k = 0; k < solo.length; k++) {
                assertEquals(a.vector()[k], solo[k], 1e-5, "a second run, alone in its batch: [" + k + "]");
            }
        }
    }
}
