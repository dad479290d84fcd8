package doppel.find;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.act.ActionReport;
import doppel.cli.CliTestImages;
import doppel.io.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The find use case through its Java API: audit, then the same request moving, journaled. */
class FinderTest {
    @TempDir
    Path tmp;

    @Test
    void auditChangesNothingAndAMoveRequestMovesExactlyToRemove() throws Exception {
        Path a = tmp.resolve("A");
        Path b = tmp.resolve("B");
        CliTestImages.writeScenes(a, 4, 400, 300);
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(2, 400, 300), 200, 150), b.resolve("small2.jpg"), 0.7f);
        CliTestImages.writeJpeg(CliTestImages.scene(9, 400, 300), b.resolve("other.jpg"), 0.9f);

        FindRun audit = Finder.find(FindRequest.builder().datasets(a, b).build());
        assertEquals(List.of(b.resolve("small2.jpg")), audit.toRemove());
        assertNull(audit.prepareAction(), "an audit has nothing to run");
        Removal r = audit.removals().get(0);
        assertEquals(a.resolve("s2.jpg"), r.kept().path());
        assertEquals(Sha256.of(b.resolve("small2.jpg")), r.sha256());
        assertEquals(Sha256.of(a.resolve("s2.jpg")), r.keptSha256());
        assertTrue(audit.refused().isEmpty());

        Path dups = tmp.resolve("dups");
        FindRun move = Finder.find(FindRequest.builder().datasets(a, b).moveTo(dups).build());
        PreparedAction action = move.prepareAction();
        assertFalse(Files.exists(dups), "preparing touches nothing");
        ActionReport report = action.run(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), "test");
        assertTrue(report.clean(), report.problems().toString());
        assertFalse(Files.exists(b.resolve("small2.jpg")));
        assertTrue(Files.exists(dups.resolve("B/small2.jpg")));
        assertTrue(Files.exists(action.journal()), "journaled for undo");
        assertTrue(Files.exists(a.resolve("s2.jpg")) && Files.exists(b.resolve("other.jpg")));
    }

    /**
     * Pairs found elsewhere (the Spark job's search) are grouped by the find use case's own rules: the same groups
     * and files to remove as {@link Finder}, a plan that {@code apply} accepts, and a threshold checked against the
     * encoder.
     */
    @Test
    void pairsFoundElsewhereGroupAndPlanAsFindDoes() throws Exception {
        Path a = tmp.resolve("A");
        Path b = tmp.resolve("B");
        CliTestImages.writeScenes(a, 4, 400, 300);
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(2, 400, 300), 200, 150), b.resolve("small2.jpg"), 0.7f);
        CliTestImages.writeJpeg(CliTestImages.resized(CliTestImages.scene(3, 400, 300), 300, 225), b.resolve("copy3.jpg"), 0.6f);
        CliTestImages.writeJpeg(CliTestImages.scene(9, 400, 300), b.resolve("other.jpg"), 0.9f);
        FindRun run = Finder.find(FindRequest.builder().datasets(b, a).keep(doppel.search.KeepPolicy.MOST_PIXELS).build());
        doppel.search.DuplicateResult r = run.result();

        Grouping g = Grouping.of(r.datasets(), r.spec(), r.images(), r.skipped(), r.pairs(),
                doppel.encode.Threshold.of(null, r.spec()), false, doppel.search.KeepPolicy.MOST_PIXELS);
        assertEquals(2, g.groups().size());
        assertEquals(run.groups(), g.groups());
        assertEquals(run.toRemove(), g.toRemove());
        assertEquals(List.of(b.resolve("copy3.jpg"), b.resolve("small2.jpg")), g.toRemove().stream().sorted().toList());

        Path plan = tmp.resolve("plan.jsonl");
        g.writePlan(plan);
        ApplyRun apply = Apply.check(ApplyRequest.builder().plan(plan).moveTo(tmp.resolve("dups")).dryRun(true).build());
        assertEquals(List.of(), apply.refused());
        assertEquals(2, apply.entries().size());

        IllegalArgumentException tooFar = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Grouping.of(r.datasets(), r.spec(), r.images(), r.skipped(), r.pairs(),
                        new doppel.encode.Threshold(65, r.spec().metric()), false, doppel.search.KeepPolicy.FIRST_DIR));
        assertTrue(tooFar.getMessage().contains("from 0 to 64"), tooFar.getMessage());
    }
}
