package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.report.BrowserCheck;
import doppel.results.PairEvidence;
import doppel.results.ResultsIO;
import doppel.testing.Trees;
import doppel.verify.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * {@code find --thorough} pairs a transparent PNG (a real cut-out photo whose transparent background stores black)
 * with its copy flattened onto white as a JPEG, which it missed while it saw the PNG only as decoded; the evidence
 * says the PNG was verified over white, and {@code apply} composites it again: the plan applies, while the same
 * line without the composite, or compositing the other image, is refused, as is removing the original for its
 * flattened copy, which lacks its transparency. The default find is unchanged.
 */
class AlphaThoroughTest extends TwoDatasetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void makeDatasets() throws Exception {
        Path cutOut = SharedPhotos.photo("p0025.png");
        List<Path> others = SharedPhotos.jpegs(2);
        Files.createDirectories(a);
        Files.createDirectories(b);
        Files.copy(cutOut, a.resolve("flower.png"));
        assertTrue(Imgcodecs.imwrite(b.resolve("flower.jpg").toString(), SharedPhotos.overWhite(cutOut, 0.8)));
        Files.copy(others.get(0), a.resolve("other0.jpg"));
        Files.copy(others.get(1), b.resolve("other1.jpg"));
    }

    @Test
    void theCopyOverWhiteIsFoundWithItsEvidence() throws Exception {
        Path out = tmp.resolve("d.json");
        FindCommandTest.Run r = run("find", "--dirs", a.toString(), b.toString(), "--thorough", "-q", "--out",
                out.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(FindCommandTest.pairs(JSON.readTree(out.toFile())).contains("A/flower.png | B/flower.jpg"),
                Files.readString(out));
        PairEvidence e = ResultsIO.readEvidence(ResultFiles.sidecarOf(out)).stream()
                .filter(x -> x.a().equals("A/flower.png") || x.b().equals("A/flower.png")).findFirst().orElseThrow();
        assertTrue(e.overWhite("A/flower.png") && !e.overWhite("B/flower.jpg"), e.toString());
        String text = Files.readString(ResultFiles.sidecarOf(out));
        assertTrue(text.contains("\"a over white\"") || text.contains("\"b over white\""), "written for a person");

        Path plain = tmp.resolve("plain.json");
        assertEquals(0, run("find", "--dirs", a.toString(), b.toString(), "-q", "--out", plain.toString()).exit());
        assertEquals(Set.of(), FindCommandTest.pairs(JSON.readTree(plain.toFile())),
                "the default find does not see it");
    }

    @Test
    void applyCompositesAgainAsTheEvidenceSays() throws Exception {
        Path plan = tmp.resolve("plan.jsonl");
        FindCommandTest.Run found = run("find", "--dirs", a.toString(), b.toString(), "--thorough", "--keep",
                "first-dir", "--plan-out", plan.toString(), "-q");
        assertEquals(0, found.exit(), found.err());
        List<String> lines = Files.readAllLines(plan);
        assertEquals(2, lines.size(), lines.toString());
        ObjectNode line = (ObjectNode) JSON.readTree(lines.get(1));
        assertEquals("flower.jpg", line.path("path").asText(), line.toString());
        assertEquals("A/flower.png", line.path("kept").asText(), line.toString());
        assertEquals("verified", line.path("proof").asText(), line.toString());
        assertEquals("kept over white", line.path("evidence").path("alpha").asText(), line.toString());

        TreeMap<String, String> before = trees();
        ObjectNode evidence = (ObjectNode) line.get("evidence");
        evidence.remove("alpha");
        assertRefused(lines, line, "no longer verified geometrically");
        evidence.put("alpha", "removed over white");
        assertRefused(lines, line, "has no transparent pixels to composite onto white");
        evidence.put("alpha", "over black");
        assertRefused(lines, line, "claims an unknown proof");
        assertEquals(before, trees(), "nothing moved");

        FindCommandTest.Run applied = run("apply", plan.toString(), "--move-to", dups().toString(), "-q");
        assertEquals(0, applied.exit(), applied.out() + applied.err());
        assertTrue(Files.notExists(b.resolve("flower.jpg")) && Files.exists(a.resolve("flower.png")));
        assertEquals(before.get("B/flower.jpg"), Trees.sha256(dups().resolve("B/flower.jpg")));
    }

    /** The keep policy keeping the flattened copy would remove the transparent original: find keeps both. */
    @Test
    void theTransparentOriginalIsNotRemovedForItsFlattenedCopy() throws Exception {
        TreeMap<String, String> before = trees();
        FindCommandTest.Run r = run("find", "--dirs", b.toString(), a.toString(), "--keep", "first-dir", "--thorough",
                "--move-to", dups().toString());
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("A/flower.png not removed: its kept image B/flower.jpg shows it only flattened onto"
                + " white (it lacks this file's transparency); both kept"), r.out());
        assertEquals(before, trees(), "nothing moved");
    }

    /**
     * The HTML report's "Export plan" (headless Chromium) carries which image was verified over white: the plan as
     * found applies; keeping the flattened copy instead exports the original's removal, which apply refuses.
     */
    @Test
    void aPlanExportedFromTheReportCompositesToo() throws Exception {
        BrowserCheck.assumeInstalled();
        Path out = tmp.resolve("d.json");
        assertEquals(0, run("find", "--dirs", a.toString(), b.toString(), "--thorough", "--keep", "first-dir", "--out",
                out.toString(), "-q").exit());
        Path html = tmp.resolve("r.html");
        assertEquals(0, run("report", out.toString(), "--html", html.toString(), "-q").exit());
        Path exported = tmp.resolve("exported");
        BrowserCheck.Result r = BrowserCheck.run("export-plans.mjs", html.toString(), exported.toString());
        assertEquals(0, r.exit(), "browser export failed:\n" + r.log());
        JsonNode asFound = JSON.readTree(Files.readAllLines(exported.resolve("plan-as-found.jsonl")).get(1));
        assertEquals("flower.jpg", asFound.path("path").asText(), asFound.toString());
        assertEquals("kept over white", asFound.path("evidence").path("alpha").asText(), asFound.toString());
        JsonNode turned = JSON.readTree(Files.readAllLines(exported.resolve("plan-kept-2.jsonl")).get(1));
        assertEquals("flower.png", turned.path("path").asText(), turned.toString());
        assertEquals("removed over white", turned.path("evidence").path("alpha").asText(), turned.toString());

        TreeMap<String, String> before = trees();
        FindCommandTest.Run refused = run("apply", exported.resolve("plan-kept-2.jsonl").toString(), "--move-to",
                dups().toString());
        assertEquals(2, refused.exit(), refused.out() + refused.err());
        assertTrue(refused.out().contains("shows it only flattened onto white"), refused.out());
        assertEquals(before, trees(), "nothing moved");
        FindCommandTest.Run applied = run("apply", exported.resolve("plan-as-found.jsonl").toString(), "--move-to",
                dups().toString(), "-q");
        assertEquals(0, applied.exit(), applied.out() + applied.err());
        assertTrue(Files.notExists(b.resolve("flower.jpg")) && Files.exists(a.resolve("flower.png")));
    }

    /** The plan with {@code line} in place of its entry is refused by apply, saying {@code why}. */
    private void assertRefused(List<String> lines, JsonNode line, String why) throws Exception {
        Path changed = tmp.resolve("changed.jsonl");
        Files.write(changed, List.of(lines.get(0), JSON.writeValueAsString(line)));
        FindCommandTest.Run r = run("apply", changed.toString(), "--move-to", dups().toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue((r.out() + r.err()).contains(why), why + " in: " + r.out() + r.err());
    }
}
