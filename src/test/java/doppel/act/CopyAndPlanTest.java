package doppel.act;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.dataset.DatasetScanner;
import doppel.dataset.ImageFile;
import doppel.dataset.ScanOptions;
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
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies and hard links (dataset merges) and the duplicates marker, on real files. */
class CopyAndPlanTest {
    @TempDir
    Path tmp;
    Path ds;
    Path full;
    static final PrintStream NULL = new PrintStream(OutputStream.nullOutputStream());
    static final SidecarFinder SIDECARS = SidecarFinder.of(ScanOptions.DEFAULT);

    @BeforeEach
    void dataset() throws IOException {
        ds = tmp.resolve("cats");
        full = tmp.resolve("full");
        write("a/1.jpg", "one");
        write("a/1.json", "{\"label\": 1}");
        write("a/2.png", "two two");
        write("b/3.webp", "three");
    }

    private Path write(String rel, String content) throws IOException {
        return ActionTest.writeFile(ds, rel, content);
    }

    private List<ImageFile> images() {
        return new DatasetScanner().scanDirs(List.of(ds)).files();
    }

    private static Path journalIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> all = s.filter(p -> DatasetScanner.isJournalName(p.getFileName().toString())).toList();
            assertEquals(1, all.size(), all.toString());
            return all.get(0);
        }
    }

    @Test
    void copyThenUndoLeavesSourcesAndRemovesOnlyTheCopies() throws IOException {
        Map<String, String> source = Trees.snapshot(ds);
        ActionPlan plan = ActionPlanner.copy(images(), full, false, SIDECARS, Map.of());
        assertEquals(ActionPlan.Kind.COPY, plan.kind());
        assertEquals(full.resolve(".doppel"), plan.defaultJournal().getParent(),
                "the journal stays out of the merged tree's scanned folders");
        ActionReport report = ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        assertTrue(report.clean(), report.problems().toString());
        assertEquals(4, report.files());
        assertEquals(1, report.sidecars());
        assertEquals(source, Trees.snapshot(ds), "sources untouched, mtimes included");
        Map<String, String> copied = Trees.snapshot(full.resolve("cats"));
        assertEquals(source, copied, "the copies hold the same bytes and mtimes");
        assertEquals(3, new DatasetScanner().scanDirs(List.of(full)).files().size(), "the merged tree scans normally");

        Path journal = journalIn(full.resolve(".doppel"));
        assertTrue(Files.readString(journal).contains("\"sha256\""));
        ActionReport undone = Undo.undo(journal, false, NULL);
        assertTrue(undone.clean(), undone.problems().toString());
        assertEquals(4, undone.files());
        assertEquals(List.of(full.resolve(".doppel")), Files.list(full).toList(), "only the journal's folder is left");
        assertEquals(source, Trees.snapshot(ds));
        assertEquals(0, Undo.undo(journal, false, NULL).files(), "undo is idempotent");
    }

    @Test
    void undoKeepsACopyEditedSinceAndAnUnfinishedTempCopyGoes() throws IOException {
        ActionPlan plan = ActionPlanner.copy(images(), full, false, SIDECARS, Map.of());
        ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        Path edited = full.resolve("cats/a/2.png");
        Files.writeString(edited, "two TWO");
        // A copy killed before its rename into place: only the run's temp file exists.
        Path journal = journalIn(full.resolve(".doppel"));
        List<String> lines = Files.readAllLines(journal);
        String intent = lines.stream().filter(l -> l.contains("\"intent\"") && l.contains("3.webp")).findFirst().orElseThrow();
        Path dst = Path.of(Journal.JSON.readTree(intent).path("dst").asText());
        Path tmpCopy = Path.of(Journal.JSON.readTree(intent).path("tmp").asText());
        Files.move(dst, tmpCopy);
        int seq = Journal.JSON.readTree(intent).path("seq").asInt();
        lines.removeIf(l -> l.equals("{\"type\":\"done\",\"seq\":" + seq + "}") || l.contains("\"type\":\"end\""));
        Files.write(journal, lines);

        ActionReport report = Undo.undo(journal, false, NULL);
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).contains("2.png") && report.problems().get(0).contains("changed"),
                report.problems().get(0));
        assertEquals("two TWO", Files.readString(edited), "an edited copy is kept");
        assertFalse(Files.exists(tmpCopy), "the run's unfinished temp copy is removed");
        assertFalse(Files.exists(full.resolve("cats/a/1.jpg")));
        assertEquals("two two", Files.readString(ds.resolve("a/2.png")));
    }

    @Test
    void linksShareTheInodeAndUndoRemovesOnlyTheLinks() throws IOException {
        Map<String, String> source = Trees.snapshot(ds);
        ActionReport report = ActionRunner.run(ActionPlanner.copy(images(), full, true, SIDECARS, Map.of()), null, false, NULL,
                Progress.NONE);
        assertTrue(report.clean(), report.problems().toString());
        assertTrue(report.notes().isEmpty(), report.notes().toString());
        Path link = full.resolve("cats/a/1.jpg");
        assertEquals(Files.getAttribute(ds.resolve("a/1.jpg"), "unix:ino"), Files.getAttribute(link, "unix:ino"));
        assertEquals(2, (int) Files.getAttribute(link, "unix:nlink"));
        // a linked file replaced by a different one is not the run's any more
        Path replaced = full.resolve("cats/b/3.webp");
        Files.delete(replaced);
        Files.writeString(replaced, "three");

        ActionReport undone = Undo.undo(journalIn(full.resolve(".doppel")), false, NULL);
        assertEquals(1, undone.problems().size(), undone.problems().toString());
        assertTrue(Files.exists(replaced));
        assertFalse(Files.exists(link));
        assertEquals(source, Trees.snapshot(ds));
        assertEquals(1, (int) Files.getAttribute(ds.resolve("a/1.jpg"), "unix:nlink"));
    }

    @Test
    void linkAcrossFileSystemsFallsBackToACopyWithANote() throws IOException {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.isWritable(shm), "no /dev/shm to link across file systems");
        Path other = Files.createTempDirectory(shm, "doppel-merge-test");
        try {
            Assumptions.assumeFalse(FileOps.sameFileSystem(ds, other), "/dev/shm is on the same file system as @TempDir");
            ActionReport report = ActionRunner.run(ActionPlanner.copy(images(), other.resolve("full"), true, SIDECARS, Map.of()),
                    null, false, NULL, Progress.NONE);
            assertTrue(report.clean(), report.problems().toString());
            assertEquals(1, report.notes().size());
            assertTrue(report.notes().get(0).startsWith("4 files copied instead of hard-linked"), report.notes().get(0));
            assertEquals("one", Files.readString(other.resolve("full/cats/a/1.jpg")));
            ActionReport undone = Undo.undo(journalIn(other.resolve("full/.doppel")), false, NULL);
            assertTrue(undone.clean(), undone.problems().toString());
            assertFalse(Files.exists(other.resolve("full/cats")));
        } finally {
            try (Stream<Path> s = Files.walk(other)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void copyNeverOverwritesAndDryRunTouchesNothing() throws IOException {
        Files.createDirectories(full.resolve("cats/a"));
        Files.writeString(full.resolve("cats/a/1.jpg"), "already here");
        Map<String, String> before = Trees.snapshot(tmp);
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        ActionPlan plan = ActionPlanner.copy(images(), full, false, SIDECARS, Map.of());
        ActionRunner.run(plan, null, true, new PrintStream(text, true, StandardCharsets.UTF_8), Progress.NONE);
        assertEquals(before, Trees.snapshot(tmp));
        assertTrue(text.toString(StandardCharsets.UTF_8).contains("copy " + ds.resolve("a/1.jpg") + " -> "
                + full.resolve("cats/a/1~1.jpg")), text.toString(StandardCharsets.UTF_8));

        ActionRunner.run(plan, null, false, NULL, Progress.NONE);
        assertEquals("already here", Files.readString(full.resolve("cats/a/1.jpg")));
        assertEquals("one", Files.readString(full.resolve("cats/a/1~1.jpg")));
        assertEquals("{\"label\": 1}", Files.readString(full.resolve("cats/a/1~1.json")));
    }

    @Test
    void moveMarksItsTargetSoScansSkipItAndUndoRemovesTheMark() throws IOException {
        Path inside = ds.resolve("dups");
        List<ImageFile> two = images().stream().filter(f -> !f.relativePath().equals("b/3.webp")).toList();
        ActionReport report = ActionRunner.run(ActionPlanner.move(two, inside, SIDECARS), null, false, NULL,
                Progress.NONE);
        Path journal = journalIn(inside);
        assertTrue(report.clean(), report.problems().toString());
        assertTrue(Files.exists(inside.resolve(DatasetScanner.DUPLICATES_MARKER)));
        assertEquals(List.of("b/3.webp"), new DatasetScanner().scanDirs(List.of(ds)).files().stream()
                .map(ImageFile::relativePath).toList(), "the moved files are not found again");

        Undo.undo(journal, false, NULL);
        assertFalse(Files.exists(inside.resolve(DatasetScanner.DUPLICATES_MARKER)), "the marker is gone with the files");
        try (Stream<Path> left = Files.list(inside)) {
            assertEquals(List.of(journal), left.toList(), "only the journal stays");
        }
        assertEquals(3, images().size());
    }
}
