package doppel.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.image.ImageLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The on-disk keypoint cache: reused for unchanged files, re-extracted for changed ones, untrusted on read. */
class FeatureCacheTest {
    @TempDir
    Path tmp;

    @Test
    void secondRunReadsTheCacheAndAChangedFileIsExtractedAgain() throws Exception {
        List<Path> photos = SharedPhotos.jpegs(3);
        Path one = Files.copy(photos.get(0), tmp.resolve("one.jpg"));
        Path two = Files.copy(photos.get(1), tmp.resolve("two.jpg"));
        FeatureExtractor extractor = new FeatureExtractor(new ImageLoader());
        Path file = tmp.resolve("keypoints.cache");

        FeatureCache first = FeatureCache.open(file);
        Features oneFirst = first.get(one, extractor::extract);
        first.get(two, extractor::extract);
        assertEquals(2, first.misses());
        first.save();
        assertTrue(Files.size(file) > 0);

        FeatureCache second = FeatureCache.open(file);
        Features oneCached = second.get(one, extractor::extract);
        second.get(two, extractor::extract);
        assertEquals(2, second.hits());
        assertEquals(0, second.misses());
        assertArrayEquals(oneFirst.descriptors(), oneCached.descriptors());
        assertArrayEquals(oneFirst.mirrored().points(), oneCached.mirrored().points());
        assertEquals(oneFirst.content(), oneCached.content());

        // same name, other content (and a later mtime): never served stale
        Files.copy(photos.get(2), two, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(two, FileTime.fromMillis(Files.getLastModifiedTime(one).toMillis() + 60_000));
        FeatureCache third = FeatureCache.open(file);
        Features twoNow = third.get(two, extractor::extract);
        third.get(one, extractor::extract);
        assertEquals(1, third.hits());
        assertEquals(1, third.misses());
        assertArrayEquals(extractor.extract(two).descriptors(), twoNow.descriptors());
        third.save();
        assertEquals(2, (int) Arrays.stream(new Path[] {one, two}).filter(p -> {
            try {
                FeatureCache c = FeatureCache.open(file);
                c.get(p, extractor::extract);
                return c.hits() == 1;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }).count(), "the re-extracted entry was saved");
    }

    @Test
    void aFileThatIsNotACacheIsRefusedAndLeftAlone() throws Exception {
        Path photo = Files.copy(SharedPhotos.jpegs(1).get(0), tmp.resolve("photo.jpg"));
        byte[] before = Files.readAllBytes(photo);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureCache.open(photo));
        assertTrue(e.getMessage().contains("not a Doppel feature cache"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertArrayEquals(before, Files.readAllBytes(photo));
    }

    @Test
    void aTruncatedCacheIsRefusedInOneLine() throws Exception {
        Path photo = Files.copy(SharedPhotos.jpegs(1).get(0), tmp.resolve("photo.jpg"));
        Path file = tmp.resolve("keypoints.cache");
        FeatureCache cache = FeatureCache.open(file);
        cache.get(photo, new FeatureExtractor(new ImageLoader())::extract);
        cache.save();
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureCache.open(file));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
}
