package doppel.verify;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.image.ImageLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.DMatch;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDMatch;
import org.opencv.features2d.BFMatcher;
import org.opencv.imgcodecs.Imgcodecs;

/** The Java ratio test gives OpenCV's brute-force knnMatch answer on real ORB descriptors. */
class RatioMatchesTest {
    @TempDir
    Path tmp;

    @Test
    void sameMatchesAsOpenCvsKnnMatchOnACopyOnItsMirrorAndOnAnotherPhoto() throws Exception {
        List<Path> photos = SharedPhotos.jpegs(2);
        Path copy = tmp.resolve("copy.jpg");
        Imgcodecs.imwrite(copy.toString(), SharedPhotos.mirroredRotatedCrop(photos.get(0), 4, 0.85));
        FeatureExtractor extractor = new FeatureExtractor(new ImageLoader());
        Features original = extractor.extract(photos.get(0));
        Features edited = extractor.extract(copy);
        Features other = extractor.extract(photos.get(1));
        int compared = 0;
        for (Features.Side side : List.of(edited.straight(), edited.mirrored(), other.straight(), original.straight())) {
            int[] expected = openCv(original.straight(), side);
            assertArrayEquals(expected, RatioMatches.find(original.straight().descriptors(), side.descriptors(),
                    GeometricVerifier.RATIO));
            compared += expected.length / 2;
        }
        assertTrue(compared > 100, "too few matches passed the ratio test to compare: " + compared);
    }

    private static int[] openCv(Features.Side query, Features.Side train) {
        Mat q = descriptors(query);
        Mat t = descriptors(train);
        List<MatOfDMatch> knn = new ArrayList<>();
        BFMatcher.create(Core.NORM_HAMMING, false).knnMatch(q, t, knn, 2);
        List<Integer> pairs = new ArrayList<>();
        for (MatOfDMatch m : knn) {
            DMatch[] d = m.toArray();
            if (d.length == 2 && d[0].distance < GeometricVerifier.RATIO * d[1].distance) {
                pairs.add(d[0].queryIdx);
                pairs.add(d[0].trainIdx);
            }
        }
        return pairs.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Mat descriptors(Features.Side side) {
        Mat d = new Mat(side.count(), 32, CvType.CV_8UC1);
        d.put(0, 0, side.descriptors());
        return d;
    }
}
