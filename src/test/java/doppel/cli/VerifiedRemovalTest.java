package doppel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import doppel.verify.SharedPhotos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * aHash and wHash match distinct photos that are mostly letterbox bars; their removals are verified geometrically,
 * so such a pair is reported as related and nothing is removed for it, while a true copy is still removed; a leak
 * check lists only verified pairs.
 */
class VerifiedRemovalTest {
    @TempDir
    Path tmp;

    /** A: a photo and a strip; B: a smaller re-encoded copy of the photo and a strip of another photo. */
    private Path[] datasets() {
        List<Path> photos = SharedPhotos.jpegs(3);
        Path a = tmp.resolve("A");
        Path b = tmp.resolve("B");
        try {
            Files.createDirectories(a);
            Files.createDirectories(b);
            Files.copy(photos.get(0), a.resolve("photo.jpg"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Mat small = new Mat();
        Mat src = Imgcodecs.imread(photos.get(0).toString());
        Imgproc.resize(src, small, new Size(src.cols() * 0.75, src.rows() * 0.75), 0, 0, Imgproc.INTER_AREA);
        Imgcodecs.imwrite(b.resolve("photo-small.jpg").toString(), small, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 70));
        // two different photos as thin strips between bars seven times their height: their hashes see mostly bars
        Imgcodecs.imwrite(a.resolve("strip1.jpg").toString(), strip(photos.get(1)));
        Imgcodecs.imwrite(b.resolve("strip2.jpg").toString(), strip(photos.get(2)));
        return new Path[] {a, b};
    }

    @ParameterizedTest
    @ValueSource(strings = {"ahash", "whash"})
    void aDistinctPairWithNearEqualHashesIsRelatedButOnlyTheTrueCopyIsRemoved(String encoder) throws Exception {
        Path[] ab = datasets();
        Path out = tmp.resolve("d.json");
        FindCommandTest.Run run = FindCommandTest.run("find", "--dirs", ab[0].toString(), ab[1].toString(), "--encoder", encoder,
                "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("verified removals:"), run.out());
        Set<String> pairs = FindCommandTest.pairs(new ObjectMapper().readTree(out.toFile()));
        assertTrue(pairs.contains("A/strip1.jpg | B/strip2.jpg"), "the hash matches the distinct strips: " + pairs);
        assertTrue(pairs.contains("A/photo.jpg | B/photo-small.jpg"), pairs.toString());
        JsonNode full = new ObjectMapper().readTree(ResultFiles.sidecarOf(out).toFile());
        List<String> remove = new ArrayList<>();
        full.get("remove").forEach(k -> remove.add(k.asText()));
        assertEquals(List.of("B/photo-small.jpg"), remove, "only the verified copy is removed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ahash", "whash"})
    void aLeakCheckReportsOnlyTheVerifiedCopyNotTheLookAlike(String encoder) throws Exception {
        Path[] ab = datasets();
        Path out = tmp.resolve("l.json");
        FindCommandTest.Run run = FindCommandTest.run("leak", "--query", ab[1].toString(), "--reference", ab[0].toString(),
                "--encoder", encoder, "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("1 look-alike pairs not confirmed geometrically"), run.out());
        JsonNode leaks = new ObjectMapper().readTree(out.toFile()).get("leaks");
        List<String> leaking = new ArrayList<>();
        leaks.fieldNames().forEachRemaining(leaking::add);
        assertEquals(List.of("B/photo-small.jpg"), leaking, "the strips' hashes match, but they are not copies");
        assertEquals("A/photo.jpg", leaks.get("B/photo-small.jpg").get(0).get(0).asText());
    }

    private static Mat strip(Path photo) {
        Mat src = Imgcodecs.imread(photo.toString());
        return SharedPhotos.letterboxed(photo, src.rows() * 7 / 2);
    }
}
