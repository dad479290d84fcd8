package doppel.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.DatasetScanner;
import doppel.dataset.ImageFile;
import doppel.dataset.ScanOptions;
import doppel.dataset.ScanResult;
import doppel.dataset.SidecarFinder;
import doppel.progress.Progress;
import doppel.testing.Trees;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActionTest {
    @TempDir
    Path tmp;
    Path ds;
    Path target;
    static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream());
    static final SidecarFinder SIDECARS = SidecarFinder.of(ScanOptions.DEFAULT);

    @BeforeEach
    void dataset() throws IOException {
        ds = tmp.resolve("cats");
        target = tmp.resolve("dups");
        write("data/a/1.jpg", "one");
        write("data/a/1.json", "{\"label\": 1}");
        write("annotations/a/1.xml", "<one/>");
        write("data/a/2.png", "two two");
        write("data/b/3 ü.webp", "three");
        write("data/b/3 ü.txt", "caption");
        write("data/keep.jpg", "kept");
    }

    private Path write(String rel, String content) throws IOException {
        return writeFile(ds, rel, content);
    }

    /** Writes a small file below root with an mtime derived from its content, so digests are stable. */
    static Path writeFile(Path root, String rel, String content) throws IOException {
        Path p = root.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.fromMillis(1_600_000_000_000L + content.length() * 1000L));
        return p;
    }

    private List<ImageFile> toRemove() {
        ScanResult r = new DatasetScanner().scanDirs(List.of(ds));
        return r.files().stream().filter(f -> !f.relativePath().endsWith("keep.jpg")).toList();
    }
    private static Path onlyJournal(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(p -> p.getFileName().toString().contains("journal")).toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    @Test
    void moveThenUndoRestoresTheTreeExactly() throws IOException {
        Map<String, String> before = Trees.snapshot(ds);
        ActionPlan plan = ActionPlanner.move(toRemove(), target, SIDECARS);
        ActionReport report = ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        assertTrue(report.clean(), report.problems().toString());
        assertEquals(6, report.files(), "3 images and 3 sidecars");
        assertEquals(Map.of("/", "dir", "data/", "dir", "data/a/", "dir", "data/b/", "dir",
                "annotations/", "dir", "annotations/a/", "dir", "data/keep.jpg", before.get("data/keep.jpg")), Trees.snapshot(ds));
        assertEquals(before.get("data/a/1.jpg"), Trees.snapshot(target).get("cats/data/a/1.jpg"));
        assertEquals(before.get("annotations/a/1.xml"), Trees.snapshot(target).get("cats/annotations/a/1.xml"));
        assertEquals(before.get("data/b/3 ü.txt"), Trees.snapshot(target).get("cats/data/b/3 ü.txt"));

        Path journal = onlyJournal(target);
        assertTrue(journal.getFileName().toString().matches("doppel-journal-\\d{8}-\\d{6}-[0-9a-f]{4}\\.jsonl"));
        String header = Files.readAllLines(journal).get(0);
        assertTrue(header.contains("\"cwd\"") && header.contains("\"command\"") && header.contains("\"version\""), header);

        ActionReport undone = Undo.undo(journal, false, NULL);
        assertTrue(undone.clean(), undone.problems().toString());
        assertEquals(6, undone.files());
        assertEquals(before, Trees.snapshot(ds));
        assertEquals(List.of(journal), Files.list(target).toList(), "the dirs the run created are gone");

        ActionReport again = Undo.undo(journal, false, NULL);
        assertEquals(0, again.files(), "undo is idempotent");
        assertEquals(before, Trees.snapshot(ds));
    }

    @Test
    void dryRunChangesNothing() throws IOException {
        Map<String, String> before = Trees.snapshot(tmp);
        ActionPlan plan = ActionPlanner.move(toRemove(), target, SIDECARS);
        ByteArrayOutputStream planText = new ByteArrayOutputStream();
        ActionReport report = ActionRunner.run(plan, null, true, new PrintStream(planText, true, StandardCharsets.UTF_8),
                Progress.NONE);
        assertEquals(6, report.files());
        assertEquals(before, Trees.snapshot(tmp));
        assertFalse(Files.exists(target));
        String text = planText.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("move " + ds.resolve("data/a/1.jpg") + " -> " + target.resolve("cats/data/a/1.jpg")), text);
        assertEquals(6, text.lines().count());

        ActionPlan del = ActionPlanner.delete(toRemove(), target, SIDECARS);
        ActionRunner.run(del, null, true, NULL, Progress.NONE);
        assertEquals(before, Trees.snapshot(tmp));
    }

    @Test
    void neverOverwritesAnExistingTarget() throws IOException {
        Path occupied = target.resolve("cats/data/a/1.jpg");
        Files.createDirectories(occupied.getParent());
        Files.writeString(occupied, "an older duplicate");
        Files.writeString(target.resolve("cats/data/a/1.json"), "its label");
        Map<String, String> before = Trees.snapshot(ds);
        ActionPlan plan = ActionPlanner.move(toRemove(), target, SIDECARS);
        assertTrue(plan.operations().stream().anyMatch(op -> op.dst().getFileName().toString().equals("1~1.jpg")));
        assertTrue(plan.operations().stream().anyMatch(op -> op.dst().getFileName().toString().equals("1~1.json")),
                "sidecars follow their image's new name");
        // a file appears at a planned destination after planning: the runner picks another name
        Files.writeString(target.resolve("cats/data/a/2.png"), "raced in");

        ActionReport report = ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        assertTrue(report.clean(), report.problems().toString());
        assertEquals("an older duplicate", Files.readString(occupied));
        assertEquals("its label", Files.readString(target.resolve("cats/data/a/1.json")));
        assertEquals("one", Files.readString(target.resolve("cats/data/a/1~1.jpg")));
        assertEquals("raced in", Files.readString(target.resolve("cats/data/a/2.png")));
        assertEquals("two two", Files.readString(target.resolve("cats/data/a/2~1.png")));

        Undo.undo(onlyJournal(target), false, NULL);
        assertEquals(before, Trees.snapshot(ds));
        assertEquals("an older duplicate", Files.readString(occupied));
        assertEquals("raced in", Files.readString(target.resolve("cats/data/a/2.png")));
    }

    @Test
    void vanishedOrChangedSourcesAreReportedAndTheRunGoesOn() throws IOException {
        ActionPlan plan = ActionPlanner.move(toRemove(), target, SIDECARS);
        Files.delete(ds.resolve("data/a/1.jpg"));
        Files.writeString(ds.resolve("data/a/2.png"), "edited after the scan");
        ActionReport report = ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        assertEquals(2, report.files(), "3 ü.webp and its caption");
        assertEquals(4, report.problems().size(), report.problems().toString());
        assertTrue(Files.exists(ds.resolve("data/a/1.json")), "the sidecars of a vanished image stay");
        assertEquals("edited after the scan", Files.readString(ds.resolve("data/a/2.png")));
        assertTrue(Files.exists(target.resolve("cats/data/b/3 ü.webp")));
    }

    @Test
    void undoAfterAKillLosesNothing() throws IOException {
        Map<String, String> before = Trees.snapshot(ds);
        ActionPlan plan = ActionPlanner.move(toRemove(), target, SIDECARS);
        ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        Path journal = onlyJournal(target);
        // Rebuild the state of a kill: drop the "end" record and the last "done" (its move happened),
        // then put back the last file so that its intent is one whose move never happened, and cut the
        // journal's last line in half.
        List<String> lines = Files.readAllLines(journal);
        List<String> kept = lines.stream().filter(l -> !l.contains("\"type\":\"end\"")).toList();
        int lastDone = -1;
        int secondLastDone = -1;
        for (int i = 0; i < kept.size(); i++) {
            if (kept.get(i).contains("\"type\":\"done\"")) {
                secondLastDone = lastDone;
                lastDone = i;
            }
        }
        List<String> killed = new java.util.ArrayList<>(kept);
        String lastIntent = killed.get(lastDone - 1);
        killed.remove(lastDone);
        killed.remove(secondLastDone);
        // the last operation "never happened": move its file back by hand
        Path src = Path.of(field(lastIntent, "src"));
        Path dst = Path.of(field(lastIntent, "dst"));
        Files.move(dst, src);
        String text = String.join("\n", killed) + "\n" + "{\"type\":\"intent\",\"seq\":99,\"op\":\"mo";
        Files.writeString(journal, text);

        ActionReport report = Undo.undo(journal, false, NULL);
        assertTrue(report.clean(), report.problems().toString());
        assertEquals(before, Trees.snapshot(ds));
        assertEquals(List.of(journal), Files.list(target).toList());
        assertTrue(Files.readString(journal).contains("\"type\":\"undo-end\""));
        // the cut line was ended before appending, so every record after it parses
        assertEquals(0, Undo.undo(journal, false, NULL).files());
    }

    @Test
    void killBetweenCopyAndSourceDeleteKeepsTheSource() throws IOException {
        Map<String, String> before = Trees.snapshot(ds);
        ActionPlan plan = ActionPlanner.move(toRemove(), target, SIDECARS);
        ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        Path journal = onlyJournal(target);
        // A cross-file-system move killed after the rename into place (both exist), and one killed
        // before it (source and temp copy exist).
        List<String> intents = Files.readAllLines(journal).stream().filter(l -> l.contains("\"intent\"")).toList();
        Path src0 = Path.of(field(intents.get(0), "src"));
        Path dst0 = Path.of(field(intents.get(0), "dst"));
        Files.copy(dst0, src0, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Path src1 = Path.of(field(intents.get(1), "src"));
        Path dst1 = Path.of(field(intents.get(1), "dst"));
        Path tmp1 = dst1.resolveSibling(".doppel-tmp-" + plan.runId() + "-2");
        Files.copy(dst1, src1, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(dst1, tmp1);
        String withTmp = intents.get(1).replace("}", ",\"tmp\":\"" + tmp1 + "\"}");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(journal));
        lines.set(lines.indexOf(intents.get(1)), withTmp);
        // The first one's verified copy was in place: the runner journals that ("copied") before deleting the source.
        lines.replaceAll(l -> l.contains("\"type\":\"done\",\"seq\":1}") ? "{\"type\":\"copied\",\"seq\":1}" : l);
        lines.removeIf(l -> l.contains("\"type\":\"done\",\"seq\":2}"));
        Files.write(journal, lines);

        ActionReport report = Undo.undo(journal, false, NULL);
        assertTrue(report.clean(), report.problems().toString());
        assertEquals(before, Trees.snapshot(ds));
        assertFalse(Files.exists(tmp1));
        assertFalse(Files.exists(dst0));
    }

    @Test
    void differentFileAtTheOriginalSpotIsRestoredBeside() throws IOException {
        ActionPlan plan = ActionPlanner.move(toRemove(), target, SIDECARS);
        ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        write("data/a/1.jpg", "a new file");
        ActionReport report = Undo.undo(onlyJournal(target), false, NULL);
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertEquals("a new file", Files.readString(ds.resolve("data/a/1.jpg")));
        assertEquals("one", Files.readString(ds.resolve("data/a/1~1.jpg")));
    }

    @Test
    void undoDryRunChangesNothing() throws IOException {
        ActionRunner.run(ActionPlanner.move(toRemove(), target, SIDECARS), null, false, NULL, Progress.NONE);
        Map<String, String> after = Trees.snapshot(tmp);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ActionReport report = Undo.undo(onlyJournal(target), true, new PrintStream(text, true, StandardCharsets.UTF_8));
        assertEquals(6, report.files());
        assertEquals(after, Trees.snapshot(tmp));
        assertEquals(6, text.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("restore ")).count());
    }

    @Test
    void deleteGoesToTrashAndUndoBringsItBack() throws IOException {
        Map<String, String> before = Trees.snapshot(ds);
        ActionPlan plan = ActionPlanner.delete(toRemove(), target, SIDECARS);
        ActionReport report = ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        assertTrue(report.clean(), report.problems().toString());
        Path trashed = target.resolve(".trash").resolve(plan.runId()).resolve("cats/data/a/1.jpg");
        assertEquals("one", Files.readString(trashed));
        assertFalse(Files.exists(ds.resolve("data/a/1.jpg")));
        Path journal = onlyJournal(target);
        assertTrue(journal.getFileName().toString().contains(plan.runId()));

        Undo.undo(journal, false, NULL);
        assertEquals(before, Trees.snapshot(ds));
        assertFalse(Files.exists(target.resolve(".trash")));
    }

    @Test
    void purgeRemovesTrashedFilesForGood() throws IOException {
        ActionPlan plan = ActionPlanner.delete(toRemove(), target, SIDECARS);
        ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        Path journal = onlyJournal(target);
        ActionReport purged = Purge.purge(journal);
        assertTrue(purged.clean(), purged.problems().toString());
        assertEquals(6, purged.files());
        assertEquals(List.of(journal), Files.list(target).toList(), "trash folders are removed");
        assertTrue(Files.exists(ds.resolve("data/keep.jpg")));
        ActionReport undo = Undo.undo(journal, false, NULL);
        assertEquals(0, undo.files(), "purged files are gone for good");
        assertEquals(0, Purge.purge(journal).files(), "purge is idempotent");
    }

    @Test
    void purgeRefusesMoveJournals() throws IOException {
        ActionRunner.run(ActionPlanner.move(toRemove(), target, SIDECARS), null, false, NULL, Progress.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Purge.purge(onlyJournal(target)));
        assertTrue(e.getMessage().startsWith("not the journal of a delete run"), e.getMessage());
        assertEquals("not a doppel journal: " + ds.resolve("data/keep.jpg"), assertThrows(IllegalArgumentException.class,
                () -> Undo.undo(ds.resolve("data/keep.jpg"), false, NULL)).getMessage());
        assertEquals("no such journal: " + tmp.resolve("nope.jsonl"), assertThrows(IllegalArgumentException.class,
                () -> Undo.undo(tmp.resolve("nope.jsonl"), false, NULL)).getMessage());
    }

    @Test
    void crossFileSystemMoveAndUndo() throws IOException {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm to move across file systems");
        Path other = Files.createTempDirectory(shm, "doppel-act-test");
        try {
            Assumptions.assumeFalse(FileOps.sameFileSystem(ds, other), "/dev/shm is on the same file system as @TempDir");
            Map<String, String> before = Trees.snapshot(ds);
            ActionReport report = ActionRunner.run(ActionPlanner.move(toRemove(), other.resolve("dups"), SIDECARS), null,
                    false, NULL, Progress.NONE);
            assertTrue(report.clean(), report.problems().toString());
            assertEquals(before.get("data/a/1.jpg"), Trees.snapshot(other.resolve("dups")).get("cats/data/a/1.jpg"),
                    "content and mtime survive the copy");
            assertFalse(Files.exists(ds.resolve("data/a/1.jpg")));
            Path journal = onlyJournal(other.resolve("dups"));
            assertTrue(Files.readString(journal).contains("\"sha256\""));
            Undo.undo(journal, false, NULL);
            assertEquals(before, Trees.snapshot(ds));
        } finally {
            try (Stream<Path> s = Files.walk(other)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String field(String jsonLine, String name) throws IOException {
        return Journal.JSON.readTree(jsonLine).path(name).asText();
    }
}
