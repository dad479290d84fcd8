package doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.testing.Trees;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command-line contract of the core issue, end to end, in-process: real image files, real encoders,
 * real moves in a temp dir.
 */
class FindCommandTest extends TwoDatasetsTest {
    /** Result of one CLI run. */
    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void makeDatasets() throws IOException {
        for (int i = 1; i <= 6; i++) {
            CliTestImages.writeJpeg(CliTestImages.scene(i, 640, 480), a.resolve("cls" + (i % 2) + "/s" + i + ".jpg"), 0.9f);
        }
        // A near-duplicate inside A (PNG, smaller) and three across datasets (resized, re-encoded).
        CliTestImages.writePng(CliTestImages.resized(CliTestImages.scene(1, 640, 480), 500, 375), a.resolve("cls1/s1-copy.png"));
        for (int i = 2; i <= 4; i++) {
            CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(i, 640, 480), 320, 240),
                    b.resolve("s" + i + "-small.jpg"), 0.75f);
        }
        for (int i = 100; i < 103; i++) {
            CliTestImages.writeJpeg(CliTestImages.scene(i, 480, 360), b.resolve("other" + i + ".jpg"), 0.9f);
        }
    }

    static Run run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            exit = Main.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
    static Set<String> pairs(JsonNode map) {
        Set<String> pairs = new TreeSet<>();
        map.fields().forEachRemaining(e -> e.getValue().forEach(v -> {
            String other = v.isArray() ? v.get(0).asText() : v.asText();
            String x = e.getKey();
            pairs.add(x.compareTo(other) < 0 ? x + " | " + other : other + " | " + x);
        }));
        return pairs;
    }

    @Test
    void versionPrints() {
        Run r = run("--version");
        assertEquals(0, r.exit);
        assertTrue(r.out.startsWith("doppel "), r.out);
    }

    @Test
    void findsWithinAndAcrossDatasetsInImagededupFormat() throws Exception {
        Path out = tmp.resolve("dups.json");
        Run r = run("find", "--dirs", a.toString(), b.toString(), "--encoder", "phash", "--threshold", "10",
                "--out", out.toString(), "--scores");
        assertEquals(0, r.exit, r.err);
        JsonNode map = new ObjectMapper().readTree(out.toFile());
        assertEquals(13, map.size(), "every image is a key, like imagededup");
        Set<String> expected = Set.of("A/cls1/s1-copy.png | A/cls1/s1.jpg", "A/cls0/s2.jpg | B/s2-small.jpg",
                "A/cls1/s3.jpg | B/s3-small.jpg", "A/cls0/s4.jpg | B/s4-small.jpg");
        assertEquals(expected, pairs(map));
        JsonNode first = map.get("A/cls0/s2.jpg").get(0);
        assertEquals("B/s2-small.jpg", first.get(0).asText());
        assertTrue(first.get(1).asInt() <= 10);
        JsonNode results = new ObjectMapper().readTree(ResultFiles.sidecarOf(out).toFile());
        assertEquals(4, results.get("groups").size());
        assertEquals(4, results.get("remove").size());
        assertTrue(r.out.contains("4 groups"), r.out);
        assertFalse(Files.exists(tmp.resolve("duplicates")), "an audit changes nothing");
    }

    @Test
    void crossOnlyDropsPairsWithinADataset() throws Exception {
        Path out = tmp.resolve("cross.json");
        Run r = run("find", "--dirs", a.toString(), b.toString(), "--cross-only", "--out", out.toString(), "-q");
        assertEquals(0, r.exit, r.err);
        assertEquals("", r.out, "--quiet prints nothing but errors");
        Set<String> p = pairs(new ObjectMapper().readTree(out.toFile()));
        assertEquals(3, p.size(), p.toString());
        assertTrue(p.stream().allMatch(s -> s.startsWith("A/") && s.contains("| B/")), p.toString());
    }

    @Test
    void moveThenUndoRestoresTheExactTree() throws Exception {
        TreeMap<String, String> before = Trees.digest(tmp);
        Path moveTo = tmp.resolve("dups-moved");
        Run r = run("find", "--dirs", a.toString(), b.toString(), "--move-to", moveTo.toString(), "--keep", "first-dir");
        assertEquals(0, r.exit, r.err);
        assertFalse(Files.exists(b.resolve("s2-small.jpg")), "the copy in B was moved");
        assertTrue(Files.exists(a.resolve("cls0/s2.jpg")), "the first dir's image is kept");
        assertTrue(Files.exists(moveTo.resolve("B/s2-small.jpg")));
        Matcher m = Pattern.compile("doppel undo (\\S*journal\\S*)").matcher(r.out);
        assertTrue(m.find(), r.out);
        Path journal = Path.of(m.group(1));
        assertTrue(journal.startsWith(moveTo), "journal lives in the --move-to dir");
        assertNotEquals(before, Trees.digest(tmp));

        Run undo = run("undo", journal.toString());
        assertEquals(0, undo.exit, undo.err);
        TreeMap<String, String> after = Trees.digest(tmp);
        after.keySet().removeIf(k -> k.startsWith("dups-moved"));
        assertEquals(before, after);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        TreeMap<String, String> before = Trees.digest(tmp);
        Run r = run("find", "--dirs", a.toString(), b.toString(), "--move-to", tmp.resolve("d").toString(), "--dry-run");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("dry run"), r.out);
        assertEquals(before, Trees.digest(tmp));
    }

    @Test
    void encodingsSaveMergeAndSearchAlone() throws Exception {
        Path ea = tmp.resolve("enc/a.json");
        Path eb = tmp.resolve("enc/b.json");
        assertEquals(0, run("encode", "--dirs", a.toString(), "--encoder", "dhash", "--out", ea.toString(), "-q").exit);
        assertEquals(0, run("encode", "--dirs", b.toString(), "--encoder", "dhash", "--out", eb.toString(),
                "--workers", "1", "-q").exit);
        Path merged = tmp.resolve("enc/merged.json");
        Run m = run("merge-encodings", ea.toString(), eb.toString(), "--out", merged.toString());
        assertEquals(0, m.exit, m.err);

        Path fromFiles = tmp.resolve("from-files.json");
        Path fromMerged = tmp.resolve("from-merged.json");
        Path direct = tmp.resolve("direct.json");
        assertEquals(0, run("find", "--encodings-in", ea.toString(), eb.toString(), "--threshold", "10",
                "--out", fromFiles.toString(), "-q").exit);
        assertEquals(0, run("find", "--encodings-in", merged.toString(), "--out", fromMerged.toString(), "-q").exit);
        assertEquals(0, run("find", "--dirs", a.toString(), b.toString(), "--encoder", "dhash",
                "--out", direct.toString(), "-q").exit);
        ObjectMapper om = new ObjectMapper();
        Set<String> expected = pairs(om.readTree(direct.toFile()));
        assertFalse(expected.isEmpty());
        assertEquals(expected, pairs(om.readTree(fromFiles.toFile())));
        assertEquals(expected, pairs(om.readTree(fromMerged.toFile())));
    }

    @Test
    void reRunReusesUnchangedEncodings() throws Exception {
        Path e = tmp.resolve("e.json");
        assertEquals(0, run("encode", "--dirs", a.toString(), "--out", e.toString(), "-q").exit);
        CliTestImages.writeJpeg(CliTestImages.scene(50, 300, 200), a.resolve("new.jpg"), 0.9f);
        Run again = run("encode", "--dirs", a.toString(), "--out", e.toString());
        assertEquals(0, again.exit, again.err);
        assertTrue(again.out.contains("(1 encoded, 7 reused)"), again.out);
    }

    @Test
    void mixingEncodersIsRefusedInOneLine() throws Exception {
        Path ep = tmp.resolve("p.json");
        Path ed = tmp.resolve("d.json");
        run("encode", "--dirs", a.toString(), "--encoder", "phash", "--out", ep.toString(), "-q");
        run("encode", "--dirs", b.toString(), "--encoder", "dhash", "--out", ed.toString(), "-q");
        Run r = run("merge-encodings", ep.toString(), ed.toString(), "--out", tmp.resolve("m.json").toString());
        assertEquals(1, r.exit);
        assertTrue(r.err.contains("phash") && r.err.contains("dhash"), r.err);
        assertEquals(1, r.err.strip().lines().count(), "one line, no stack trace: " + r.err);
    }

    @Test
    void skippedInputsAreReportedWithExitCodeTwo() throws Exception {
        Files.write(a.resolve("empty.jpg"), new byte[0]);
        Files.writeString(a.resolve("fake.jpg"), "this is not a JPEG");
        Path out = tmp.resolve("dups.json");
        Run r = run("find", "--dirs", a.toString(), "--out", out.toString());
        assertEquals(2, r.exit, r.err);
        assertTrue(r.out.contains("A/empty.jpg"), r.out);
        assertTrue(r.out.contains("A/fake.jpg"), r.out);
        JsonNode results = new ObjectMapper().readTree(ResultFiles.sidecarOf(out).toFile());
        List<String> skipped = new ArrayList<>();
        results.get("skipped").forEach(s -> skipped.add(s.get("path").asText()));
        assertEquals(List.of("empty.jpg", "fake.jpg"), skipped);
    }

    @Test
    void badArgumentsGiveOneLineErrors() {
        Run none = run("find");
        assertEquals(1, none.exit);
        assertTrue(none.err.startsWith("doppel find: nothing to search"), none.err);
        Run keep = run("find", "--dirs", a.toString(), "--keep", "bogus");
        assertEquals(1, keep.exit);
        assertTrue(keep.err.contains("unknown keep policy 'bogus'"), keep.err);
        Run missing = run("find", "--dirs", tmp.resolve("nope").toString());
        assertEquals(1, missing.exit);
        assertFalse(missing.err.contains("\tat "), "no stack trace: " + missing.err);
        Run option = run("find", "--no-such-option");
        assertEquals(1, option.exit);
        assertTrue(option.err.startsWith("doppel find: unknown option '--no-such-option'"), option.err);
    }

    @Test
    void approximateSearchFindsTheSamePairsAsExactOnASmallSet() throws Exception {
        Path model = Path.of("models/doppel-filterbank-v1.pt");
        Assumptions.assumeTrue(Files.isRegularFile(model), "offline model " + model + " absent");
        Path exact = tmp.resolve("exact.json");
        Path approx = tmp.resolve("approx.json");
        Run e = run("find", "--dirs", a.toString(), b.toString(), "--encoder", "cnn", "--model", model.toString(),
                "--threshold", "0.9", "--scores", "--out", exact.toString());
        assertEquals(0, e.exit, e.err);
        assertFalse(e.out.contains("approximate"), e.out);
        Run r = run("find", "--dirs", a.toString(), b.toString(), "--encoder", "cnn", "--model", model.toString(),
                "--threshold", "0.9", "--scores", "--out", approx.toString(), "--approximate", "--hnsw-k", "5");
        assertEquals(0, r.exit, r.err);
        assertTrue(r.out.contains("approximate (HNSW), may miss pairs: k 5"), r.out);
        String pairs = Files.readString(exact);
        assertTrue(pairs.contains("s2-small.jpg"), pairs);
        assertEquals(pairs, Files.readString(approx));

        Run leak = run("leak", "--reference", a.toString(), "--query", b.toString(), "--encoder", "cnn",
                "--model", model.toString(), "--threshold", "0.9", "--approximate");
        assertTrue(leak.out.contains("approximate (HNSW), may miss pairs"), leak.out);
        assertTrue(leak.out.contains("s2-small.jpg"), leak.out);
    }

    @Test
    void badHnswKAndOfflineModelUrlAreOneLineErrors() {
        Run k = run("find", "--dirs", a.toString(), "--encoder", "cnn", "--approximate", "--hnsw-k", "0");
        assertEquals(1, k.exit);
        assertTrue(k.err.contains("--hnsw-k must be at least 1"), k.err);
        Run url = run("find", "--dirs", a.toString(), "--encoder", "cnn", "--model",
                "djl://ai.djl.pytorch/resnet18_embedding");
        assertEquals(1, url.exit);
        assertTrue(url.err.contains("model URL djl://ai.djl.pytorch/resnet18_embedding needs the network: run with"
                + " DJL_OFFLINE=false (and internet access)"), url.err);
        assertEquals(1, url.err.strip().lines().count(), url.err);
    }
}
