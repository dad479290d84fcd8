package doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.results.PairEvidence;
import doppel.results.ResultsIO;
import doppel.verify.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.imgcodecs.Imgcodecs;

/** {@code find --dirs A B --thorough --out d.json}: verified crops, flips and letterboxed copies, with evidence. */
class ThoroughFindTest {
    @TempDir
    Path tmp;

    @Test
    void thoroughFindsMirroredCropAndLetterboxedCopyWithEvidence() throws Exception {
        List<Path> photos = SharedPhotos.jpegs(4);
        Path a = Files.createDirectories(tmp.resolve("A"));
        Path b = Files.createDirectories(tmp.resolve("B"));
        for (int i = 0; i < 3; i++) {
            Files.copy(photos.get(i), a.resolve("p" + i + ".jpg"));
        }
        Imgcodecs.imwrite(b.resolve("crop.jpg").toString(), SharedPhotos.mirroredRotatedCrop(photos.get(0), 3, 0.85));
        Imgcodecs.imwrite(b.resolve("boxed.jpg").toString(), SharedPhotos.letterboxed(photos.get(1), 90));
        Files.copy(photos.get(3), b.resolve("other.jpg"));

        Path plain = tmp.resolve("plain.json");
        assertEquals(0, FindCommandTest.run("find", "--dirs", a.toString(), b.toString(), "-q", "--out", plain.toString()).exit());
        Set<String> before = FindCommandTest.pairs(new ObjectMapper().readTree(plain.toFile()));
        assertFalse(before.contains("A/p0.jpg | B/crop.jpg"), "pHash alone misses the mirrored crop: " + before);

        Path out = tmp.resolve("d.json");
        Path cache = tmp.resolve("keypoints.cache");
        FindCommandTest.Run run = FindCommandTest.run("find", "--dirs", a.toString(), b.toString(), "--thorough",
                "--feature-cache", cache.toString(), "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("thorough:") && run.out().contains("0 images read from the cache, 6 extracted"),
                run.out());
        Set<String> pairs = FindCommandTest.pairs(new ObjectMapper().readTree(out.toFile()));
        assertEquals(Set.of("A/p0.jpg | B/crop.jpg", "A/p1.jpg | B/boxed.jpg"), pairs);

        // a second run reads every image's keypoints from the cache, and finds the same pairs
        Path again = tmp.resolve("again.json");
        run = FindCommandTest.run("find", "--dirs", a.toString(), b.toString(), "--thorough",
                "--feature-cache", cache.toString(), "--out", again.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("6 images read from the cache, 0 extracted"), run.out());
        assertEquals(pairs, FindCommandTest.pairs(new ObjectMapper().readTree(again.toFile())));

        Path full = ResultFiles.sidecarOf(out);
        assertEquals(2, ResultsIO.read(full).pairs().size(), "the results file stays readable as before");
        Map<String, PairEvidence> evidence = new java.util.HashMap<>();
        for (PairEvidence e : ResultsIO.readEvidence(full)) {
            evidence.put(e.b(), e);
        }
        PairEvidence crop = evidence.get("B/crop.jpg");
        assertTrue(crop.flip() && crop.inliers() >= 20 && Math.abs(Math.abs(crop.angle()) - 3) < 1, crop.toString());
        PairEvidence boxed = evidence.get("B/boxed.jpg");
        assertFalse(boxed.flip());
        assertTrue(boxed.boxB()[1] > 0.05 && boxed.boxB()[3] < 0.95, "the copy's content sits between the bars: "
                + java.util.Arrays.toString(boxed.boxB()));
    }

    /**
     * Two crops (60 % of one side, turned 3 degrees) of photos among 40 others: their pHash sub-window distances
     * to their originals are near 22 of 64, which other photos beat, so no pHash signal ranks the originals among
     * each crop's nearest; the keypoints they share do.
     */
    @Test
    void sharedKeypointsProposeCropsThatPhashSignalsRankBelowOtherPhotos() throws Exception {
        List<Path> photos = SharedPhotos.jpegs(40);
        Path a = Files.createDirectories(tmp.resolve("A"));
        Path b = Files.createDirectories(tmp.resolve("B"));
        for (Path p : photos) {
            Files.copy(p, a.resolve(p.getFileName()));
        }
        Imgcodecs.imwrite(b.resolve("right.jpg").toString(),
                SharedPhotos.rotatedCrop(SharedPhotos.named(photos, "p0005.jpg"), 3, 0.4, 0, 0.6, 0.95));
        Imgcodecs.imwrite(b.resolve("bottom.jpg").toString(),
                SharedPhotos.rotatedCrop(SharedPhotos.named(photos, "p0008.jpg"), -3, 0, 0.4, 0.95, 0.6));

        Path out = tmp.resolve("d.json");
        FindCommandTest.Run run = FindCommandTest.run("find", "--dirs", a.toString(), b.toString(), "--thorough",
                "-q", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        Set<String> pairs = FindCommandTest.pairs(new ObjectMapper().readTree(out.toFile()));
        assertTrue(pairs.containsAll(Set.of("A/p0005.jpg | B/right.jpg", "A/p0008.jpg | B/bottom.jpg")), pairs.toString());
        for (PairEvidence e : ResultsIO.readEvidence(ResultFiles.sidecarOf(out))) {
            if (e.b().equals("B/right.jpg") || e.b().equals("B/bottom.jpg")) {
                assertEquals("shared-keypoints", e.source(), "a pHash signal proposed it: " + e);
            }
        }
    }

    @Test
    void thoroughRefusesEncodersOtherThanPhash() {
        FindCommandTest.Run run = FindCommandTest.run("find", "--dirs", tmp.toString(), "--encoder", "dhash", "--thorough");
        assertEquals(Main.EXIT_ERROR, run.exit());
        assertEquals(1, run.err().strip().lines().filter(l -> l.startsWith("doppel")).count(), run.err());
    }
}
