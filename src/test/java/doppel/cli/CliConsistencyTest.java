package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.cli.FindCommandTest.Run;
import doppel.results.ResultsFile;
import doppel.results.ResultsIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The commands behave alike: one-line usage errors, readable outputs, options that do something or say so. */
class CliConsistencyTest extends TwoDatasetsTest {
    @BeforeEach
    void makeDatasets() throws IOException {
        CliTestImages.writeScenes(a, 4, 320, 240);
        // Two of B's images are re-encoded copies of A's: they leak.
        for (int i = 1; i <= 2; i++) {
            CliTestImages.writeJpeg(CliTestImages.scene(i, 320, 240), b.resolve("copy" + i + ".jpg"), 0.7f);
        }
        CliTestImages.writeJpeg(CliTestImages.scene(50, 320, 240), b.resolve("own.jpg"), 0.9f);
    }

    @Test
    void unknownOptionsAreNamedWithASuggestionInEveryCommand() {
        for (String[] args : new String[][] {
            {"find", "--dirs", "A", "--treshold", "5"},
            {"leak", "--query", "B", "--reference", "A", "--treshold", "5"},
            {"merge-datasets", "A", "B", "--into", "C", "--treshold", "5"},
        }) {
            Run r = run(args);
            assertEquals(1, r.exit(), r.err());
            String[] lines = r.err().strip().split("\n");
            assertTrue(lines.length <= 3, r.err());
            assertEquals("doppel " + args[0] + ": unknown option '--treshold' (did you mean --threshold?)", lines[0]);
            assertEquals("see 'doppel " + args[0] + " --help'", lines[1]);
        }
        Run r = run("find", "--dir", a.toString());
        assertTrue(r.err().startsWith("doppel find: unknown option '--dir' (did you mean --dirs"), r.err());
    }

    @Test
    void editDistanceCountsTranspositionsAsOneEdit() {
        assertEquals(1, OneLineErrors.editDistance("--treshold", "--threshold"));
        assertEquals(1, OneLineErrors.editDistance("--qeury", "--query"));
        assertEquals(0, OneLineErrors.editDistance("--out", "--out"));
        assertEquals(3, OneLineErrors.editDistance("abc", ""));
    }

    @Test
    void leakResultsAreReadByReportAndDupStatsAndLabelledAsLeaks() throws Exception {
        Path out = tmp.resolve("l.json");
        Run leak = run("leak", "--query", b.toString(), "--reference", a.toString(), "--out", out.toString(), "-q");
        assertEquals(0, leak.exit(), leak.err());
        ResultsFile results = ResultsIO.read(ResultFiles.sidecarOf(out));
        assertEquals(ResultsFile.Kind.LEAK, results.kind());
        assertEquals(2, results.remove().size());
        assertTrue(results.remove().stream().allMatch(k -> k.startsWith("B/copy")), results.remove().toString());

        Path html = tmp.resolve("l.html");
        Run report = run("report", out.toString(), "--html", html.toString(), "-q");
        assertEquals(0, report.exit(), report.err());
        String page = Files.readString(html, StandardCharsets.UTF_8);
        assertTrue(page.contains("\"removeBadge\":\"LEAK\""), "leak never removes: its images are labelled LEAK");
        assertFalse(page.contains("\"removeBadge\":\"REMOVE\""));

        Run stats = run("dup-stats", out.toString());
        assertEquals(0, stats.exit(), stats.err());
        assertTrue(stats.out().contains("duplicates: 2"), stats.out());

        Path png = tmp.resolve("p.png");
        Run plot = run("plot", out.toString(), results.remove().get(0), "-o", png.toString(), "-q");
        assertEquals(0, plot.exit(), plot.err());
        assertTrue(Files.size(png) > 0);
        assertEquals("", run("dup-stats", out.toString(), "-q").out(), "-q on every command");
    }

    @Test
    void findResultsStayOfKindFind() throws Exception {
        Path out = tmp.resolve("d.json");
        Run r = run("find", "--dirs", a.toString(), b.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.exit(), r.err());
        assertEquals(ResultsFile.Kind.FIND, ResultsIO.read(ResultFiles.sidecarOf(out)).kind());
        assertEquals("find", new com.fasterxml.jackson.databind.ObjectMapper().readTree(ResultFiles.sidecarOf(out).toFile())
                .get("kind").asText());
    }

    @Test
    void removeListHoldsTheAbsolutePathsOfTheFilesToRemoveWrittenBeforeTheyMove() throws Exception {
        Path list = tmp.resolve("remove.txt");
        Path out = tmp.resolve("d.json");
        Path moved = tmp.resolve("moved");
        Run r = run("find", "--dirs", a.toString(), b.toString(), "--out", out.toString(), "--remove-list", list.toString(),
                "--move-to", moved.toString());
        assertEquals(0, r.exit(), r.err());
        List<String> expected = ResultsIO.read(ResultFiles.sidecarOf(out)).remove().stream()
                .map(key -> tmp.resolve(key).toAbsolutePath().normalize().toString()).toList();
        assertEquals(List.of(b.resolve("copy1.jpg").toAbsolutePath().toString(), b.resolve("copy2.jpg").toAbsolutePath().toString()),
                expected.stream().sorted().toList());
        assertEquals(expected, Files.readAllLines(list));
        assertTrue(expected.stream().noneMatch(p -> Files.exists(Path.of(p))), "the listed files were then moved");
        assertTrue(r.out().contains("remove list: " + list + " (2 paths)"), r.out());
    }

    /** Each option that would do nothing, or something absurd, is refused with a one-line reason, before any work. */
    @Test
    void optionsThatWouldDoNothingAreRefused() throws Exception {
        Files.createDirectories(a.resolve("cats"));
        String[][] cases = {
            {"--dihedral works with the perceptual hashes", "find", "--dirs", a.toString(), "--encoder", "md5", "--dihedral"},
            {"--threshold does not apply to md5", "find", "--dirs", a.toString(), "--encoder", "md5", "--threshold", "3"},
            {"--threshold does not apply to sha256", "leak", "--query", b.toString(), "--reference", a.toString(),
                "--encoder", "sha256", "--threshold", "1"},
            {"--dry-run previews --move-to DIR or --delete", "find", "--dirs", a.toString(), "--dry-run"},
            {"--scores changes what --out FILE writes", "find", "--dirs", a.toString(), "--scores"},
            {"dataset " + a + " is given twice", "find", "--dirs", a.toString(), a.toString()},
            {"dataset " + a.resolve("cats") + " is inside dataset " + a, "find", "--dirs", a.toString(), a.resolve("cats").toString()},
            {"dataset " + a.resolve("cats") + " is inside dataset " + a, "leak", "--query", a.resolve("cats").toString(),
                "--reference", a.toString()},
        };
        for (String[] c : cases) {
            Run r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertEquals(1, r.exit(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().lines().findFirst().orElse("").contains(c[0]), c[0] + " | " + r.err());
            assertTrue(r.err().lines().count() <= 2, r.err());
        }
        Run md5ZeroIsFine = run("find", "--dirs", a.toString(), "--encoder", "md5", "--threshold", "0", "-q");
        assertEquals(0, md5ZeroIsFine.exit(), md5ZeroIsFine.err());
    }

    @Test
    void encodeRefusesToReplaceEncodingsOfAnotherEncoder() throws Exception {
        Path enc = tmp.resolve("a.json");
        assertEquals(0, run("encode", "--dirs", a.toString(), "--out", enc.toString(), "-q").exit());
        String before = Files.readString(enc);
        Run r = run("encode", "--dirs", a.toString(), "--encoder", "dhash", "--out", enc.toString(), "-q");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains(enc + " holds encodings made by phash"), r.err());
        assertEquals(before, Files.readString(enc), "the old encodings are left as they were");
    }

    @Test
    void htmlIsTheOutputOptionOfThePageEverywhereAndReportStillWorks() {
        for (String option : new String[] {"--html", "--report"}) {
            Path page = tmp.resolve(option.substring(2) + ".html");
            Run r = run("find", "--dirs", a.toString(), b.toString(), option, page.toString(), "-q");
            assertEquals(0, r.exit(), r.err());
            assertTrue(Files.isRegularFile(page), option);
        }
    }

    @Test
    void findSaysWhereItWroteTheEncodings() {
        Path enc = tmp.resolve("enc.json");
        Run r = run("find", "--dirs", a.toString(), "--encodings-out", enc.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("  encodings: " + enc), r.out());
        assertTrue(Files.isRegularFile(enc));
    }

    @Test
    void filtersLeaveFilesOutOfFindAndStats() throws Exception {
        CliTestImages.writeJpeg(CliTestImages.scene(1, 320, 240), a.resolve("tmp/s1-again.jpg"), 0.9f);
        Run all = run("find", "--dirs", a.toString());
        assertTrue(all.out().contains("5 images"), all.out());
        Run excluded = run("find", "--dirs", a.toString(), "--exclude", "tmp", "-x", "s4*");
        assertTrue(excluded.out().contains("3 images"), excluded.out());
        Run big = run("find", "--dirs", a.toString(), "--min-size", "1M");
        assertTrue(big.out().contains("0 images"), big.out());
        Run ext = run("stats", a.toString(), "--ext", "png");
        assertEquals(0, ext.exit(), ext.err());
        Run badSize = run("find", "--dirs", a.toString(), "--max-size", "lots");
        assertEquals(1, badSize.exit());
        assertTrue(badSize.err().contains("'lots' is not a size"), badSize.err());
        assertEquals(3L << 20, new FilterOptions.SizeConverter().convert("3M"));
        assertEquals(1536L, new FilterOptions.SizeConverter().convert("1.5kB"));
    }
}
