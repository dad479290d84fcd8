package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code doppel merge-datasets} and {@code doppel apply}, in-process on real images. */
class MergeAndApplyCommandTest extends TwoDatasetsTest {
    Path full;

    @BeforeEach
    void makeDatasets() throws IOException {
        full = tmp.resolve("FULL");
        for (int i = 1; i <= 4; i++) {
            CliTestImages.writeJpeg(CliTestImages.scene(i, 640, 480), a.resolve("cls" + (i % 2) + "/s" + i + ".jpg"), 0.9f);
        }
        Files.writeString(a.resolve("cls0/s2.json"), "{\"label\": \"two\"}");
        // within A: a smaller PNG copy of s1 (its path sorts after s1.jpg, so s1.jpg stays)
        CliTestImages.writePng(CliTestImages.resized(CliTestImages.scene(1, 640, 480), 500, 375), a.resolve("cls1/t1-copy.png"));
        // across: B re-encodes s2 and s3 smaller, and has two pictures of its own
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(2, 640, 480), 320, 240), b.resolve("s2-small.jpg"), 0.75f);
        Files.writeString(b.resolve("s2-small.txt"), "caption of a duplicate");
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(3, 640, 480), 320, 240), b.resolve("sub/s3-small.jpg"), 0.75f);
        CliTestImages.writeJpeg(CliTestImages.scene(100, 480, 360), b.resolve("other100.jpg"), 0.9f);
        Files.writeString(b.resolve("other100.txt"), "caption");
        CliTestImages.writeJpeg(CliTestImages.scene(101, 480, 360), b.resolve("sub/other101.jpg"), 0.9f);
    }

    private static Path journalOf(String out) {
        Matcher m = Pattern.compile("doppel undo (\\S*doppel-journal-\\S*\\.jsonl)").matcher(out);
        assertTrue(m.find(), out);
        return Path.of(m.group(1));
    }

    @Test
    void mergeCopiesExactlyTheNonDuplicatesWithTheirSidecarsAndUndoRestores() throws Exception {
        TreeMap<String, String> sourcesBefore = Trees.digest(tmp);
        FindCommandTest.Run r = run("merge-datasets", a.toString(), b.toString(), "--into", full.toString(),
                "--encoder", "phash", "--threshold", "10", "--show");
        assertEquals(0, r.exit(), r.err() + r.out());
        Set<String> expected = Set.of("A/cls1/s1.jpg", "A/cls0/s2.jpg", "A/cls0/s2.json", "A/cls1/s3.jpg",
                "A/cls0/s4.jpg", "B/other100.jpg", "B/other100.txt", "B/sub/other101.jpg");
        Set<String> merged = Trees.files(full);
        merged.removeIf(p -> p.startsWith(".doppel/"));
        assertEquals(expected, merged);
        assertTrue(r.out().contains("left out B/s2-small.jpg (duplicate of A/cls0/s2.jpg"), r.out());
        assertTrue(r.out().contains("left out A/cls1/t1-copy.png (duplicate of A/cls1/s1.jpg"), r.out());
        assertTrue(r.out().contains("copied 6 images (+2 annotation files"), r.out());
        assertTrue(r.out().contains("3 duplicates left out"), r.out());
        TreeMap<String, String> afterMerge = Trees.digest(tmp);
        afterMerge.keySet().removeIf(k -> k.startsWith("FULL"));
        assertEquals(sourcesBefore, afterMerge, "sources are byte-identical");
        assertEquals(Trees.digest(a).get("cls0/s2.jpg"), Trees.digest(full).get("A/cls0/s2.jpg"));

        Path journal = journalOf(r.out());
        assertTrue(journal.startsWith(full.resolve(".doppel")), journal.toString());
        FindCommandTest.Run undo = run("undo", journal.toString());
        assertEquals(0, undo.exit(), undo.err() + undo.out());
        assertEquals(Set.of(".doppel/" + journal.getFileName()), Trees.files(full), "FULL holds nothing but the journal");
        try (Stream<Path> s = Files.list(full)) {
            assertEquals(List.of(full.resolve(".doppel")), s.toList(), "the folders the merge made are gone");
        }
        TreeMap<String, String> afterUndo = Trees.digest(tmp);
        afterUndo.keySet().removeIf(k -> k.startsWith("FULL"));
        assertEquals(sourcesBefore, afterUndo);
    }

    @Test
    void dryRunChangesNothing() throws Exception {
        TreeMap<String, String> before = Trees.digest(tmp);
        FindCommandTest.Run r = run("merge-datasets", a.toString(), b.toString(), "--into", full.toString(), "--dry-run");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("copy " + a.resolve("cls0/s2.jpg") + " -> " + full.resolve("A/cls0/s2.jpg")), r.out());
        assertFalse(r.out().contains(b.resolve("s2-small.jpg") + " -> "), r.out());
        assertTrue(r.out().contains("dry run: would have copied 6 images"), r.out());
        assertEquals(before, Trees.digest(tmp));
        assertFalse(Files.exists(full));
    }

    @Test
    void linkMakesHardLinks() throws Exception {
        FindCommandTest.Run r = run("merge-datasets", a.toString(), b.toString(), "--into", full.toString(), "--link", "-q");
        assertEquals(0, r.exit(), r.err());
        for (String rel : List.of("cls1/s1.jpg", "cls0/s2.json")) {
            assertEquals(Files.getAttribute(a.resolve(rel), "unix:ino"), Files.getAttribute(full.resolve("A/" + rel), "unix:ino"),
                    rel);
        }
        assertEquals(Files.getAttribute(b.resolve("sub/other101.jpg"), "unix:ino"),
                Files.getAttribute(full.resolve("B/sub/other101.jpg"), "unix:ino"));
    }

    @Test
    void undoKeepsACopyModifiedAfterTheMerge() throws Exception {
        FindCommandTest.Run r = run("merge-datasets", a.toString(), b.toString(), "--into", full.toString());
        assertEquals(0, r.exit(), r.err());
        Path edited = full.resolve("B/other100.txt");
        Files.writeString(edited, "caption, corrected by hand");
        FindCommandTest.Run undo = run("undo", journalOf(r.out()).toString());
        assertEquals(Main.EXIT_SKIPPED, undo.exit(), undo.out());
        assertTrue(undo.out().contains(edited + " changed since the merge"), undo.out());
        assertEquals("caption, corrected by hand", Files.readString(edited));
        assertFalse(Files.exists(full.resolve("A")), "everything unchanged was removed");
        assertFalse(Files.exists(full.resolve("B/other100.jpg")));
    }

    @Test
    void mergeTargetInsideADatasetIsRefused() {
        FindCommandTest.Run r = run("merge-datasets", a.toString(), b.toString(), "--into", a.resolve("full").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("lies inside dataset A"), r.err());
        assertFalse(Files.exists(a.resolve("full")));
    }

    @Test
    void applyMovesThePlannedFilesAndUndoRestoresThem() throws Exception {
        TreeMap<String, String> before = Trees.digest(tmp);
        Path plan = tmp.resolve("plan.jsonl");
        FindCommandTest.Run find = run("find", "--dirs", a.toString(), b.toString(), "--plan-out", plan.toString(), "-q");
        assertEquals(0, find.exit(), find.err());
        assertEquals(before, withoutPlan(Trees.digest(tmp)), "find --plan-out changes nothing but the plan");
        assertTrue(Files.readAllLines(plan).get(0).contains("\"format\":\"doppel-plan\""));
        assertEquals(4, Files.readAllLines(plan).size(), "header and three files to remove");

        Path moved = tmp.resolve("moved");
        FindCommandTest.Run apply = run("apply", plan.toString(), "--move-to", moved.toString());
        assertEquals(0, apply.exit(), apply.err() + apply.out());
        assertFalse(Files.exists(b.resolve("s2-small.jpg")));
        assertTrue(Files.exists(moved.resolve("B/s2-small.jpg")));
        assertTrue(Files.exists(moved.resolve("B/s2-small.txt")), "its caption went along");
        assertTrue(Files.exists(moved.resolve("A/cls1/t1-copy.png")));
        assertTrue(Files.exists(a.resolve("cls0/s2.jpg")));

        FindCommandTest.Run undo = run("undo", journalOf(apply.out()).toString());
        assertEquals(0, undo.exit(), undo.err() + undo.out());
        TreeMap<String, String> after = withoutPlan(Trees.digest(tmp));
        after.keySet().removeIf(k -> k.startsWith("moved"));
        assertEquals(before, after);
    }

    private static TreeMap<String, String> withoutPlan(TreeMap<String, String> digest) {
        digest.remove("plan.jsonl");
        return digest;
    }

    @Test
    void applyRefusesLinesEscapingTheirRoot() throws Exception {
        Path plan = tmp.resolve("evil.jsonl");
        Path victim = tmp.resolve("etc/passwd");
        Files.createDirectories(victim.getParent());
        Files.writeString(victim, "root:x:0:0");
        assertEquals(0, run("find", "--dirs", a.toString(), b.toString(), "--plan-out", plan.toString(), "-q").exit());
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(plan));
        String genuine = lines.stream().filter(l -> l.contains("\"path\":\"s2-small.jpg\"")).findFirst().orElseThrow();
        lines.add(1, genuine.replace("\"path\":\"s2-small.jpg\"", "\"path\":\"../etc/passwd\""));
        lines.add(2, genuine.replace("\"path\":\"s2-small.jpg\"", "\"path\":\"../../etc/passwd\""));
        Files.write(plan, lines);
        Path moved = tmp.resolve("moved");
        FindCommandTest.Run r = run("apply", plan.toString(), "--move-to", moved.toString());
        assertEquals(Main.EXIT_SKIPPED, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("refused line 2: ../etc/passwd: path escapes its root"), r.out());
        assertTrue(r.out().contains("refused line 3: ../../etc/passwd: path escapes its root"), r.out());
        assertEquals("root:x:0:0", Files.readString(victim));
        assertTrue(Files.exists(moved.resolve("B/s2-small.jpg")), "the valid lines were carried out");
        assertFalse(Files.exists(moved.resolve("etc")));

        FindCommandTest.Run none = run("apply", plan.toString());
        assertEquals(1, none.exit());
        assertTrue(none.err().contains("--move-to DIR or --delete"), none.err());
    }

    @Test
    void filesMovedIntoADatasetAreNotFoundAgain() throws Exception {
        Path inside = a.resolve("duplicates");
        FindCommandTest.Run move = run("find", "--dirs", a.toString(), "--move-to", inside.toString(), "-q");
        assertEquals(0, move.exit(), move.err());
        assertTrue(Files.exists(inside.resolve("A/cls1/t1-copy.png")));
        Path out = tmp.resolve("again.json");
        FindCommandTest.Run again = run("find", "--dirs", a.toString(), "--out", out.toString());
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.out().contains("doppel find: 4 images in 1 dataset"), again.out());
        assertTrue(again.out().contains("0 groups"), again.out());
        assertNotEquals(-1, Files.readString(out).indexOf("A/cls1/s1.jpg"));
        assertEquals(-1, Files.readString(out).indexOf("t1-copy"));
    }
}
