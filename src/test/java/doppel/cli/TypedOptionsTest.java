package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.cli.FindCommandTest.Run;
import doppel.encode.EncoderRegistry;
import doppel.results.ResultsIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Options with a closed set of values are typed: a value outside the set is refused in one line naming the closest
 * value and every valid one, in every command that takes the option; the two actions are one exclusive group.
 */
class TypedOptionsTest extends TwoDatasetsTest {
    @BeforeEach
    void makeDatasets() throws IOException {
        CliTestImages.writeScenes(a, 3, 320, 240);
        CliTestImages.writeJpeg(CliTestImages.scene(1, 320, 240), b.resolve("copy1.jpg"), 0.7f);
        CliTestImages.writeJpeg(CliTestImages.scene(50, 320, 240), b.resolve("own.jpg"), 0.9f);
    }

    /** The first line of stderr, after checking that the run failed with a usage error of at most two lines. */
    private static String refusal(String... args) {
        Run r = run(args);
        assertEquals(1, r.exit(), String.join(" ", args) + ": " + r.err());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(2, lines.size(), r.err());
        assertEquals("see 'doppel " + args[0] + " --help'", lines.get(1));
        return lines.get(0);
    }

    @Test
    void anUnknownEncoderIsRefusedWithTheClosestNameAndTheRegistrysNamesInEveryCommand() throws IOException {
        Path enc = tmp.resolve("enc.json");
        assertEquals(0, run("encode", "--dirs", a.toString(), "--out", enc.toString(), "-q").exit());
        String names = String.join(", ", EncoderRegistry.names());
        for (String[] args : new String[][] {
            {"find", a.toString(), "--encoder", "phsh"},
            {"encode", "--dirs", a.toString(), "-e", "phsh"},
            {"leak", "--query", b.toString(), "--reference", a.toString(), "--encoder", "phsh"},
            {"merge-datasets", a.toString(), b.toString(), "--into", tmp.resolve("full").toString(), "--encoder", "phsh"},
            {"query", b.toString(), "--encodings-in", enc.toString(), "--encoder", "phsh"},
            {"score", a.toString(), "--head", enc.toString(), "--encoder", "phsh"},
        }) {
            assertEquals("doppel " + args[0] + ": --encoder: unknown encoder 'phsh' (did you mean phash? use one of "
                    + names + ")", refusal(args));
        }
        assertTrue(refusal("find", a.toString(), "-e", "sha").contains("(did you mean sha256? use one of " + names + ")"));
        assertFalse(Files.exists(tmp.resolve("full")), "nothing was merged");
    }

    @Test
    void otherClosedSetsAreRefusedTheSameWay() {
        assertEquals("doppel find: --keep: unknown keep policy 'newst' (did you mean newest? use one of first-dir, "
                + "most-pixels, largest-file, smallest-file, oldest, newest)", refusal("find", a.toString(), "--keep", "newst"));
        assertEquals("doppel find: --device: unknown device 'gpx' (did you mean gpu? use one of auto, cpu, gpu)",
                refusal("find", a.toString(), "--device", "gpx"));
        assertEquals("doppel leak: --compat: unknown compat mode 'imagdedup' (did you mean imagededup? use one of none, "
                + "recheck, imagededup)", refusal("leak", "--query", b.toString(), "--reference", a.toString(), "--compat", "imagdedup"));
        assertTrue(refusal("stats", a.toString(), "--ext", "jgp")
                .startsWith("doppel stats: --ext: unknown image extension 'jgp' (did you mean jpg? use one of bmp, "));
    }

    @Test
    void compatRecheckRunsInFindAndLeakAndIsRefusedWhereNothingWouldReadIt() {
        Run r = run("find", a.toString(), b.toString(), "--compat", "recheck", "--out", tmp.resolve("d.json").toString(), "-q");
        assertEquals(0, r.exit(), r.err());
        Run leak = run("leak", "--query", b.toString(), "--reference", a.toString(), "--compat", "recheck", "-q");
        assertEquals(0, leak.exit(), leak.err());
        assertEquals("doppel encode: --compat recheck works with find, leak and merge-datasets only (use --compat "
                + "imagededup for imagededup's hash values)", refusal("encode", "--dirs", a.toString(), "--compat", "recheck"));
    }

    @Test
    void typedValuesAreReadInAnyCaseAndDoWhatTheyName() throws Exception {
        Path out = tmp.resolve("d.json");
        Run r = run("find", a.toString(), b.toString(), "--encoder", "DHASH", "--keep", "Newest", "--device", "CPU",
                "--ext", ".JPG", "--out", out.toString(), "-q");
        assertEquals(0, r.exit(), r.err());
        var results = ResultsIO.read(ResultFiles.sidecarOf(out));
        assertEquals("dhash", results.encoder().name());
        assertEquals(1, results.remove().size(), results.remove().toString());
    }

    @Test
    void moveToAndDeleteAreOneExclusiveGroupRefusedInOneLineBeforeAnythingMoves() throws Exception {
        Path moved = tmp.resolve("moved");
        assertEquals("doppel find: --move-to, --delete are mutually exclusive: give only one of them",
                refusal("find", a.toString(), b.toString(), "--move-to", moved.toString(), "--delete"));
        assertEquals("doppel find: --move-to, --delete are mutually exclusive: give only one of them",
                refusal("find", a.toString(), b.toString(), "--delete", "--move-to"));
        assertTrue(Files.exists(b.resolve("copy1.jpg")), "nothing moved");
        assertFalse(Files.exists(moved) || Files.exists(Path.of("duplicates")), "no target folder made");

        Path plan = tmp.resolve("plan.jsonl");
        assertEquals(0, run("find", a.toString(), b.toString(), "--plan-out", plan.toString(), "-q").exit());
        assertEquals("doppel apply: --move-to, --delete are mutually exclusive: give only one of them",
                refusal("apply", plan.toString(), "--delete", "--move-to", moved.toString()));
        assertTrue(Files.exists(b.resolve("copy1.jpg")), "nothing moved");

        assertTrue(refusal("find", a.toString(), b.toString(), "--encodings-only", "--encodings-out",
                tmp.resolve("e.json").toString(), "--move-to", moved.toString())
                .startsWith("doppel find: --encodings-only stops after encoding: it searches, writes and moves nothing"));
        assertFalse(Files.exists(tmp.resolve("e.json")), "refused before any work");

        Run one = run("find", a.toString(), b.toString(), "--move-to", moved.toString(), "-q");
        assertEquals(0, one.exit(), one.err());
        assertTrue(Files.exists(moved.resolve("B/copy1.jpg")));
    }

    @Test
    void helpListsTheActionsTogetherAndTakesNamesAndDefaultsFromTheRegistry() {
        Run help = run("find", "--help");
        assertEquals(0, help.exit());
        List<String> lines = help.out().lines().toList();
        int heading = lines.indexOf("Action (one of them; without either nothing changes):");
        assertTrue(heading > 0, help.out());
        assertTrue(lines.get(heading + 1).strip().startsWith("--move-to[=DIR]"), help.out());
        assertTrue(lines.subList(heading + 1, lines.size()).stream().anyMatch(l -> l.strip().startsWith("--delete")));
        String flat = help.out().replaceAll("\\s+", " ");
        assertTrue(flat.contains("One of " + String.join(", ", EncoderRegistry.names()) + " (default phash)"), flat);
        assertTrue(flat.contains("phash 10, dhash 8, ahash 10, whash 10; ahash and whash removals verified geometrically"), flat);
        assertTrue(flat.contains("cnn 0.9, clip 0.9"), flat);
        for (String command : new String[] {"leak", "merge-datasets", "query"}) {
            assertTrue(run(command, "--help").out().replaceAll("\\s+", " ").contains("-t, --threshold=T Max Hamming distance for "
                    + "hashes (default per encoder at 64 bits: phash 10, dhash 8"), command);
        }
    }
}
