package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.cli.FindCommandTest.Run;
import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dataset-tool commands end to end, in-process: leak, report, plot, stats, dup-stats and evaluate on real
 * image files written into a temp dir, with answers known from how the files were made.
 */
class DatasetToolsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** Reference set R (scenes 1..6) and query set Q: 3 resized/re-encoded copies of R images and 3 new scenes. */
    private void leakDatasets() throws IOException {
        for (int i = 1; i <= 6; i++) {
            CliTestImages.writeJpeg(CliTestImages.scene(i, 640, 480), tmp.resolve("R/r" + i + ".jpg"), 0.9f);
        }
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(1, 640, 480), 320, 240), tmp.resolve("Q/q1.jpg"), 0.7f);
        CliTestImages.writePng(CliTestImages.resized(CliTestImages.scene(2, 640, 480), 400, 300), tmp.resolve("Q/q2.png"));
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(3, 640, 480), 800, 600), tmp.resolve("Q/q3.jpg"), 0.8f);
        for (int i = 200; i < 203; i++) {
            CliTestImages.writeJpeg(CliTestImages.scene(i, 640, 480), tmp.resolve("Q/clean" + i + ".jpg"), 0.9f);
        }
    }

    private static String firstLine(String s) {
        return s.strip().lines().findFirst().orElse("");
    }

    private static void assertNoStackTrace(Run r) {
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), "no stack trace: " + r.err());
    }

    // ---------------------------------------------------------------- leak

    @Test
    void leakFindsExactlyTheThreeCopiesAndFailsOnlyWhenAsked() throws Exception {
        leakDatasets();
        Path out = tmp.resolve("leak.json");
        Run r = run("leak", "--query", tmp.resolve("Q").toString(), "--reference", tmp.resolve("R").toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("3 of 6 query images leak"), r.out());
        JsonNode root = JSON.readTree(out.toFile());
        assertEquals(3, root.get("leaking").asInt());
        assertEquals(6, root.get("query_images").asInt());
        Map<String, String> leaks = new TreeMap<>();
        root.get("leaks").fields().forEachRemaining(e -> {
            assertEquals(1, e.getValue().size(), e.toString());
            JsonNode match = e.getValue().get(0);
            assertTrue(match.get(1).isInt() && match.get(1).asInt() >= 0 && match.get(1).asInt() <= 10, e.toString());
            leaks.put(e.getKey(), match.get(0).asText());
        });
        assertEquals(Map.of("Q/q1.jpg", "R/r1.jpg", "Q/q2.png", "R/r2.jpg", "Q/q3.jpg", "R/r3.jpg"), leaks);

        Run fail = run("leak", "--query", tmp.resolve("Q").toString(), "--reference", tmp.resolve("R").toString(),
                "--fail-on-leak", "-q");
        assertEquals(LeakCommand.EXIT_LEAKS, fail.exit(), fail.err());
        assertEquals("", fail.out());
    }

    @Test
    void leakWithoutLeaksPassesEvenWithFailOnLeak() throws Exception {
        leakDatasets();
        Files.delete(tmp.resolve("Q/q1.jpg"));
        Files.delete(tmp.resolve("Q/q2.png"));
        Files.delete(tmp.resolve("Q/q3.jpg"));
        Run r = run("leak", "--query", tmp.resolve("Q").toString(), "--reference", tmp.resolve("R").toString(),
                "--fail-on-leak");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("0 of 3 query images leak"), r.out());
    }

    private static BufferedImage transformed(BufferedImage src, AffineTransform t, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        new AffineTransformOp(t, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(src, out);
        return out;
    }

    @Test
    void dihedralCatchesRotatedAndFlippedCopiesThatPlainPhashMisses() throws Exception {
        for (int i = 1; i <= 4; i++) {
            CliTestImages.writeJpeg(CliTestImages.scene(i, 640, 480), tmp.resolve("R/r" + i + ".jpg"), 0.9f);
        }
        BufferedImage s1 = CliTestImages.scene(1, 640, 480);
        AffineTransform rot90 = new AffineTransform(0, 1, -1, 0, 480, 0); // (x, y) -> (480 - y, x)
        CliTestImages.writePng(transformed(s1, rot90, 480, 640), tmp.resolve("Q/rot.png"));
        BufferedImage s2 = CliTestImages.scene(2, 640, 480);
        CliTestImages.writePng(transformed(s2, new AffineTransform(-1, 0, 0, 1, 640, 0), 640, 480), tmp.resolve("Q/flip.png"));
        CliTestImages.writeJpeg(CliTestImages.scene(300, 640, 480), tmp.resolve("Q/clean.jpg"), 0.9f);

        String q = tmp.resolve("Q").toString();
        String ref = tmp.resolve("R").toString();
        Run plain = run("leak", "--query", q, "--reference", ref, "--encoder", "phash");
        assertEquals(0, plain.exit(), plain.err());
        assertTrue(plain.out().contains("0 of 3 query images leak"), plain.out());

        Path out = tmp.resolve("dihedral.json");
        Run dihedral = run("leak", "--query", q, "--reference", ref, "--encoder", "phash", "--dihedral",
                "--out", out.toString());
        assertEquals(0, dihedral.exit(), dihedral.err());
        assertTrue(dihedral.out().contains("2 of 3 query images leak"), dihedral.out());
        JsonNode leaks = JSON.readTree(out.toFile()).get("leaks");
        assertEquals("R/r1.jpg", leaks.get("Q/rot.png").get(0).get(0).asText());
        assertEquals("R/r2.jpg", leaks.get("Q/flip.png").get(0).get(0).asText());
    }

    // ---------------------------------------------------------------- report and plot

    /** find over R and Q with --out; returns the imagededup map path (the Doppel results lie beside it). */
    private Path findResults(String... extra) throws IOException {
        leakDatasets();
        Path out = tmp.resolve("dups.json");
        List<String> args = new ArrayList<>(List.of("find", "--dirs", tmp.resolve("R").toString(),
                tmp.resolve("Q").toString(), "--out", out.toString(), "--scores", "-q"));
        args.addAll(List.of(extra));
        Run r = run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return out;
    }

    private static List<String> keptKeys(Path dupsJson) throws IOException {
        JsonNode results = JSON.readTree(ResultFiles.sidecarOf(dupsJson).toFile());
        List<String> kept = new ArrayList<>();
        for (JsonNode g : results.get("groups")) {
            kept.add(g.get("kept").asText());
        }
        return kept;
    }

    @Test
    void reportShowsEveryGroupWithEmbeddedThumbnails() throws Exception {
        Path dups = findResults();
        List<String> kept = keptKeys(dups);
        assertEquals(3, kept.size(), kept.toString());
        Path html = tmp.resolve("r.html");
        Run r = run("report", dups.toString(), "--html", html.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("3 groups"), r.out());
        String page = Files.readString(html);
        for (String k : kept) {
            assertTrue(page.contains(k), "page shows kept " + k);
        }
        assertTrue(page.contains("data:image/"), "thumbnails are embedded as data: URIs");
        // Self-contained: every preview is embedded; only the large comparison also tries the original files.
        assertFalse(page.contains("src=\"file:"), "no element links a local file");
        assertFalse(page.contains("http:") || page.contains("https:"), "no network address");
    }

    @Test
    void reportOfAResultsFileWithADeletedImageStillWritesThePage() throws Exception {
        Path dups = findResults();
        Files.delete(tmp.resolve("Q/q2.png"));
        Path html = tmp.resolve("r.html");
        Run r = run("report", dups.toString(), "--html", html.toString());
        assertEquals(Main.EXIT_SKIPPED, r.exit(), r.err());
        assertTrue(r.out().contains("1 images missing"), r.out());
        String page = Files.readString(html);
        assertTrue(page.contains("Q/q2.png"), "the missing image is still listed");
        assertTrue(page.contains("data:image/"));
    }

    @Test
    void reportOfAGarbledOrMissingResultsFileIsAOneLineError() throws Exception {
        Path garbled = tmp.resolve("garbled.doppel.json");
        Files.writeString(garbled, "{\"format\": \"doppel-results\", \"groups\": [ {\"kept\": ");
        Run r = run("report", garbled.toString(), "--html", tmp.resolve("r.html").toString());
        assertEquals(1, r.exit());
        assertTrue(firstLine(r.err()).contains("garbled.doppel.json"), r.err());
        assertNoStackTrace(r);
        assertFalse(Files.exists(tmp.resolve("r.html")));

        Path notJson = tmp.resolve("notjson.json");
        Files.writeString(notJson, "this is not JSON at all");
        Run r2 = run("report", notJson.toString(), "--html", tmp.resolve("r.html").toString());
        assertEquals(1, r2.exit());
        assertTrue(firstLine(r2.err()).contains("notjson.json"), r2.err());
        assertNoStackTrace(r2);

        Run missing = run("report", tmp.resolve("nope.json").toString(), "--html", tmp.resolve("r.html").toString());
        assertEquals(1, missing.exit());
        assertTrue(firstLine(missing.err()).contains("no such results file"), missing.err());
    }

    @Test
    void findWritesTheReportToo() throws Exception {
        Path html = tmp.resolve("find-report.html");
        Path dups = findResults("--report", html.toString());
        String page = Files.readString(html);
        for (String k : keptKeys(dups)) {
            assertTrue(page.contains(k), "page shows kept " + k);
        }
        assertTrue(page.contains("data:image/"));
    }

    @Test
    void plotWritesACollageAndRefusesUnknownKeys() throws Exception {
        Path dups = findResults();
        Path png = tmp.resolve("plot.png");
        Run r = run("plot", "R/r1.jpg", "--results", dups.toString(), "--out", png.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("and 1 duplicate)"), r.out());
        BufferedImage collage = ImageIO.read(png.toFile());
        assertTrue(collage != null, "the PNG decodes");
        assertTrue(collage.getWidth() > 256, "two tiles side by side: " + collage.getWidth());

        Run unknown = run("plot", "R/nope.jpg", "--results", dups.toString(), "--out", tmp.resolve("p2.png").toString());
        assertEquals(1, unknown.exit());
        assertTrue(firstLine(unknown.err()).contains("R/nope.jpg"), unknown.err());
        assertNoStackTrace(unknown);
        assertFalse(Files.exists(tmp.resolve("p2.png")));
    }

    // ---------------------------------------------------------------- stats

    @Test
    void statsCountsFormatsAndResolutionClassesExactly() throws Exception {
        Path s = tmp.resolve("S");
        CliTestImages.writePng(CliTestImages.scene(1, 100, 80), s.resolve("a/small1.png"));
        CliTestImages.writePng(CliTestImages.scene(2, 300, 200), s.resolve("a/small2.png"));
        CliTestImages.writeJpeg(CliTestImages.scene(3, 1000, 800), s.resolve("b/medium.jpg"), 0.8f);
        CliTestImages.writeJpeg(CliTestImages.scene(4, 2000, 1200), s.resolve("b/large.jpg"), 0.8f);
        CliTestImages.writeJpeg(CliTestImages.scene(5, 1000, 500), s.resolve("b/half.jpg"), 0.8f);
        Path json = tmp.resolve("stats.json");
        Run r = run("stats", s.toString(), "--depth", "1", "--json", json.toString());
        assertEquals(0, r.exit(), r.err());

        JsonNode d = JSON.readTree(json.toFile()).get("datasets").get("S");
        assertEquals(5, d.get("total").asInt());
        assertEquals(2, d.get("formats").get("png").asInt());
        assertEquals(3, d.get("formats").get("jpeg").asInt());
        JsonNode classes = d.get("resolution_classes");
        assertEquals(2, classes.get("small").asInt());
        assertEquals(2, classes.get("medium").asInt(), "1000x800 and 1000x500 (exactly 0.5 MP) are medium");
        assertEquals(1, classes.get("large").asInt());
        assertEquals(100, d.get("width").get("min").asInt());
        assertEquals(1000, d.get("width").get("median").asInt());
        assertEquals(2000, d.get("width").get("max").asInt());
        assertEquals(Set.of("a", "b"), fieldNames(d.get("groups")));
        assertEquals(2, d.get("groups").get("a").get("total").asInt());
        assertEquals(2, d.get("groups").get("a").get("resolution_classes").get("small").asInt());
        assertEquals(3, d.get("groups").get("b").get("formats").get("jpeg").asInt());
        assertEquals(0, d.get("broken").size());

        assertTrue(r.out().lines().anyMatch(l -> l.matches("S\\s+5\\s+0\\s+2\\s+2\\s+1\\s+.*jpeg=3 png=2")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("\\s+a\\s+2\\s+0\\s+2\\s+0\\s+0\\s+.*png=2")), r.out());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void statsListsBrokenFilesWithExitCodeTwo() throws Exception {
        Path s = tmp.resolve("S");
        CliTestImages.writePng(CliTestImages.scene(1, 100, 80), s.resolve("ok.png"));
        Files.writeString(s.resolve("broken.jpg"), "not a jpeg");
        Path json = tmp.resolve("stats.json");
        Run r = run("stats", s.toString(), "--json", json.toString());
        assertEquals(Main.EXIT_SKIPPED, r.exit(), r.err());
        assertTrue(r.out().contains("broken.jpg"), r.out());
        JsonNode d = JSON.readTree(json.toFile()).get("datasets").get("S");
        assertEquals(1, d.get("total").asInt());
        assertEquals(1, d.get("broken").size());
        assertEquals("broken.jpg", d.get("broken").get(0).get("path").asText());
    }

    @Test
    void statsOfAnEmptyDatasetSaysSoAndSucceeds() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("E"));
        Path json = tmp.resolve("stats.json");
        Run r = run("stats", empty.toString(), "--json", json.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("0 images"), r.out());
        JsonNode d = JSON.readTree(json.toFile()).get("datasets").get("E");
        assertEquals(0, d.get("total").asInt());

        Run missing = run("stats", tmp.resolve("nope").toString());
        assertEquals(1, missing.exit());
        assertTrue(firstLine(missing.err()).contains("nope"), missing.err());
        assertNoStackTrace(missing);
    }

    // ---------------------------------------------------------------- dup-stats

    @Test
    void dupStatsTotalsPerDatasetForOneAndTwoResultsFiles() throws Exception {
        Path dups = findResults();
        Run one = run("dup-stats", dups.toString());
        assertEquals(0, one.exit(), one.err());
        // R 6 images, Q 6 images; the three Q copies are the removed duplicates (R is listed first and kept).
        assertTrue(one.out().startsWith("images: 12, duplicates: 3, groups: 3"), one.out());
        assertTrue(one.out().lines().anyMatch(l -> l.matches("Q\\s+6\\s+3\\s+50\\.00%")), one.out());
        assertTrue(one.out().lines().anyMatch(l -> l.matches("R\\s+6\\s+0\\s+0\\.00%")), one.out());

        Path d2 = tmp.resolve("D2");
        CliTestImages.writeJpeg(CliTestImages.scene(7, 640, 480), d2.resolve("x.jpg"), 0.9f);
        CliTestImages.writePng(CliTestImages.resized(CliTestImages.scene(7, 640, 480), 300, 225), d2.resolve("x-copy.png"));
        CliTestImages.writeJpeg(CliTestImages.scene(8, 640, 480), d2.resolve("y.jpg"), 0.9f);
        Path second = tmp.resolve("second.json");
        assertEquals(0, run("find", "--dirs", d2.toString(), "--out", second.toString(), "-q").exit());
        Path json = tmp.resolve("dupstats.json");
        Run two = run("dup-stats", dups.toString(), second.toString(), "--json", json.toString());
        assertEquals(0, two.exit(), two.err());
        assertTrue(two.out().startsWith("images: 15, duplicates: 4, groups: 4"), two.out());
        assertTrue(two.out().lines().anyMatch(l -> l.matches("D2\\s+3\\s+1\\s+33\\.33%")), two.out());
        JsonNode root = JSON.readTree(json.toFile());
        assertEquals(15, root.get("images").asInt());
        assertEquals(4, root.get("duplicates").asInt());

        Run missing = run("dup-stats", tmp.resolve("nope.json").toString());
        assertEquals(1, missing.exit());
        assertTrue(firstLine(missing.err()).contains("nope.json"), missing.err());
    }

    // ---------------------------------------------------------------- evaluate

    /**
     * Dataset D: copies of scenes 1 (class c0), 2 (c0) and 3 (c1) next to their originals, and two unrelated
     * scenes 4, 5 in c1. The truth says s1, s2 and s4/s5 are pairs and not s3: found 3 pairs, TP 2, FP 1, FN 1.
     */
    private Path evaluationCase() throws IOException {
        Path d = tmp.resolve("D");
        for (int i = 1; i <= 5; i++) {
            CliTestImages.writeJpeg(CliTestImages.scene(i, 640, 480), d.resolve((i <= 2 ? "c0" : "c1") + "/s" + i + ".jpg"), 0.9f);
        }
        CliTestImages.writePng(CliTestImages.resized(CliTestImages.scene(1, 640, 480), 400, 300), d.resolve("c0/s1-copy.png"));
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(2, 640, 480), 320, 240), d.resolve("c0/s2-copy.jpg"), 0.7f);
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(3, 640, 480), 500, 375), d.resolve("c1/s3-copy.jpg"), 0.8f);
        Path truth = tmp.resolve("truth.json");
        Files.writeString(truth, """
                {"c0/s1.jpg": ["c0/s1-copy.png"], "c0/s1-copy.png": ["c0/s1.jpg"],
                 "c0/s2.jpg": ["c0/s2-copy.jpg"], "c0/s2-copy.jpg": [],
                 "c1/s3.jpg": [], "c1/s3-copy.jpg": [],
                 "c1/s4.jpg": ["c1/s5.jpg"], "c1/s5.jpg": []}
                """);
        return truth;
    }

    @Test
    void evaluatePrintsExactPrecisionRecallAndF1() throws Exception {
        Path truth = evaluationCase();
        Path dups = tmp.resolve("found.json");
        assertEquals(0, run("find", "--dirs", tmp.resolve("D").toString(), "--threshold", "10", "--scores",
                "--out", dups.toString(), "-q").exit());
        Run r = run("evaluate", dups.toString(), "--truth", truth.toString());
        assertEquals(0, r.exit(), r.err());
        // class truth predicted TP FP FN precision recall F1
        assertTrue(r.out().lines().anyMatch(l -> l.matches("ALL\\s+3\\s+3\\s+2\\s+1\\s+1\\s+0\\.6667\\s+0\\.6667\\s+0\\.6667")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("c0\\s+2\\s+2\\s+2\\s+0\\s+0\\s+1\\.0000\\s+1\\.0000\\s+1\\.0000")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("c1\\s+1\\s+1\\s+0\\s+1\\s+1\\s+0\\.0000\\s+0\\.0000\\s+0\\.0000")), r.out());

        Run sweep = run("evaluate", dups.toString(), "--truth", truth.toString(), "--sweep", "0", "5", "10");
        assertEquals(0, sweep.exit(), sweep.err());
        List<String> rows = sweep.out().lines().filter(l -> l.matches("\\d+\\*?\\s+\\d+.*")).toList();
        assertEquals(3, rows.size(), sweep.out());
        assertTrue(rows.get(0).startsWith("0 ") && rows.get(1).startsWith("5 ") && rows.get(2).startsWith("10 "), rows.toString());
        assertTrue(rows.get(2).matches("10\\s+3\\s+2\\s+1\\s+1\\s+0\\.6667\\s+0\\.6667\\s+0\\.6667"), rows.get(2));

        Run noTruth = run("evaluate", dups.toString(), "--truth", tmp.resolve("missing-truth.json").toString());
        assertEquals(1, noTruth.exit());
        assertTrue(firstLine(noTruth.err()).contains("missing-truth.json"), noTruth.err());
        assertNoStackTrace(noTruth);
    }

    @Test
    void resultsOfAnotherEncoderWorkForEvaluateAndReport() throws Exception {
        Path truth = evaluationCase();
        Path dups = tmp.resolve("dhash.json");
        assertEquals(0, run("find", "--dirs", tmp.resolve("D").toString(), "--encoder", "dhash", "--threshold", "12",
                "--out", dups.toString(), "-q").exit());
        Run sweep = run("evaluate", dups.toString(), "--truth", truth.toString(), "--sweep");
        assertEquals(0, sweep.exit(), sweep.err());
        long rows = sweep.out().lines().filter(l -> l.matches("\\d+\\s+\\d+.*")).count();
        assertEquals(13, rows, "one row per distance 0..12: " + sweep.out());
        Path html = tmp.resolve("dhash.html");
        Run report = run("report", dups.toString(), "--html", html.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(Files.readString(html).contains("dhash"), "the page names the encoder");
    }

    @Test
    void cnnResultsWithCosineScoresWorkForEvaluateAndReport() throws Exception {
        Path model = Path.of(System.getProperty("user.dir")).resolve("models/doppel-filterbank-v1.pt");
        Assumptions.assumeTrue(Files.isRegularFile(model), "the offline model is missing: " + model);
        Path truth = evaluationCase();
        Path dups = tmp.resolve("cnn.json");
        Run find = run("find", "--dirs", tmp.resolve("D").toString(), "--encoder", "cnn", "--model", model.toString(),
                "--threshold", "0.9", "--scores", "--out", dups.toString(), "-q");
        assertEquals(0, find.exit(), find.err());
        Run sweep = run("evaluate", dups.toString(), "--truth", truth.toString(), "--sweep");
        assertEquals(0, sweep.exit(), sweep.err());
        List<String> thresholds = sweep.out().lines().filter(l -> l.matches("[01](\\.\\d+)?\\s+\\d+.*"))
                .map(l -> l.split("\\s+")[0]).toList();
        assertEquals(List.of("0.9", "0.91", "0.92", "0.93", "0.94", "0.95", "0.96", "0.97", "0.98", "0.99", "1"),
                thresholds, "cosine similarities from the search threshold to 1: " + sweep.out());
        Run table = run("evaluate", dups.toString(), "--truth", truth.toString());
        assertEquals(0, table.exit(), table.err());
        assertTrue(table.out().lines().anyMatch(l -> l.startsWith("ALL")), table.out());
        Path html = tmp.resolve("cnn.html");
        Run report = run("report", dups.toString(), "--html", html.toString());
        assertEquals(0, report.exit(), report.err());
        assertTrue(Files.readString(html).contains("data:image/"));
    }
}
