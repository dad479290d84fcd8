package doppel.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.image.GrayImage;
import doppel.image.ImageLoader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.imgcodecs.Imgcodecs;

/** Geometric verification and content boxes on real photos and edits of them. */
class GeometricVerifierTest {
    @TempDir
    Path tmp;

    private final ImageLoader loader = new ImageLoader();

    @Test
    void mirroredRotatedCropIsVerifiedWithItsTransformAndAnotherPhotoIsNot() throws Exception {
        List<Path> photos = SharedPhotos.jpegs(2);
        Path copy = tmp.resolve("copy.jpg");
        Imgcodecs.imwrite(copy.toString(), SharedPhotos.mirroredRotatedCrop(photos.get(0), 4, 0.85));
        FeatureExtractor extractor = new FeatureExtractor(loader);
        Features original = extractor.extract(photos.get(0));
        Features edited = extractor.extract(copy);
        Features other = extractor.extract(photos.get(1));
        GeometricVerifier verifier = new GeometricVerifier();

        GeometricVerifier.Match m = verifier.verify(original, edited, true);
        assertNotNull(m, "the mirrored, rotated crop is a copy");
        assertTrue(m.flip());
        assertTrue(m.inliers() >= GeometricVerifier.MIN_INLIERS);
        assertEquals(1 / 0.85, m.scale(), 0.05, "content appears 1/0.85 times larger in the crop");
        assertEquals(4, Math.abs(m.angle()), 1.0, "rotated by 4 degrees");
        assertTrue(m.boxA()[0] > 0.05 && m.boxA()[2] < 0.95, "the crop shows the middle of the original");
        assertNull(verifier.verify(original, edited, false), "without mirroring the keypoints do not agree");
        assertNull(verifier.verify(original, other, false), "a different photo is not a copy");
        assertNull(verifier.verify(original, other, true), "nor its mirror image");
    }

    @Test
    void contentBoxTrimsLetterboxBarsAndLeavesAPhotoWhole() throws Exception {
        Path photo = SharedPhotos.jpegs(1).get(0);
        Path boxed = tmp.resolve("boxed.png");
        Imgcodecs.imwrite(boxed.toString(), SharedPhotos.letterboxed(photo, 60));
        GrayImage plain = loader.readGrayAtLeast(photo, 1 << 20, 1 << 20);
        assertTrue(ContentBox.of(plain).isWhole(plain), "no border in " + photo + ": " + ContentBox.of(plain));
        GrayImage bars = loader.readGrayAtLeast(boxed, 1 << 20, 1 << 20);
        ContentBox box = ContentBox.of(bars);
        assertEquals(0, box.x());
        assertEquals(plain.width(), box.width());
        assertEquals(60, box.y(), 2);
        assertEquals(plain.height(), box.height(), 4);
    }
}
