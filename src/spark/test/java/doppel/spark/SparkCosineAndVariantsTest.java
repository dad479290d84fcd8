package doppel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.encode.EncoderSpec;
import doppel.encodings.Encodings;
import doppel.encodings.EncodingsIO;
import doppel.progress.Progress;
import doppel.search.CosineSearch;
import doppel.search.DuplicateFinder;
import doppel.search.DuplicateMaps;
import doppel.search.DuplicateResult;
import doppel.search.HammingSearch;
import doppel.search.KeepPolicy;
import doppel.search.PairSearch;
import doppel.search.SearchOptions;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cosine blocked join on embeddings and the banded join with dihedral variants, each against the CLI's own
 * search ({@link CosineSearch}, {@link HammingSearch}) + {@link DuplicateFinder} + {@link DuplicateMaps} on the
 * same fingerprints: pairs with their exact scores, the duplicates map and the groups with their kept images.
 */
class SparkCosineAndVariantsTest {
    @TempDir
    Path tmp;

    // ------------------------------------------------------------------ cosine

    @Test
    void cosineJoinEqualsCosineSearchOnRandomVectorsWithPlantedPairs() {
        int n = 3000;
        int dim = 96;
        Random rnd = new Random(7);
        List<float[]> vectors = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            if (i % 10 == 9) {
                // a near copy of the previous vector; every 50th an exact or a scaled copy (similarity 1, ties)
                float[] prev = vectors.get(i - 1);
                double noise = i % 50 == 49 ? 0 : 0.05 + 0.4 * rnd.nextDouble();
                float scale = i % 100 == 99 ? 3f : 1f;
                for (int k = 0; k < dim; k++) {
                    v[k] = (float) (scale * prev[k] + noise * rnd.nextGaussian());
                }
            } else if (i % 97 == 0) {
                // left zero: similarity 0 with everything, as Embedding.cosine says
            } else {
                for (int k = 0; k < dim; k++) {
                    v[k] = (float) rnd.nextGaussian();
                }
            }
            vectors.add(v);
        }
        EncoderSpec spec = new EncoderSpec("cnn", EncoderSpec.Metric.COSINE, dim, Map.of("model", "random-test"), Map.of());
        List<Dataset> datasets = List.of(new Dataset("x", tmp.resolve("x")), new Dataset("y", tmp.resolve("y")));
        List<EncodedImage> images = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        String specJson = SpecJson.write(spec);
        for (int i = 0; i < n; i++) {
            Dataset ds = datasets.get(rnd.nextInt(3) == 0 ? 1 : 0);
            String path = String.format("img/%05d.jpg", i);
            images.add(new EncodedImage(new ImageFile(ds, path, 1000 + i, 1_700_000_000_000L + i),
                    Embedding.of(vectors.get(i)), List.of(), 64, 48));
            rows.add(RowFactory.create(ds.name(), datasets.indexOf(ds), "file:" + ds.root(), path, 1000L + i,
                    1_700_000_000_000L + i, 64, 48, specJson, null, null, SparkEncode.boxed(vectors.get(i)), null, null));
        }
        // the CLI searches in the order Spark numbers the images: dataset order, then path
        images.sort((p, q) -> p.file().dataset().name().equals(q.file().dataset().name())
                ? p.file().relativePath().compareTo(q.file().relativePath())
                : p.file().dataset().name().compareTo(q.file().dataset().name()));
        SparkSession spark = SharedSpark.get();
        String parquet = tmp.resolve("emb.parquet").toString();
        spark.createDataFrame(rows, EncodingsSchema.SCHEMA).write().parquet(parquet);

        compare(spark, parquet, datasets, spec, images, new CosineSearch(1), 0.9, false, KeepPolicy.FIRST_DIR, 256);
        compare(spark, parquet, datasets, spec, images, new CosineSearch(1), 0.3, true, KeepPolicy.MOST_PIXELS, 700);
        // a threshold exactly at a planted pair's score: the tie is in on both sides
        double tie = new CosineSearch(1).findPairs(images, new SearchOptions(0.9, false), Progress.NONE).get(5).score();
        compare(spark, parquet, datasets, spec, images, new CosineSearch(1), tie, false, KeepPolicy.FIRST_DIR, 1000);
    }

    // ------------------------------------------------------------------ dihedral variants

    @Test
    void dihedralVariantsEqualHammingSearchOnRotatedAndFlippedPhotos() throws IOException {
        Path photos = Path.of(System.getProperty("doppel.shared.photos", "../shared/photos"));
        Assumptions.assumeTrue(Files.isDirectory(photos), "shared photos not found at " + photos
                + ": skipping the Spark dihedral test");
        Path a = Files.createDirectories(tmp.resolve("a"));
        Path b = Files.createDirectories(tmp.resolve("b"));
        List<Path> sources;
        try (Stream<Path> s = Files.list(photos)) {
            sources = s.filter(p -> p.toString().matches(".*\\.(jpg|png)")).sorted().limit(30).toList();
        }
        String[] ops = {"rot90", "rot180", "flipx", "transpose"};
        int i = 0;
        for (Path src : sources) {
            BufferedImage img = ImageIO.read(src.toFile());
            if (img == null) {
                continue;
            }
            double f = 160.0 / Math.max(img.getWidth(), img.getHeight());
            BufferedImage base = transform(img, new AffineTransform(f, 0, 0, f, 0, 0),
                    (int) Math.round(img.getWidth() * f), (int) Math.round(img.getHeight() * f));
            ImageIO.write(base, "png", a.resolve(i + ".png").toFile());
            String op = ops[i % ops.length];
            ImageIO.write(dihedral(base, op), "png", b.resolve(i + "_" + op + ".png").toFile());
            if (i % 3 == 0) {
                ImageIO.write(dihedral(base, ops[(i + 1) % ops.length]), "png", a.resolve(i + "_again.png").toFile());
            }
            i++;
        }
        SparkSession spark = SharedSpark.get();
        String parquet = tmp.resolve("dihedral.parquet").toString();
        SparkEncode.encodeToParquet(spark, List.of(new SparkEncode.Input("a", a.toString()),
                        new SparkEncode.Input("b", b.toString())),
                new HashEncoderFactory("phash", "8", false, true, 0), new SparkEncode.Options(2, Long.MAX_VALUE, false),
                parquet);
        Path json = tmp.resolve("dihedral.json");
        EncodingsExport.export(spark, parquet, json);
        Encodings enc = EncodingsIO.read(json);
        assertTrue(enc.images().stream().allMatch(e -> e.variants().size() == 7), "dihedral encodings hold 7 variants");

        DuplicateResult loose = compare(spark, parquet, enc.datasets(), enc.spec(), enc.images(), new HammingSearch(1),
                10, false, KeepPolicy.FIRST_DIR, 0);
        long rotatedPairs = loose.pairs().stream().filter(m -> key(loose, m.a()).startsWith("a/")
                && key(loose, m.b()).startsWith("b/")
                && key(loose, m.a()).replaceAll("\\D", "").equals(key(loose, m.b()).replaceAll("_.*|\\D", ""))).count();
        assertTrue(rotatedPairs >= i * 3 / 4, "rotated and flipped copies must pair through the variants: " + rotatedPairs);
        compare(spark, parquet, enc.datasets(), enc.spec(), enc.images(), new HammingSearch(1), 6, true,
                KeepPolicy.LARGEST_FILE, 0);
        compare(spark, parquet, enc.datasets(), enc.spec(), enc.images(), new HammingSearch(1), 12, false,
                KeepPolicy.FIRST_DIR, 7); // forced 7 bands: plain equi-joins, no expansion
    }

    private static BufferedImage transform(BufferedImage img, AffineTransform t, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, t, null);
        g.dispose();
        return out;
    }

    /** Exact pixel rotations and flips (no resampling). */
    private static BufferedImage dihedral(BufferedImage img, String op) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean swap = op.equals("rot90") || op.equals("transpose");
        BufferedImage out = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = img.getRGB(x, y);
                switch (op) {
                    case "rot90" -> out.setRGB(h - 1 - y, x, rgb);
                    case "rot180" -> out.setRGB(w - 1 - x, h - 1 - y, rgb);
                    case "flipx" -> out.setRGB(w - 1 - x, y, rgb);
                    default -> out.setRGB(y, x, rgb);
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ comparison with the CLI

    private DuplicateResult compare(SparkSession spark, String parquet, List<Dataset> datasets, EncoderSpec spec,
                                    List<EncodedImage> images, PairSearch search, double threshold, boolean crossOnly,
                                    KeepPolicy keep, int bands) {
        boolean cosine = spec.metric() == EncoderSpec.Metric.COSINE;
        DuplicateResult cli = DuplicateFinder.find(datasets, spec, images, List.of(),
                new SearchOptions(threshold, crossOnly), keep, search, Progress.NONE);
        SparkFind.Options opts = new SparkFind.Options(threshold, crossOnly, keep, List.of(), bands);
        SparkFind.Search s = SparkFind.search(spark, List.of(parquet), null, opts, null);
        String label = "t=" + threshold + " cross=" + crossOnly + " keep=" + keep + " bands/block=" + bands;

        TreeSet<String> want = new TreeSet<>();
        cli.pairs().forEach(m -> want.add(pairKey(key(cli, m.a()), key(cli, m.b()),
                cosine ? Double.toString(m.score()) : Integer.toString((int) m.score()))));
        TreeSet<String> got = new TreeSet<>();
        for (Row r : SparkFind.namedPairs(s.images(), s.pairs()).collectAsList()) {
            String score = cosine ? Double.toString(r.getDouble(4)) : Integer.toString(r.getInt(4));
            assertTrue(got.add(pairKey(r.getString(0) + "/" + r.getString(1), r.getString(2) + "/" + r.getString(3),
                    score)), "pair reported twice: " + r);
        }
        assertTrue(want.size() >= 10, "the planted pairs must give pairs: " + label + " " + want.size());
        assertEquals(want, got, label);

        Path dupJson = tmp.resolve("dups.json");
        FindOutputs.writeDuplicatesJson(s.images(), s.pairs(), dupJson);
        try {
            Map<String, List<String>> map = new ObjectMapper().readValue(dupJson.toFile(), new TypeReference<>() { });
            assertEquals(new HashMap<>(DuplicateMaps.duplicates(cli)), new HashMap<>(map), label);
        } catch (IOException e) {
            throw new AssertionError(e);
        }

        var groups = SparkFind.groups(s.images(), s.pairs(), SparkFind.components(s.pairs()), s.spec(), s.datasets(),
                SparkFind.roots(s), opts).collectAsList();
        TreeSet<String> wantGroups = new TreeSet<>();
        cli.groups().forEach(g -> wantGroups.add(key(cli, g.kept()) + " <- "
                + g.members().stream().map(m -> key(cli, m)).sorted().toList()));
        Map<Long, List<String>> members = new TreeMap<>();
        Map<Long, String> kept = new HashMap<>();
        for (Row r : groups) {
            String k = r.getString(5) + "/" + r.getString(7);
            members.computeIfAbsent(r.getLong(0), x -> new ArrayList<>()).add(k);
            if (r.getBoolean(2)) {
                kept.put(r.getLong(0), k);
            }
        }
        TreeSet<String> gotGroups = new TreeSet<>();
        members.forEach((g, m) -> gotGroups.add(kept.get(g) + " <- " + m.stream().sorted().toList()));
        assertEquals(wantGroups, gotGroups, label);
        s.images().unpersist();
        return cli;
    }

    private static String pairKey(String ka, String kb, String score) {
        return (ka.compareTo(kb) < 0 ? ka + " " + kb : kb + " " + ka) + " " + score;
    }

    private static String key(DuplicateResult r, int i) {
        return r.images().get(i).file().key();
    }
}
