package doppel.results;

import doppel.dataset.Dataset;
import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.EncoderSpec;
import doppel.dataset.SkippedFile;
import doppel.search.DuplicateGroup;
import doppel.search.DuplicateResult;
import doppel.search.KeepPolicy;
import doppel.search.Match;
import doppel.search.SearchOptions;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;

/**
 * Real image files with known duplicates, written into a test's temporary directory, and the
 * {@link DuplicateResult} a search would report for them (built by hand: the search is not under test here).
 *
 * <p>Layout: dataset A (reference) has {@code cats/gN.jpg} originals (640x480) for even N and
 * {@code dogs/gN.jpg} for odd N, plus {@code lone.png} without duplicates; dataset B has {@code gN_small.jpg},
 * a 320x240 copy of every original; every third group also has {@code A/gN_copy.png}, a 400x300 PNG copy.
 * Group N keeps the A original and removes the rest. Pair scores: original-small 2 + (N % 5), original-copy 1,
 * small-copy 3 (Hamming) or 1 - score / 100 (cosine).
 */
public final class Fixture {
    public final Path root;
    public final Dataset a;
    public final Dataset b;
    public final DuplicateResult result;
    /** Absolute path of every image written, by key. */
    public final Map<String, Path> files = new java.util.LinkedHashMap<>();

    private Fixture(Path root, Dataset a, Dataset b, DuplicateResult result) {
        this.root = root;
        this.a = a;
        this.b = b;
        this.result = result;
    }

    /** Writes {@code groups} duplicate groups of real images under {@code dir} and describes them. */
    public static Fixture create(Path dir, int groups, EncoderSpec.Metric metric) throws IOException {
        Dataset a = new Dataset("A", dir.resolve("A"));
        Dataset b = new Dataset("B", dir.resolve("B"));
        List<EncodedImage> images = new ArrayList<>();
        List<Match> pairs = new ArrayList<>();
        List<DuplicateGroup> dgroups = new ArrayList<>();
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        boolean cosine = metric == EncoderSpec.Metric.COSINE;
        for (int n = 0; n < groups; n++) {
            String folder = n % 2 == 0 ? "cats" : "dogs";
            int orig = images.size();
            images.add(image(a, folder + "/g" + n + ".jpg", n, 640, 480, "jpg", files));
            int small = images.size();
            images.add(image(b, "g" + n + "_small.jpg", n, 320, 240, "jpg", files));
            double s1 = score(2 + n % 5, cosine);
            pairs.add(new Match(orig, small, s1));
            List<Integer> members = new ArrayList<>(List.of(orig, small));
            List<Double> scores = new ArrayList<>(List.of(Double.NaN, s1));
            if (n % 3 == 0) {
                int copy = images.size();
                images.add(image(a, "g" + n + "_copy.png", n, 400, 300, "png", files));
                pairs.add(new Match(orig, copy, score(1, cosine)));
                pairs.add(new Match(small, copy, score(3, cosine)));
                members.add(copy);
                scores.add(score(1, cosine));
            }
            dgroups.add(new DuplicateGroup(orig, members, scores));
        }
        images.add(image(a, "lone.png", 9999, 200, 200, "png", files));
        // Largest groups first, as a search reports them.
        dgroups.sort((x, y) -> Integer.compare(y.members().size(), x.members().size()));
        EncoderSpec spec = new EncoderSpec(cosine ? "cnn" : "phash", metric, cosine ? 576 : 64,
                cosine ? Map.of("model", "mobilenet_v3_small") : Map.of("hash_size", "8"), Map.of("decoder", "imageio"));
        SearchOptions options = new SearchOptions(cosine ? 0.9 : 10, false);
        List<SkippedFile> skipped = List.of(new SkippedFile("A", "broken.jpg", "cannot decode: truncated JPEG"),
                new SkippedFile("B", "empty.png", "zero-byte file"));
        DuplicateResult r = new DuplicateResult(spec, options, KeepPolicy.FIRST_DIR, List.of(a, b), images, pairs,
                dgroups, skipped);
        Fixture f = new Fixture(dir, a, b, r);
        f.files.putAll(files);
        return f;
    }

    private static double score(int distance, boolean cosine) {
        return cosine ? 1.0 - distance / 100.0 : distance;
    }

    private static EncodedImage image(Dataset d, String rel, int seed, int w, int h, String format,
                                      Map<String, Path> files) throws IOException {
        Path p = d.resolve(rel);
        writeImage(p, seed, w, h, format);
        ImageFile f = new ImageFile(d, rel, Files.size(p), Files.getLastModifiedTime(p).toMillis());
        files.put(f.key(), p);
        return new EncodedImage(f, BitHash.of64(seed * 0x9E3779B97F4A7C15L), List.of(), w, h);
    }

    /** Draws a picture determined by {@code seed} at the given size (so copies at other sizes look alike). */
    public static void writeImage(Path file, int seed, int w, int h, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        Random rnd = new Random(seed);
        g.setPaint(new GradientPaint(0, 0, new Color(rnd.nextInt(0xFFFFFF)), w, h, new Color(rnd.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 6; i++) {
            g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
            int x = (int) (rnd.nextDouble() * w * 0.8);
            int y = (int) (rnd.nextDouble() * h * 0.8);
            int s = (int) ((0.1 + rnd.nextDouble() * 0.3) * Math.min(w, h));
            if (i % 2 == 0) {
                g.fillOval(x, y, s, s);
            } else {
                g.fillRect(x, y, s, s * 2 / 3);
            }
        }
        g.dispose();
        Files.createDirectories(file.getParent());
        if (!ImageIO.write(img, format, file.toFile())) {
            throw new IOException("no writer for " + format);
        }
    }
}
