package doppel.find;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.act.ActionReport;
import doppel.cli.CliTestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leak, merge and apply use cases through their Java API, on real images in temp folders. */
class LeakMergeApplyTest {
    @TempDir
    Path tmp;
    Path a;
    Path b;

    /** A holds four scenes; B a smaller re-encoded copy of scene 2 and an unrelated scene. */
    @BeforeEach
    void datasets() throws Exception {
        a = tmp.resolve("A");
        b = tmp.resolve("B");
        CliTestImages.writeScenes(a, 4, 400, 300);
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(2, 400, 300), 200, 150), b.resolve("small2.jpg"), 0.7f);
        CliTestImages.writeJpeg(CliTestImages.scene(9, 400, 300), b.resolve("other.jpg"), 0.9f);
    }

    private static PrintStream sink() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void leakNamesTheQueryImageWithItsReferenceCopy() {
        LeakRun run = Leak.check(LeakRequest.builder().query(b).reference(a).build());
        assertEquals(List.of("B/small2.jpg"), List.copyOf(run.leaks().keySet()));
        assertEquals("A/s2.jpg", run.leaks().get("B/small2.jpg").get(0).reference());
        assertEquals("1 of 2 query images leak (50.0%)", run.verdict());
        assertTrue(Files.exists(b.resolve("small2.jpg")), "a leak check changes nothing");
    }

    @Test
    void leakRefusesAFolderOnBothSides() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LeakRequest.builder().query(a).reference(a).build());
        assertTrue(e.getMessage().contains("both a query and a reference"), e.getMessage());
    }

    @Test
    void mergeCopiesAllButTheDuplicateOfAnEarlierDataset() {
        Path full = tmp.resolve("FULL");
        MergeRun run = MergeDatasets.plan(MergeRequest.builder().datasets(a, b).into(full).build());
        assertEquals(1, run.leftOut().size());
        assertEquals("B/small2.jpg", run.leftOut().get(0).image().key());
        assertFalse(Files.exists(full), "planning copies nothing");
        ActionReport report = run.run(sink());
        assertTrue(report.clean(), report.problems().toString());
        assertTrue(Files.exists(full.resolve("A/s2.jpg")) && Files.exists(full.resolve("B/other.jpg")));
        assertFalse(Files.exists(full.resolve("B/small2.jpg")));
        assertTrue(Files.exists(b.resolve("small2.jpg")), "sources are never changed");
        assertTrue(Files.exists(run.journal()), "journaled for undo");
    }

    @Test
    void mergeChecksEachKeptCopyAgainstTheDigestTheSearchTook() throws Exception {
        Path full = tmp.resolve("FULL");
        MergeRun run = MergeDatasets.plan(MergeRequest.builder().datasets(a, b).into(full).build());
        // A/s2.jpg, kept for B/small2.jpg, was digested by the search; changed since (same size and time), its copy
        // no longer matches that digest and is not made. Digested again at copy time instead, it would be copied.
        Path kept = a.resolve("s2.jpg");
        byte[] bytes = Files.readAllBytes(kept);
        java.nio.file.attribute.FileTime time = Files.getLastModifiedTime(kept);
        bytes[bytes.length / 2] ^= 1;
        Files.write(kept, bytes);
        Files.setLastModifiedTime(kept, time);
        ActionReport report = run.run(sink());
        assertEquals(1, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().get(0).contains("s2.jpg"), report.problems().toString());
        assertFalse(Files.exists(full.resolve("A/s2.jpg")));
        assertTrue(Files.exists(full.resolve("A/s1.jpg")) && Files.exists(full.resolve("B/other.jpg")),
                "the other images are copied");
    }

    @Test
    void applyMovesAConfirmedPlanLineAndRefusesAChangedFile() throws Exception {
        Path plan = tmp.resolve("plan.jsonl");
        Finder.find(FindRequest.builder().datasets(a, b).confirm(true).build()).writePlan(plan);
        Path dups = tmp.resolve("dups");
        ApplyRun run = Apply.check(ApplyRequest.builder().plan(plan).moveTo(dups).build());
        assertEquals(1, run.entries().size());
        assertTrue(run.refused().isEmpty(), run.refused().toString());
        ActionReport report = run.prepareAction().run(sink(), "test");
        assertTrue(report.clean(), report.problems().toString());
        assertFalse(Files.exists(b.resolve("small2.jpg")));
        assertTrue(Files.exists(dups.resolve("B/small2.jpg")));

        // The plan is stale now: its file is gone, so the line is refused and nothing is planned.
        ApplyRun again = Apply.check(ApplyRequest.builder().plan(plan).moveTo(dups).build());
        assertEquals(1, again.refused().size());
        assertEquals(null, again.prepareAction());
    }
}
