package doppel.encode.cnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import doppel.encode.EncoderException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way the model can be wrong ends in a one-line {@link EncoderException} naming the problem. */
class CnnEncoderErrorsTest {

    static String failure(CnnOptions options) {
        EncoderException e = assertThrows(EncoderException.class, () -> CnnEncoders.create(options).close());
        assertFalse(e.getMessage().contains("\n"), "multi-line message: " + e.getMessage());
        return e.getMessage();
    }

    static void spec(Path model, int w, int h, int dim) throws IOException {
        new ModelSpec("test-" + w, w, h, ModelSpec.RESIZE_EXACT, w, null, null, dim, true, "RGB", "0..1", "")
                .write(ModelSpec.besideModel(model));
    }

    static Path resource(String name, Path dir) throws IOException {
        Path out = dir.resolve(name);
        try (InputStream in = CnnEncoderErrorsTest.class.getResourceAsStream(name)) {
            Files.copy(in, out);
        }
        return out;
    }

    @Test
    void missingModelFile(@TempDir Path dir) {
        String m = failure(CnnOptions.local("cnn", dir.resolve("nope.pt")));
        assertTrue(m.startsWith("model file not found: ") && m.contains("nope.pt"), m);
    }

    @Test
    void noModelOfflinePointsToTheShippedOne() {
        String m = failure(CnnOptions.local("cnn", null));
        assertTrue(m.contains("--model models/doppel-filterbank-v1.pt"), m);
    }

    @Test
    void modelUrlOfflineFailsAtOnceInOneLine() {
        for (String url : new String[] {CnnEncoders.ZOO_DEFAULT, "https://example.org/models/resnet.zip"}) {
            String m = failure(new CnnOptions("cnn", null, url, "cpu", 8, 1, 1_000_000));
            assertEquals("model URL " + url + " needs the network: run with DJL_OFFLINE=false (and internet access)", m);
        }
    }

    @Test
    void zooDefaultHasAKnownSpecAndOtherUrlsAreProbed() {
        ModelSpec zoo = CnnEncoders.remoteSpec(CnnEncoders.ZOO_DEFAULT);
        assertEquals(CnnEncoders.ZOO_DEFAULT, zoo.id());
        assertEquals(512, zoo.outputDim());
        assertEquals(256, zoo.resizeShortSide());
        assertEquals(224, zoo.inputWidth());
        assertTrue(zoo.l2normalize());
        ModelSpec other = CnnEncoders.remoteSpec("https://example.org/m.zip");
        assertEquals("https://example.org/m.zip", other.id());
        assertEquals(0, other.outputDim(), "dimension comes from the model's output");
    }

    @Test
    void missingSpecFile(@TempDir Path dir) throws IOException {
        Path model = Files.copy(CnnEncoderTest.MODEL, dir.resolve("m.pt"));
        String m = failure(CnnOptions.local("cnn", model));
        assertTrue(m.startsWith("model spec not found: ") && m.contains("m.json"), m);
    }

    @Test
    void corruptModelFile(@TempDir Path dir) throws IOException {
        byte[] junk = new byte[20000];
        new Random(3).nextBytes(junk);
        Path model = Files.write(dir.resolve("junk.pt"), junk);
        spec(model, 64, 64, 0);
        String m = failure(CnnOptions.local("cnn", model).withDevice("cpu"));
        assertTrue(m.startsWith("cannot load model ") && m.contains("junk.pt"), m);
    }

    @Test
    void modelReturningAFeatureMap(@TempDir Path dir) throws IOException {
        Path model = resource("map-output.pt", dir);
        spec(model, 32, 32, 0);
        String m = failure(CnnOptions.local("cnn", model).withDevice("cpu"));
        assertTrue(m.startsWith("model output is not a vector: each image gives shape (2, 4, 4)"), m);
    }

    @Test
    void inputSizeRejectedByTheModel(@TempDir Path dir) throws IOException {
        Path model = resource("fixed-input-8.pt", dir);
        spec(model, 64, 64, 0);
        String m = failure(CnnOptions.local("cnn", model).withDevice("cpu"));
        assertTrue(m.contains("rejected input 1x3x64x64"), m);
    }

    @Test
    void outputDimensionDifferentFromTheSpec(@TempDir Path dir) throws IOException {
        Path model = resource("fixed-input-8.pt", dir);
        spec(model, 8, 8, 10);
        String m = failure(CnnOptions.local("cnn", model).withDevice("cpu"));
        assertTrue(m.contains("returns 8 values, its spec says outputDim 10"), m);
    }

    @Test
    void gpuRequestedWithoutGpu() {
        Assumptions.assumeTrue(Engine.getEngine("PyTorch").getGpuCount() == 0, "this machine has a GPU");
        String m = failure(CnnOptions.local("cnn", CnnEncoderTest.MODEL).withDevice("gpu"));
        assertTrue(m.startsWith("--device gpu: no GPU visible to DJL/PyTorch"), m);
    }

    @Test
    void onnxIsRefusedWithAReason(@TempDir Path dir) throws IOException {
        Path model = Files.write(dir.resolve("m.onnx"), new byte[] {1, 2, 3});
        String m = failure(CnnOptions.local("cnn", model));
        assertTrue(m.contains("OnnxRuntime engine, which this build does not include"), m);
    }

    @Test
    void badSpecValuesAreNamed(@TempDir Path dir) throws IOException {
        Path model = Files.copy(CnnEncoderTest.MODEL, dir.resolve("m.pt"));
        Files.writeString(ModelSpec.besideModel(model),
                "{\"id\":\"x\",\"inputWidth\":64,\"inputHeight\":64,\"resize\":\"stretch\"}");
        String m = failure(CnnOptions.local("cnn", model));
        assertTrue(m.startsWith("bad model spec ") && m.contains("'resize' must be one of"), m);
    }
}
