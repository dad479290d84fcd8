package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import doppel.io.Sha256;
import doppel.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Saved encodings never make find act on a file it has not checked; outputs come before actions; exit codes
 * tell the truth (issue 8, sections 3 and 4). Real images, real encoders, real moves in a temp dir.
 */
class FindTrustTest extends TwoDatasetsTest {
    @BeforeEach
    void makeDatasets() throws IOException {
        CliTestImages.writeScenes(a, 4, 480, 360);
        // One true duplicate across datasets: B/s3-small.jpg of A/s3.jpg; B/u.jpg is unique.
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(3, 480, 360), 240, 180),
                b.resolve("s3-small.jpg"), 0.8f);
        CliTestImages.writeJpeg(CliTestImages.scene(50, 480, 360), b.resolve("u.jpg"), 0.9f);
    }

    private static String hashOf(Path enc, String path) throws IOException {
        for (JsonNode img : new ObjectMapper().readTree(enc.toFile()).get("images")) {
            if (img.get("path").asText().equals(path)) {
                return img.get("hash").asText();
            }
        }
        throw new AssertionError(path + " not in " + enc);
    }

    /** Rewrites an encodings file so that the image at {@code path} carries {@code hash}; size and mtime stay. */
    private static void giveHash(Path enc, String path, String hash) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(enc.toFile());
        for (JsonNode img : root.get("images")) {
            if (img.get("path").asText().equals(path)) {
                ((ObjectNode) img).put("hash", hash);
            }
        }
        json.writeValue(enc.toFile(), root);
    }

    @Test
    void aCraftedEncodingsFileNeverMovesADistinctPhoto() throws Exception {
        Path encA = tmp.resolve("a.json");
        Path encB = tmp.resolve("b.json");
        assertEquals(0, run("encode", "--dirs", a.toString(), "--out", encA.toString(), "-q").exit());
        assertEquals(0, run("encode", "--dirs", b.toString(), "--out", encB.toString(), "-q").exit());
        // A/s2.jpg gets A/s1.jpg's hash; B/u.jpg, in another file, gets it too.
        String s1Hash = hashOf(encA, "s1.jpg");
        giveHash(encA, "s2.jpg", s1Hash);
        giveHash(encB, "u.jpg", s1Hash);
        ObjectMapper json = new ObjectMapper();

        Path dups = tmp.resolve("dups");
        Path out = tmp.resolve("d.json");
        FindCommandTest.Run audit = run("find", "--encodings-in", encA.toString(), encB.toString(), "--out", out.toString());
        assertEquals(0, audit.exit(), audit.err());
        assertTrue(json.readTree(ResultFiles.sidecarOf(out).toFile()).get("remove").toString().contains("A/s2.jpg"),
                "the crafted hashes do fool the search itself");

        // A plan is confirmed the same way, and carries the digests taken in the run.
        Path plan = tmp.resolve("plan.jsonl");
        FindCommandTest.Run p = run("find", "--encodings-in", encA.toString(), encB.toString(), "--plan-out", plan.toString());
        assertEquals(2, p.exit(), p.out() + p.err());
        List<String> lines = Files.readAllLines(plan);
        assertEquals(2, lines.size(), "header and the one confirmed removal: " + lines);
        JsonNode entry = json.readTree(lines.get(1));
        assertEquals("s3-small.jpg", entry.get("path").asText());
        assertEquals(Sha256.of(b.resolve("s3-small.jpg")), entry.get("sha256").asText());
        assertEquals(Sha256.of(a.resolve("s3.jpg")), entry.get("kept_sha256").asText());

        FindCommandTest.Run r = run("find", "--encodings-in", encA.toString(), encB.toString(),
                "--move-to", dups.toString());
        assertEquals(2, r.exit(), "pairs that do not hold make the exit code 2: " + r.out() + r.err());
        assertTrue(Files.exists(a.resolve("s2.jpg")), "a distinct photo was moved on a crafted hash");
        assertTrue(Files.exists(b.resolve("u.jpg")), "a distinct photo was moved on a crafted hash");
        assertFalse(Files.exists(b.resolve("s3-small.jpg")), "the true duplicate is still moved: " + r.out());
        assertTrue(Files.exists(dups.resolve("B/s3-small.jpg")), r.out());
        assertTrue(r.err().contains("s2.jpg") && r.err().contains("no longer a duplicate"), r.err());
        assertTrue(r.out().contains("undo with: doppel undo "), "the journal is named once anything moved: " + r.out());
    }

    @Test
    void datasetsKnownOnlyFromEncodingsAreSearchedAgainstButNotActedOn() throws Exception {
        Path encA = tmp.resolve("a.json");
        assertEquals(0, run("encode", "--dirs", a.toString(), "--out", encA.toString(), "-q").exit());
        // B is named, A only comes from its encodings; B comes first, so A's copy is the one to remove.
        FindCommandTest.Run r = run("find", "--dirs", b.toString(), "--encodings-in", encA.toString(),
                "--move-to", tmp.resolve("dups").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.exists(a.resolve("s3.jpg")) && Files.exists(b.resolve("s3-small.jpg")),
                "nothing of A (not named) was moved, and B's image was kept: " + r.out());
        assertTrue(r.out().contains("1 in datasets known only from --encodings-in, not acted on"), r.out());
        // Named too, it is acted on.
        FindCommandTest.Run both = run("find", "--dirs", b.toString(), a.toString(), "--encodings-in", encA.toString(),
                "--move-to", tmp.resolve("dups2").toString());
        assertEquals(0, both.exit(), both.err());
        assertFalse(Files.exists(a.resolve("s3.jpg")), both.out());
        assertTrue(Files.exists(b.resolve("s3-small.jpg")), both.out());
    }

    @Test
    void anUnwritableOutMovesNothing() throws Exception {
        Path blocker = tmp.resolve("blocker");
        Files.writeString(blocker, "a file, not a folder");
        var before = Trees.digest(tmp.resolve("A"));
        var beforeB = Trees.digest(tmp.resolve("B"));
        FindCommandTest.Run r = run("find", a.toString(), b.toString(), "--out", blocker.resolve("d.json").toString(),
                "--move-to", tmp.resolve("dups").toString());
        assertNotEquals(0, r.exit(), r.out());
        assertEquals(before, Trees.digest(a));
        assertEquals(beforeB, Trees.digest(b));
        assertFalse(Files.exists(tmp.resolve("dups")), "no target folder, no journal: " + r.out());
    }

    @Test
    void positionalDatasetsWorkLikeDirsAndResultsCarryDigests() throws Exception {
        Path o1 = tmp.resolve("p.json");
        Path o2 = tmp.resolve("d.json");
        assertEquals(0, run("find", a.toString(), b.toString(), "--out", o1.toString(), "-q").exit());
        assertEquals(0, run("find", "--dirs", a.toString(), b.toString(), "--out", o2.toString(), "-q").exit());
        ObjectMapper json = new ObjectMapper();
        JsonNode p = json.readTree(ResultFiles.sidecarOf(o1).toFile());
        JsonNode d = json.readTree(ResultFiles.sidecarOf(o2).toFile());
        assertEquals(d.get("remove"), p.get("remove"));
        assertEquals(d.get("pairs"), p.get("pairs"));
        assertEquals(1, d.get("remove").size());
        int checked = 0;
        for (JsonNode g : d.get("groups")) {
            for (JsonNode m : g.get("members")) {
                Path file = tmp.resolve(m.get("key").asText());
                assertEquals(Sha256.of(file), m.get("sha256").asText(), m.toString());
                assertEquals(Files.getLastModifiedTime(file).toMillis(), m.get("mtime").asLong());
                checked++;
            }
        }
        assertEquals(2, checked);
    }

    @Test
    void exactRunsRecordTheSha256OfTheirOwnReadForKeptAndRemovedFiles() throws Exception {
        Files.copy(a.resolve("s1.jpg"), b.resolve("s1-copy.jpg"));
        ObjectMapper json = new ObjectMapper();
        for (String encoder : List.of("md5", "sha256")) {
            Path out = tmp.resolve(encoder + ".json");
            Path plan = tmp.resolve(encoder + "-plan.jsonl");
            FindCommandTest.Run r = run("find", a.toString(), b.toString(), "--encoder", encoder, "--out", out.toString(),
                    "--plan-out", plan.toString(), "-q");
            assertEquals(0, r.exit(), r.err());
            JsonNode d = json.readTree(ResultFiles.sidecarOf(out).toFile());
            assertEquals("[\"B/s1-copy.jpg\"]", d.get("remove").toString(), encoder);
            Set<String> members = new HashSet<>();
            for (JsonNode g : d.get("groups")) {
                for (JsonNode m : g.get("members")) {
                    assertEquals(Sha256.of(tmp.resolve(m.get("key").asText())), m.get("sha256").asText(), encoder + ": " + m);
                    members.add(m.get("key").asText());
                }
            }
            assertEquals(Set.of("A/s1.jpg", "B/s1-copy.jpg"), members, encoder);
            List<String> lines = Files.readAllLines(plan);
            JsonNode entry = json.readTree(lines.get(lines.size() - 1));
            assertEquals(Sha256.of(b.resolve("s1-copy.jpg")), entry.get("sha256").asText(), encoder);
            assertEquals(Sha256.of(a.resolve("s1.jpg")), entry.get("kept_sha256").asText(), encoder);
        }
    }

    @Test
    void aPipeAndAFolderNamedLikeImagesAreListedAsSkipped() throws Exception {
        Files.createDirectories(a.resolve("dir.jpg"));
        Path fifo = a.resolve("x.jpg");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        boolean havePipe = mk.waitFor() == 0;
        FindCommandTest.Run r = run("find", a.toString());
        assertEquals(2, r.exit(), "skipped inputs exit 2: " + r.out());
        List<String> lines = new ArrayList<>(List.of((r.out() + r.err()).split("\n")));
        Set<String> said = new HashSet<>();
        for (String line : lines) {
            if (line.contains("dir.jpg") && line.contains("a folder")) {
                said.add("dir");
            }
            if (line.contains("x.jpg") && line.contains("not a regular file")) {
                said.add("fifo");
            }
        }
        assertEquals(havePipe ? Set.of("dir", "fifo") : Set.of("dir"), said, r.out() + r.err());
    }
}
