package doppel.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.image.GrayViews;
import doppel.image.ImageInfo;
import doppel.image.ImageLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * An image with transparent pixels is also seen composited onto white: a real cut-out photo (a shared PNG whose
 * transparent background holds black) and its copy flattened onto white as a JPEG do not verify as decoded, and do
 * over white. Opaque images (JPEG, an RGB and a grey PNG, a palette PNG whose transparent entry no pixel uses) get
 * no second picture, and the picture as decoded is the one every encoder sees.
 */
class OverWhiteTest {
    @TempDir
    Path tmp;

    private final ImageLoader loader = new ImageLoader();

    /** The cut-out flower: its transparent background stores black, so as decoded it is a flower on black. */
    private static Path cutOut() {
        return SharedPhotos.photo("p0025.png");
    }

    private Path flattenedCopy() {
        Path copy = tmp.resolve("copy.jpg");
        assertTrue(Imgcodecs.imwrite(copy.toString(), SharedPhotos.overWhite(cutOut(), 0.8)));
        return copy;
    }

    @Test
    void aCopyFlattenedOntoWhiteVerifiesOnlyOverWhite() throws Exception {
        FeatureExtractor extractor = new FeatureExtractor(loader);
        Features original = extractor.extract(cutOut());
        Features copy = extractor.extract(flattenedCopy());
        assertNull(copy.overWhite(), "a JPEG has no alpha");
        assertNotNull(original.overWhite(), "the PNG has transparent pixels");
        GeometricVerifier verifier = new GeometricVerifier();
        for (boolean mirrored : List.of(false, true)) {
            assertNull(verifier.verify(original, copy, mirrored), "as decoded (over black) it is not verified: today's miss");
            assertNull(verifier.verify(copy, original, mirrored));
        }
        GeometricVerifier.Match m = verifier.verify(original.overWhite(), copy, false);
        assertNotNull(m, "over white it is the same picture");
        assertTrue(m.inliers() >= 100 && m.shownA() >= 0.98 && m.shownB() >= 0.98, m.toString());
    }

    @Test
    void opaqueImagesGetNoSecondPicture() throws Exception {
        for (Path p : List.of(flattenedCopy(), SharedPhotos.photo("p0134.png"), SharedPhotos.photo("p0141.png"),
                SharedPhotos.photo("p0043.png"), cutOut())) {
            byte[] data = ImageLoader.readBytes(p);
            ImageInfo info = loader.probe(data);
            GrayViews views = loader.decodeGrayViewsAtLeast(data, info, 160, 160);
            assertArrayEquals(loader.decodeGrayAtLeast(data, info, 160, 160).gray(), views.plain().gray(),
                    p + ": the picture as decoded is unchanged");
            assertEquals(p.equals(cutOut()), views.overWhite() != null, p + ": a picture over white only with alpha");
        }
        assertNull(new FeatureExtractor(loader).extract(SharedPhotos.photo("p0043.png")).overWhite(),
                "a palette PNG with an unused transparent entry: no extra keypoints");
    }

    @Test
    void theCacheKeepsThePictureOverWhite() throws Exception {
        Path file = tmp.resolve("features.bin");
        Path opaque = flattenedCopy();
        FeatureCache cache = FeatureCache.open(file);
        FeatureExtractor extractor = new FeatureExtractor(loader);
        Features original = cache.get(cutOut(), extractor::extract);
        cache.get(opaque, extractor::extract);
        cache.save();
        assertTrue(Files.size(file) > 0);
        FeatureCache again = FeatureCache.open(file);
        Features read = again.get(cutOut(), p -> {
            throw new AssertionError("served from the cache");
        });
        assertArrayEquals(original.overWhite().descriptors(), read.overWhite().descriptors());
        assertArrayEquals(original.overWhite().mirrored().points(), read.overWhite().mirrored().points(), 0f);
        assertEquals(original.overWhite().content(), read.overWhite().content());
        assertNull(again.get(opaque, p -> {
            throw new AssertionError("served from the cache");
        }).overWhite());
    }
}
