package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.testing.Trees;
import doppel.verify.SharedPhotos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A pair that {@code find --thorough} proves geometrically, beyond the hash threshold, is acted on like a pair
 * within it: {@code --move-to} moves the copy and {@code undo} restores it, its plan line carries the proof and
 * {@code apply} verifies it again, and a plan that lies about such a pair (a file swapped for another photo, a
 * proof claimed for a pair that does not verify) moves nothing. Real photos, edited here; real moves.
 */
class VerifiedActionTest extends TwoDatasetsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private List<Path> photos;

    /** A: three photos; B: a mirrored, turned crop of the first, a letterboxed copy of the second, a fourth photo. */
    @BeforeEach
    void makeDatasets() throws IOException {
        photos = SharedPhotos.jpegs(4);
        Files.createDirectories(a);
        Files.createDirectories(b);
        for (int i = 0; i < 3; i++) {
            Files.copy(photos.get(i), a.resolve("p" + i + ".jpg"));
        }
        write(SharedPhotos.mirroredRotatedCrop(photos.get(0), 3, 0.85), b.resolve("crop.jpg"));
        write(SharedPhotos.letterboxed(photos.get(1), 90), b.resolve("boxed.jpg"));
        Files.copy(photos.get(3), b.resolve("other.jpg"));
    }

    private static void write(Mat image, Path file) {
        assertTrue(Imgcodecs.imwrite(file.toString(), image), file.toString());
    }

    private Path journal() throws IOException {
        try (Stream<Path> s = Files.list(dups())) {
            return s.filter(p -> p.getFileName().toString().startsWith("doppel-journal-")).findFirst().orElseThrow();
        }
    }

    @Test
    void thoroughMovesTheVerifiedCopiesAndUndoRestoresThem() throws Exception {
        TreeMap<String, String> before = trees();
        Path plain = tmp.resolve("plain.json");
        assertEquals(0, run("find", "--dirs", a.toString(), b.toString(), "-q", "--out", plain.toString()).exit());
        assertEquals(Set.of(), FindCommandTest.pairs(JSON.readTree(plain.toFile())),
                "both copies lie beyond the hash threshold");

        FindCommandTest.Run dry = run("find", "--dirs", a.toString(), b.toString(), "--thorough", "--move-to",
                dups().toString(), "--dry-run");
        assertEquals(0, dry.exit(), dry.out() + dry.err());
        assertTrue(dry.out().contains("move " + b.resolve("crop.jpg")) && dry.out().contains("move " + b.resolve("boxed.jpg")),
                dry.out());
        assertEquals(before, trees(), "a dry run changes nothing");
        assertFalse(Files.exists(dups()));

        Path out = tmp.resolve("d.json");
        FindCommandTest.Run moved = run("find", "--dirs", a.toString(), b.toString(), "--thorough", "--move-to",
                dups().toString(), "--out", out.toString());
        assertEquals(0, moved.exit(), moved.out() + moved.err());
        assertTrue(moved.out().contains("moved 2 files"), moved.out());
        assertTrue(moved.out().contains("remove B/crop.jpg (verified geometrically: ")
                && moved.out().contains(", mirrored)"), "the listing shows the proof: " + moved.out());
        assertTrue(Files.notExists(b.resolve("crop.jpg")) && Files.notExists(b.resolve("boxed.jpg")), moved.out());
        assertEquals(before.get("B/crop.jpg"), Trees.sha256(dups().resolve("B/crop.jpg")));
        assertTrue(Files.exists(b.resolve("other.jpg")) && Files.exists(a.resolve("p0.jpg")), "nothing else moves");
        JsonNode results = JSON.readTree(ResultFiles.sidecarOf(out).toFile());
        List<String> remove = new ArrayList<>();
        results.get("remove").forEach(k -> remove.add(k.asText()));
        assertEquals(Set.of("B/crop.jpg", "B/boxed.jpg"), Set.copyOf(remove));

        FindCommandTest.Run undo = run("undo", journal().toString(), "-q");
        assertEquals(0, undo.exit(), undo.err());
        assertEquals(before, trees());
    }

    /** The plan of find --thorough: both copies, each line claiming a verified proof with its evidence. */
    private Path plan() throws IOException {
        Path plan = tmp.resolve("plan.jsonl");
        FindCommandTest.Run r = run("find", "--dirs", a.toString(), b.toString(), "--thorough", "--plan-out",
                plan.toString(), "-q");
        assertEquals(0, r.exit(), r.err());
        return plan;
    }

    private static void edit(Path plan, int line, UnaryOperator<ObjectNode> edit) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(plan));
        lines.set(line, JSON.writeValueAsString(edit.apply((ObjectNode) JSON.readTree(lines.get(line)))));
        Files.write(plan, lines);
    }

    /** The plan line number (from 1) of the removal of {@code path}. */
    private static int lineOf(Path plan, String path) throws IOException {
        List<String> lines = Files.readAllLines(plan);
        for (int i = 1; i < lines.size(); i++) {
            if (JSON.readTree(lines.get(i)).path("path").asText().equals(path)) {
                return i;
            }
        }
        throw new AssertionError(path + " not in the plan: " + lines);
    }

    private FindCommandTest.Run apply(Path plan) {
        return run("apply", plan.toString(), "--move-to", dups().toString());
    }

    @Test
    void aPlanWithVerifiedProofsAppliesAndUndoes() throws Exception {
        TreeMap<String, String> before = trees();
        Path plan = plan();
        List<String> lines = Files.readAllLines(plan);
        assertEquals(3, lines.size(), lines.toString());
        for (String text : lines.subList(1, 3)) {
            JsonNode line = JSON.readTree(text);
            assertEquals("verified", line.path("proof").asText(), text);
            assertTrue(line.path("evidence").path("inliers").asInt() >= 20, text);
        }
        assertTrue(JSON.readTree(lines.get(lineOf(plan, "crop.jpg"))).path("evidence").path("flip").asBoolean(),
                "the crop is mirrored");

        FindCommandTest.Run r = apply(plan);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(Files.notExists(b.resolve("crop.jpg")) && Files.notExists(b.resolve("boxed.jpg")), r.out());
        assertEquals(0, run("undo", journal().toString(), "-q").exit());
        assertEquals(before, trees());
    }

    @Test
    void aPlanThatLiesAboutAVerifiedPairMovesNothing() throws Exception {
        Path plan = plan();
        // the crop is replaced by another photo under its name
        Files.copy(photos.get(2), b.resolve("crop.jpg"), StandardCopyOption.REPLACE_EXISTING);
        // the letterboxed copy's line is turned into a claim that the distinct photo B/other.jpg verifies
        Path other = b.resolve("other.jpg");
        String sha = Trees.sha256(other);
        long size = Files.size(other);
        long mtime = Files.getLastModifiedTime(other).toMillis();
        edit(plan, lineOf(plan, "boxed.jpg"), e -> e.put("path", "other.jpg").put("sha256", sha).put("size", size)
                .put("mtime", mtime));
        TreeMap<String, String> before = trees();

        FindCommandTest.Run r = apply(plan);
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("crop.jpg: its content differs from the plan's SHA-256"), r.out());
        assertTrue(r.out().contains("other.jpg: no longer verified geometrically"), r.out());
        assertEquals(1, r.out().lines().filter(l -> l.contains("other.jpg: ")).count(), "one line: " + r.out());
        assertEquals(before, trees(), "nothing moved");
        assertFalse(Files.exists(dups()), "not even the target folder is made");
    }

    @Test
    void theProofKindMatters() throws Exception {
        TreeMap<String, String> before = trees();
        Path plan = plan();
        // claimed as a fingerprint proof (as a line without "proof" does), the letterboxed pair is beyond the threshold
        edit(plan, lineOf(plan, "boxed.jpg"), e -> {
            e.remove("proof");
            e.remove("evidence");
            return e;
        });
        // an unknown kind of proof is no proof
        edit(plan, lineOf(plan, "crop.jpg"), e -> e.put("proof", "trust-me"));
        FindCommandTest.Run r = apply(plan);
        assertEquals(2, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("boxed.jpg: no longer a duplicate"), r.out());
        assertTrue(r.out().contains("unknown proof"), r.out());
        assertEquals(before, trees(), "nothing moved");
    }

    /**
     * aHash matches distinct photos that are mostly letterbox bars, so find verifies its removals geometrically;
     * apply does the same for a line claiming an aHash fingerprint proof, so a crafted plan cannot skip it.
     */
    @Test
    void anAhashFingerprintProofMustVerifyToo() throws Exception {
        Files.createDirectories(tmp.resolve("C"));
        Path c = tmp.resolve("C");
        Mat strip1 = SharedPhotos.letterboxed(photos.get(1), Imgcodecs.imread(photos.get(1).toString()).rows() * 7 / 2);
        Mat strip2 = SharedPhotos.letterboxed(photos.get(2), Imgcodecs.imread(photos.get(2).toString()).rows() * 7 / 2);
        write(strip1, c.resolve("strip1.jpg"));
        write(strip2, b.resolve("strip2.jpg"));
        Path plan = tmp.resolve("plan.jsonl");
        Path out = tmp.resolve("d.json");
        FindCommandTest.Run r = run("find", "--dirs", a.toString(), b.toString(), c.toString(), "--encoder", "ahash",
                "--plan-out", plan.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.exit(), r.err());
        assertTrue(FindCommandTest.pairs(JSON.readTree(out.toFile())).contains("B/strip2.jpg | C/strip1.jpg"),
                "the strips are within aHash's threshold, so their fingerprints alone would let one go");
        String keptSha = Trees.sha256(c.resolve("strip1.jpg"));
        String sha = Trees.sha256(b.resolve("strip2.jpg"));
        long size = Files.size(b.resolve("strip2.jpg"));
        long keptSize = Files.size(c.resolve("strip1.jpg"));
        long mtime = Files.getLastModifiedTime(b.resolve("strip2.jpg")).toMillis();
        List<String> lines = new ArrayList<>(Files.readAllLines(plan).subList(0, 1));
        ObjectNode line = JSON.createObjectNode().put("dataset", "B").put("root", b.toString()).put("path", "strip2.jpg")
                .put("size", size).put("mtime", mtime).put("sha256", sha).put("kept", "C/strip1.jpg")
                .put("kept_size", keptSize).put("kept_sha256", keptSha).put("proof", "fingerprint");
        lines.add(JSON.writeValueAsString(line));
        Files.write(plan, lines);
        TreeMap<String, String> before = trees();
        FindCommandTest.Run applied = apply(plan);
        assertEquals(2, applied.exit(), applied.out() + applied.err());
        assertTrue(applied.out().contains("strip2.jpg: no longer verified geometrically"), applied.out());
        assertEquals(before, trees(), "nothing moved");
    }
}
