package doppel.encode.cnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.progress.Progress;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the real PyTorch engine on the shipped fixture model and on images written to a temp dir. */
class CnnEncoderTest {
    static final Path MODEL = Path.of("models/doppel-filterbank-v1.pt");
    static CnnEncoder encoder;

    @BeforeAll
    static void load() {
        encoder = CnnEncoders.create(CnnOptions.local("cnn", MODEL).withDevice("cpu").withWorkers(2));
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    /** A synthetic scene: gradient sky, coloured shapes placed by the seed. */
    static BufferedImage scene(long seed, int w, int h) {
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        float tint = r.nextFloat();
        for (int y = 0; y < h; y++) {
            float t = (float) y / h;
            g.setColor(new Color(0.2f + 0.3f * t, 0.3f + 0.3f * tint, 0.9f - 0.5f * t));
            g.drawLine(0, y, w, y);
        }
        for (int i = 0; i < 12; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256)));
            int x = r.nextInt(w);
            int y = r.nextInt(h);
            int s = w / 12 + r.nextInt(w / 4);
            if (r.nextBoolean()) {
                g.fillOval(x - s / 2, y - s / 2, s, s);
            } else {
                g.fillRect(x - s / 2, y - s / 3, s, 2 * s / 3);
            }
        }
        g.dispose();
        return img;
    }

    static Path write(BufferedImage img, Path file, String format) throws IOException {
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
        return file;
    }

    static Path writeJpeg(BufferedImage img, Path file, float quality) throws IOException {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = w.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            w.setOutput(out);
            w.write(null, new IIOImage(img, null, null), p);
        } finally {
            w.dispose();
        }
        return file;
    }

    static BufferedImage scaled(BufferedImage img, double f) {
        int w = (int) (img.getWidth() * f);
        int h = (int) (img.getHeight() * f);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    /** Collects results; thread-safe as the encoder requires. */
    static final class Collector implements EncodeSink, Progress {
        final Map<String, EncodedImage> encoded = Collections.synchronizedMap(new TreeMap<>());
        final Map<String, String> skipped = Collections.synchronizedMap(new TreeMap<>());
        final AtomicLong steps = new AtomicLong();

        @Override
        public void encoded(EncodedImage image) {
            encoded.put(image.file().relativePath(), image);
        }

        @Override
        public void skipped(SkippedFile s) {
            skipped.put(s.relativePath(), s.reason());
        }

        @Override
        public void start(String task, long total) {
        }

        @Override
        public void step(long n) {
            steps.addAndGet(n);
        }

        @Override
        public void close() {
        }

        Embedding vector(String name) {
            return (Embedding) encoded.get(name).fingerprint();
        }
    }

    static Collector run(CnnEncoder enc, Path dir) throws IOException {
        Dataset ds = new Dataset("t", dir);
        List<ImageFile> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            for (Path p : s.sorted(Comparator.naturalOrder()).toList()) {
                files.add(new ImageFile(ds, p.getFileName().toString(), Files.size(p), 0));
            }
        }
        Collector c = new Collector();
        enc.encode(files, c, c);
        return c;
    }

    @Test
    void identicalPixelsGiveIdenticalVectors(@TempDir Path dir) throws IOException {
        BufferedImage img = scene(1, 320, 240);
        write(img, dir.resolve("a.png"), "png");
        write(img, dir.resolve("a.bmp"), "bmp");
        Collector c = run(encoder, dir);
        assertEquals(Map.of(), c.skipped);
        assertArrayEquals(c.vector("a.png").vector(), c.vector("a.bmp").vector());
        assertEquals(320, c.encoded.get("a.png").width());
        assertEquals(240, c.encoded.get("a.png").height());
    }

    @Test
    void nearDuplicatesScoreAboveUnrelatedImages(@TempDir Path dir) throws IOException {
        BufferedImage img = scene(7, 640, 480);
        write(img, dir.resolve("orig.png"), "png");
        writeJpeg(img, dir.resolve("q60.jpg"), 0.6f);
        write(scaled(img, 0.5), dir.resolve("half.png"), "png");
        write(scene(8, 640, 480), dir.resolve("other.png"), "png");
        Collector c = run(encoder, dir);
        Embedding orig = c.vector("orig.png");
        double other = orig.cosine(c.vector("other.png"));
        for (String dup : List.of("q60.jpg", "half.png")) {
            double sim = orig.cosine(c.vector(dup));
            assertTrue(sim >= 0.9, dup + " cosine " + sim);
            assertTrue(sim > other + 0.1, dup + " cosine " + sim + " vs unrelated " + other);
        }
    }

    @Test
    void dimensionNormAndSpecFollowTheModelSpec(@TempDir Path dir) throws IOException {
        write(scene(3, 200, 300), dir.resolve("x.png"), "png");
        Collector c = run(encoder, dir);
        float[] v = c.vector("x.png").vector();
        assertEquals(encoder.modelSpec().outputDim(), v.length);
        double n = 0;
        for (float f : v) {
            n += f * f;
        }
        assertEquals(1.0, Math.sqrt(n), 1e-5);
        EncoderSpec spec = encoder.spec();
        assertEquals("cnn", spec.name());
        assertEquals(EncoderSpec.Metric.COSINE, spec.metric());
        assertEquals(v.length, spec.size());
        assertEquals("doppel-filterbank-v1", spec.params().get("model"));
        assertEquals("128x128", spec.params().get("input"));
        assertTrue(spec.params().get("model_sha256").matches("[0-9a-f]{16}"), spec.params().toString());
        assertEquals("cpu", spec.variantParams().get("device"));
        assertTrue(encoder.runtimeNote().contains("doppel-filterbank-v1") && encoder.runtimeNote().contains("CPU"),
                encoder.runtimeNote());
    }

    @Test
    void batchResultsEqualSingleResults(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 5; i++) {
            write(scene(20 + i, 300 + 40 * i, 260), dir.resolve("s" + i + ".png"), "png");
        }
        Collector batched = run(encoder, dir);
        try (CnnEncoder single = CnnEncoders.create(CnnOptions.local("cnn", MODEL).withDevice("cpu").withBatchSize(1))) {
            Collector one = run(single, dir);
            assertEquals(5, one.encoded.size());
            for (String name : one.encoded.keySet()) {
                float[] a = batched.vector(name).vector();
                float[] b = one.vector(name).vector();
                for (int k = 0; k < a.length; k++) {
                    assertEquals(a[k], b[k], 1e-5, name + "[" + k + "]");
                }
            }
        }
    }

    @Test
    void badImagesAreSkippedWhileOthersEncode(@TempDir Path dir) throws IOException {
        write(scene(5, 160, 120), dir.resolve("good.png"), "png");
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        Files.write(dir.resolve("junk.jpg"), junk);
        byte[] png = Files.readAllBytes(write(scene(6, 160, 120), dir.resolve("tmp.png"), "png"));
        Files.delete(dir.resolve("tmp.png"));
        Files.write(dir.resolve("truncated.png"), java.util.Arrays.copyOf(png, 60));
        Collector c = run(encoder, dir);
        assertEquals(List.of("good.png"), new ArrayList<>(c.encoded.keySet()));
        assertEquals(List.of("empty.jpg", "junk.jpg", "truncated.png"), new ArrayList<>(c.skipped.keySet()));
        assertEquals("zero-byte file", c.skipped.get("empty.jpg"));
        assertEquals(4, c.steps.get());
    }
}
