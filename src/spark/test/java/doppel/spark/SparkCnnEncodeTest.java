package doppel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.dataset.SkippedFile;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.encode.cnn.CnnEncoder;
import doppel.encode.cnn.CnnEncoders;
import doppel.encode.cnn.CnnOptions;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import doppel.progress.Progress;
import doppel.search.CosineSearch;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.SearchOptions;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's DJL encoder run inside Spark executors ({@link CnnEncoderFactory}) on real photos gives the CLI's
 * vectors, its JSON export reads back into the CLI, and the CLI's search and Spark's cosine join on it find the
 * planted resized copy as the CLI's own encodings do.
 */
class SparkCnnEncodeTest {
    private static final Path MODEL = Path.of("models/doppel-filterbank-v1.pt");
    private static final int PHOTOS = 6;
    private static final double THRESHOLD = 0.95;

    @TempDir
    Path tmp;

    @Test
    void sparkVectorsAndPairsEqualTheCliEncoders() throws Exception {
        Path photos = Path.of(System.getProperty("doppel.shared.photos", "../shared/photos"));
        Assumptions.assumeTrue(Files.isDirectory(photos), "shared photos not found at " + photos + ": skipping the Spark CNN test");
        Path dir = Files.createDirectories(tmp.resolve("a"));
        List<Path> sources;
        try (Stream<Path> s = Files.list(photos)) {
            sources = s.filter(p -> p.toString().matches(".*\\.jpg")).sorted().limit(PHOTOS).toList();
        }
        Assumptions.assumeTrue(sources.size() == PHOTOS, "fewer than " + PHOTOS + " shared photos: skipping");
        for (Path src : sources) {
            Files.copy(src, dir.resolve(src.getFileName().toString()));
        }
        String original = sources.get(0).getFileName().toString();
        ImageIO.write(half(ImageIO.read(sources.get(0).toFile())), "png", dir.resolve("resized.png").toFile());

        SparkSession spark = SharedSpark.get();
        String parquet = tmp.resolve("enc.parquet").toString();
        SparkEncode.Summary summary = SparkEncode.encodeToParquet(spark, List.of(new SparkEncode.Input("a", dir.toString())),
                new CnnEncoderFactory("cnn", MODEL.toString(), "cpu", 4, 0), new SparkEncode.Options(2, Long.MAX_VALUE, false),
                parquet);
        assertEquals(PHOTOS + 1, summary.encoded());
        assertEquals(0, summary.skipped());
        Path json = tmp.resolve("enc.json");
        EncodingsExport.export(spark, parquet, json);
        Encodings fromSpark = EncodingsIO.read(json);

        Cli fromCli = cliEncode(dir);
        List<EncodedImage> cli = fromCli.images();
        assertEquals(cli.get(0).fingerprint() instanceof Embedding e ? e.vector().length : -1, fromSpark.spec().size());
        assertEquals(fromSpark.spec().params().get("model_sha256"), fromCli.spec().params().get("model_sha256"));
        Map<String, float[]> sparkVectors = new HashMap<>();
        fromSpark.images().forEach(i -> sparkVectors.put(i.file().relativePath(), ((Embedding) i.fingerprint()).vector()));
        assertEquals(PHOTOS + 1, sparkVectors.size());
        for (EncodedImage c : cli) {
            float[] want = ((Embedding) c.fingerprint()).vector();
            float[] got = sparkVectors.get(c.file().relativePath());
            double dot = 0;
            double maxDiff = 0;
            for (int k = 0; k < want.length; k++) {
                dot += (double) want[k] * got[k];
                maxDiff = Math.max(maxDiff, Math.abs(want[k] - got[k]));
            }
            assertTrue(dot > 0.9999 || maxDiff < 1e-4, c.file().relativePath() + ": cosine " + dot + ", max diff " + maxDiff);
        }

        TreeSet<String> cliPairs = pairs(DuplicateFinder.find(List.of(new Dataset("a", dir)), fromCli.spec(), cli, List.of(),
                new SearchOptions(THRESHOLD, false), KeepPolicy.MOST_PIXELS, new CosineSearch(1), Progress.NONE));
        TreeSet<String> sparkJsonPairs = pairs(DuplicateFinder.find(fromSpark.datasets(), fromSpark.spec(),
                fromSpark.images(), fromSpark.skipped(), new SearchOptions(THRESHOLD, false), KeepPolicy.MOST_PIXELS,
                new CosineSearch(1), Progress.NONE));
        assertTrue(cliPairs.contains(pair("a/" + original, "a/resized.png")), "the resized copy is found: " + cliPairs);
        assertEquals(cliPairs, sparkJsonPairs);

        SparkFind.Search s = SparkFind.search(spark, List.of(parquet), null,
                new SparkFind.Options(THRESHOLD, false, KeepPolicy.MOST_PIXELS, List.of(), 256), null);
        TreeSet<String> joinPairs = new TreeSet<>();
        for (Row r : SparkFind.namedPairs(s.images(), s.pairs()).collectAsList()) {
            joinPairs.add(pair(r.getString(0) + "/" + r.getString(1), r.getString(2) + "/" + r.getString(3)));
        }
        assertEquals(cliPairs, joinPairs);
    }

    /** The CLI encoder's spec and vectors (sorted by path), from one model load. */
    private record Cli(doppel.encode.EncoderSpec spec, List<EncodedImage> images) {
    }

    private static Cli cliEncode(Path dir) throws Exception {
        Dataset ds = new Dataset("a", dir);
        List<ImageFile> files = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                files.add(new ImageFile(ds, p.getFileName().toString(), Files.size(p), Files.getLastModifiedTime(p).toMillis()));
            }
        }
        List<EncodedImage> out = new ArrayList<>();
        try (CnnEncoder enc = CnnEncoders.create(CnnOptions.local("cnn", MODEL).withDevice("cpu"))) {
            enc.encode(files, new EncodeSink() {
                @Override
                public void encoded(EncodedImage image) {
                    out.add(image);
                }

                @Override
                public void skipped(SkippedFile skipped) {
                    throw new AssertionError("CLI skipped " + skipped);
                }
            }, Progress.NONE);
            out.sort(java.util.Comparator.comparing(i -> i.file().relativePath()));
            return new Cli(enc.spec(), out);
        }
    }

    private static TreeSet<String> pairs(DuplicateResult r) {
        TreeSet<String> out = new TreeSet<>();
        r.pairs().forEach(m -> out.add(pair(r.images().get(m.a()).file().key(), r.images().get(m.b()).file().key())));
        return out;
    }

    private static String pair(String x, String y) {
        return x.compareTo(y) < 0 ? x + " ~ " + y : y + " ~ " + x;
    }

    private static BufferedImage half(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getWidth() / 2, img.getHeight() / 2, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }
}
