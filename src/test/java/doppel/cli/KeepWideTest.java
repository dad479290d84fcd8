package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.act.RemovalProof;
import doppel.report.BrowserCheck;
import doppel.results.PairEvidence;
import doppel.results.ResultsIO;
import doppel.testing.Trees;
import doppel.verify.SharedPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A verified pair of a crop and its original never removes the original, which holds what the crop cut away:
 * with the crop in the first folder and {@code --keep first-dir}, {@code find --thorough --move-to} keeps both and
 * says why; with the folders the other way round the crop goes as before; and a plan that claims the original's
 * removal for its crop is refused by {@code apply}. Real photos, cropped here; real moves.
 */
class KeepWideTest extends TwoDatasetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private List<Path> photos;

    @BeforeEach
    void loadPhotos() {
        photos = SharedPhotos.jpegs(3);
    }

    /** {@code cropDir}: a crop to 80 % of each side (64 % of the picture) of the second photo; {@code wideDir}: it whole. */
    private void makeDatasets(Path cropDir, Path wideDir) throws IOException {
        Files.createDirectories(a);
        Files.createDirectories(b);
        assertTrue(Imgcodecs.imwrite(cropDir.resolve("crop.jpg").toString(),
                SharedPhotos.rotatedCrop(photos.get(1), 0, 0.05, 0.15, 0.8, 0.8)));
        Files.copy(photos.get(1), wideDir.resolve("wide.jpg"));
        Files.copy(photos.get(0), a.resolve("other0.jpg"));
        Files.copy(photos.get(2), b.resolve("other2.jpg"));
    }

    private static PairEvidence evidenceOf(Path results, String key) {
        return ResultsIO.readEvidence(results).stream().filter(e -> e.a().equals(key) || e.b().equals(key))
                .findFirst().orElseThrow(() -> new AssertionError("no evidence for " + key));
    }

    @Test
    void aKeptCropDoesNotRemoveItsOriginal() throws Exception {
        makeDatasets(a, b);
        TreeMap<String, String> before = trees();
        Path out = tmp.resolve("d.json");
        FindCommandTest.Run r = run("find", "--dirs", a.toString(), b.toString(), "--keep", "first-dir", "--thorough",
                "--move-to", dups().toString(), "--out", out.toString());
        assertEquals(0, r.exit(), "keeping both is not a failure: " + r.out() + r.err());
        assertEquals(before, trees(), "nothing moved: " + r.out());
        assertTrue(r.out().contains("B/wide.jpg not removed: its kept image A/crop.jpg shows only "), r.out());
        JsonNode results = JSON.readTree(ResultFiles.sidecarOf(out).toFile());
        assertEquals(0, results.get("remove").size(), results.toString());
        assertTrue(FindCommandTest.pairs(JSON.readTree(out.toFile())).contains("A/crop.jpg | B/wide.jpg"),
                "still reported as a pair");
        PairEvidence e = evidenceOf(ResultFiles.sidecarOf(out), "B/wide.jpg");
        assertTrue(e.coveredOf("B/wide.jpg") < 0.75 && e.coveredOf("B/wide.jpg") > 0.5,
                "the crop shows about 64 % of the original: " + e);
        assertTrue(e.coveredOf("A/crop.jpg") >= RemovalProof.MIN_COVERED, "the original shows all the crop: " + e);
        assertNotNull(e.keptBoth(), "the results say why neither went");
    }

    @Test
    void theCropInTheSecondFolderStillGoes() throws Exception {
        makeDatasets(b, a);
        TreeMap<String, String> before = trees();
        Path out = tmp.resolve("d.json");
        FindCommandTest.Run r = run("find", "--dirs", a.toString(), b.toString(), "--keep", "first-dir", "--thorough",
                "--move-to", dups().toString(), "--out", out.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(Files.notExists(b.resolve("crop.jpg")) && Files.exists(a.resolve("wide.jpg")), r.out());
        assertEquals(before.get("B/crop.jpg"), Trees.sha256(dups().resolve("B/crop.jpg")));
        assertEquals(before.size() - 1, trees().size(), "nothing else moves");
        assertEquals(null, evidenceOf(ResultFiles.sidecarOf(out), "B/crop.jpg").keptBoth());
    }

    /**
     * The plan of the crop's removal applies; turned round into a plan that removes the original for its crop (as a
     * person could in the report), apply verifies the pair, measures what the crop shows, and refuses.
     */
    @Test
    void applyRefusesToRemoveTheOriginalForItsCrop() throws Exception {
        makeDatasets(b, a);
        Path plan = tmp.resolve("plan.jsonl");
        FindCommandTest.Run found = run("find", "--dirs", a.toString(), b.toString(), "--thorough", "--plan-out",
                plan.toString(), "-q");
        assertEquals(0, found.exit(), found.err());
        List<String> lines = new ArrayList<>(Files.readAllLines(plan));
        assertEquals(2, lines.size(), lines.toString());
        ObjectNode line = (ObjectNode) JSON.readTree(lines.get(1));
        assertEquals("verified", line.path("proof").asText(), line.toString());
        assertTrue(line.path("evidence").path("covered").asDouble() >= RemovalProof.MIN_COVERED, line.toString());

        Path wide = a.resolve("wide.jpg");
        Path crop = b.resolve("crop.jpg");
        line.put("dataset", "A").put("root", a.toString()).put("path", "wide.jpg").put("size", Files.size(wide))
                .put("mtime", Files.getLastModifiedTime(wide).toMillis()).put("sha256", Trees.sha256(wide))
                .put("kept", "B/crop.jpg").put("kept_size", Files.size(crop)).put("kept_sha256", Trees.sha256(crop));
        ((ObjectNode) line.get("evidence")).remove("covered"); // apply measures again, whatever the line says
        lines.set(1, JSON.writeValueAsString(line));
        Path turned = tmp.resolve("turned.jsonl");
        Files.write(turned, lines);
        TreeMap<String, String> before = trees();
        FindCommandTest.Run refused = run("apply", turned.toString(), "--move-to", dups().toString());
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.out().contains("wide.jpg: its kept image " + crop + " shows only "), refused.out());
        assertEquals(before, trees(), "nothing moved");
        assertFalse(Files.exists(dups()));

        FindCommandTest.Run applied = run("apply", plan.toString(), "--move-to", dups().toString(), "-q");
        assertEquals(0, applied.exit(), applied.out() + applied.err());
        assertTrue(Files.notExists(crop) && Files.exists(wide));
    }

    /**
     * The HTML report's "Export plan" (headless Chromium, src/test/browser/export-plans.mjs) writes a verified pair's
     * line with its proof, as find --plan-out does, so apply accepts it and moves the crop; a review that keeps the
     * crop instead exports the original's removal, which apply refuses.
     */
    @Test
    void aVerifiedPairExportedFromTheReportApplies() throws Exception {
        BrowserCheck.assumeInstalled();
        makeDatasets(b, a);
        Path out = tmp.resolve("d.json");
        FindCommandTest.Run found = run("find", "--dirs", a.toString(), b.toString(), "--thorough", "--out",
                out.toString(), "-q");
        assertEquals(0, found.exit(), found.err());
        Path html = tmp.resolve("r.html");
        assertEquals(0, run("report", out.toString(), "--html", html.toString(), "-q").exit());
        Path exported = tmp.resolve("exported");
        BrowserCheck.Result r = BrowserCheck.run("export-plans.mjs", html.toString(), exported.toString());
        assertEquals(0, r.exit(), "browser export failed:\n" + r.log());

        List<String> asFound = Files.readAllLines(exported.resolve("plan-as-found.jsonl"));
        assertEquals(2, asFound.size(), asFound.toString());
        JsonNode line = JSON.readTree(asFound.get(1));
        assertEquals("crop.jpg", line.path("path").asText(), line.toString());
        assertEquals("verified", line.path("proof").asText(), "the page's line claims the verified proof: " + line);
        assertTrue(line.path("evidence").path("inliers").asInt() >= 20
                && line.path("evidence").path("covered").asDouble() >= RemovalProof.MIN_COVERED, line.toString());

        Path wide = a.resolve("wide.jpg");
        Path crop = b.resolve("crop.jpg");
        JsonNode turned = JSON.readTree(Files.readAllLines(exported.resolve("plan-kept-2.jsonl")).get(1));
        assertEquals("wide.jpg", turned.path("path").asText(), "keeping the crop removes the original: " + turned);
        assertEquals("verified", turned.path("proof").asText(), turned.toString());
        TreeMap<String, String> before = trees();
        FindCommandTest.Run refused = run("apply", exported.resolve("plan-kept-2.jsonl").toString(), "--move-to",
                dups().toString());
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.out().contains("wide.jpg: its kept image " + crop + " shows only "), refused.out());
        assertEquals(before, trees(), "nothing moved");

        FindCommandTest.Run applied = run("apply", exported.resolve("plan-as-found.jsonl").toString(), "--move-to",
                dups().toString());
        assertEquals(0, applied.exit(), applied.out() + applied.err());
        assertTrue(Files.notExists(crop) && Files.exists(wide), applied.out());
        assertEquals(before.get("B/crop.jpg"), Trees.sha256(dups().resolve("B/crop.jpg")));
    }
}
