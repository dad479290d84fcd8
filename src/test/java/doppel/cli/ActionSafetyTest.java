package doppel.cli;

import static doppel.cli.FindCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.testing.Trees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ways a find run could take away the image it keeps, or move files where they do not belong; each was a
 * defect found in review. Real images, real moves, in-process CLI.
 */
class ActionSafetyTest extends TwoDatasetsTest {
    @BeforeEach
    void makeDatasets() throws IOException {
        CliTestImages.writeJpeg(CliTestImages.scene(1, 320, 240), a.resolve("s1.jpg"), 0.9f);
        Files.copy(a.resolve("s1.jpg"), a.resolve("s1-copy.jpg"));
        CliTestImages.writeJpeg(CliTestImages.scene(2, 320, 240), a.resolve("sub/s2.jpg"), 0.9f);
        CliTestImages.writeJpeg(CliTestImages.scene(3, 320, 240), b.resolve("s3.jpg"), 0.9f);
        Files.copy(a.resolve("s1.jpg"), b.resolve("s1.jpg"));
    }

    @Test
    void staleEncodingsWhoseKeptImageIsGoneMoveNothingOfItsGroup() throws Exception {
        Path enc = tmp.resolve("enc.json");
        assertEquals(0, run("encode", "--dirs", a.toString(), b.toString(), "--out", enc.toString(), "-q").exit());
        // The kept image (A/s1-copy.jpg sorts before A/s1.jpg) is deleted after encoding.
        Files.delete(a.resolve("s1-copy.jpg"));
        FindCommandTest.Run r = run("find", "--encodings-in", enc.toString(), "--move-to", tmp.resolve("dups").toString());
        assertEquals(2, r.exit(), "files left in place make the exit code 2: " + r.err());
        assertTrue(Files.exists(a.resolve("s1.jpg")), "the last copy in A was moved: " + r.out());
        assertTrue(Files.exists(b.resolve("s1.jpg")), "the last copy in B was moved: " + r.out());
        assertTrue(r.err().contains("kept image") && r.err().contains("s1-copy.jpg"), r.err());
    }

    @Test
    void overlappingDatasetsAreRefusedBeforeAnythingMoves() throws Exception {
        TreeMap<String, String> before = Trees.digest(tmp);
        FindCommandTest.Run r = run("find", "--dirs", a.toString(), a.resolve("sub").toString(),
                "--move-to", tmp.resolve("dups").toString());
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("is inside dataset"), r.err());
        assertEquals(before, Trees.digest(tmp));
    }

    @Test
    void aFileReachedThroughALinkedFolderOutsideTheDatasetIsNotMoved() throws Exception {
        Path outside = tmp.resolve("outside");
        Files.createDirectories(outside);
        Files.copy(b.resolve("s3.jpg"), outside.resolve("o.jpg"));
        Files.createSymbolicLink(a.resolve("linked"), outside);
        FindCommandTest.Run r = run("find", "--dirs", b.toString(), a.toString(), "--follow-links",
                "--move-to", tmp.resolve("dups").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(Files.exists(outside.resolve("o.jpg")), "a file outside the dataset was moved: " + r.out());
        assertTrue(r.err().contains("outside its dataset"), r.err());
        assertFalse(Files.exists(a.resolve("s1.jpg")), "the ordinary duplicate is still moved: " + r.out());
    }

    @Test
    void aTargetThatPutsFilesBackIntoADatasetIsRefused() throws Exception {
        TreeMap<String, String> before = Trees.digest(tmp);
        for (Path target : new Path[] {a, tmp}) {
            FindCommandTest.Run r = run("find", "--dirs", a.toString(), b.toString(), "--move-to", target.toString());
            assertEquals(1, r.exit(), target + ": " + r.out());
            assertTrue(r.err().contains("inside dataset"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertEquals(before, Trees.digest(tmp));
        }
        // A folder inside a dataset stays allowed: scans skip it by its marker.
        FindCommandTest.Run ok = run("find", "--dirs", a.toString(), b.toString(), "--move-to", a.resolve("dups").toString());
        assertEquals(0, ok.exit(), ok.err());
    }

    @Test
    void moveToAnExistingFileIsAOneLineUsageError() throws Exception {
        Path file = tmp.resolve("afile");
        Files.writeString(file, "x");
        for (String dry : new String[] {"--dry-run", "-q"}) {
            FindCommandTest.Run r = run("find", "--dirs", a.toString(), "--move-to", file.toString(), dry);
            assertEquals(1, r.exit());
            assertTrue(r.err().startsWith("doppel find: --move-to " + file + " is a file"), r.err());
            assertEquals("x", Files.readString(file));
        }
    }

    @Test
    void aKeptImageIsNeverTakenAlongAsTheSidecarOfAnother() throws Exception {
        // Without data/, masks under annotations/ are images of the dataset too; identical masks form a group
        // whose kept image annotations/cat/1.jpg is also the sidecar of the removed cat/1.jpg.
        Path m = tmp.resolve("M");
        CliTestImages.writeJpeg(CliTestImages.scene(5, 320, 240), m.resolve("cat/0.jpg"), 0.9f);
        Files.copy(m.resolve("cat/0.jpg"), m.resolve("cat/1.jpg"));
        CliTestImages.writeJpeg(CliTestImages.scene(6, 320, 240), m.resolve("annotations/cat/1.jpg"), 0.9f);
        Files.copy(m.resolve("annotations/cat/1.jpg"), m.resolve("annotations/cat/2.jpg"));
        FindCommandTest.Run r = run("find", "--dirs", m.toString(), "--move-to", tmp.resolve("dups").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("keep M/annotations/cat/1.jpg"), r.out());
        assertTrue(Files.exists(m.resolve("annotations/cat/1.jpg")), "a kept image moved as a sidecar: " + r.out());
        assertFalse(Files.exists(m.resolve("cat/1.jpg")));
        assertFalse(Files.exists(m.resolve("annotations/cat/2.jpg")));
    }

    @Test
    void outputsUnderAnExistingFileSayItIsAFile() throws Exception {
        Path file = tmp.resolve("afile");
        Files.writeString(file, "x");
        FindCommandTest.Run enc = run("encode", "--dirs", a.toString(), "--out", file.resolve("x.json").toString(), "-q");
        assertEquals(1, enc.exit());
        assertTrue(enc.err().contains(file + " is a file, not a folder"), enc.err());
        FindCommandTest.Run merge = run("merge-datasets", a.toString(), b.toString(), "--into", file.toString(), "-q");
        assertEquals(1, merge.exit());
        assertTrue(merge.err().contains(file + " is a file, not a folder"), merge.err());
        assertEquals(1, merge.err().strip().lines().count(), merge.err());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void statsRefusesZeroWorkersLikeEveryOtherCommand() {
        FindCommandTest.Run r = run("stats", a.toString(), "--workers", "0");
        assertEquals(1, r.exit(), r.out());
        assertTrue(r.err().startsWith("doppel stats: --workers must be at least 1"), r.err());
    }
}
