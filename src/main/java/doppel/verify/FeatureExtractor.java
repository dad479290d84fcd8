package doppel.verify;

import doppel.image.GrayImage;
import doppel.image.GrayViews;
import doppel.image.ImageException;
import doppel.image.ImageInfo;
import doppel.image.ImageLoader;
import doppel.image.OpenCvCodec;
import java.nio.file.Path;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.KeyPoint;
import org.opencv.core.Mat;
import org.opencv.core.MatOfKeyPoint;
import org.opencv.core.Size;
import org.opencv.features2d.ORB;
import org.opencv.imgproc.Imgproc;

/**
 * Computes ORB keypoints (oriented FAST corners with rotated BRIEF descriptors, so 90-degree turns and small
 * rotations match) of an image and of its mirror image (BRIEF is not mirror-invariant, so flips need their own
 * descriptors). Images are decoded at a reduced size: copies are compared by shape, not by fine texture, and a
 * bounded size keeps the cost per image flat however large the photos are. An image with transparent pixels also
 * gets the features of its picture over white, the way exporters flatten it (an opaque image costs nothing more).
 */
public final class FeatureExtractor {
    /** Longer side of the frame features are computed in. */
    public static final int MAX_SIDE = 512;
    /** Keypoints kept per image (the strongest by FAST score, spread over ORB's scale pyramid). */
    static final int KEYPOINTS = 500;

    private final ImageLoader loader;
    private final ThreadLocal<ORB> orb = ThreadLocal.withInitial(() -> ORB.create(KEYPOINTS));

    public FeatureExtractor(ImageLoader loader) {
        if (!OpenCvCodec.available()) {
            throw new IllegalStateException("OpenCV's native library cannot be loaded on this platform");
        }
        this.loader = loader;
    }

    /**
     * Decodes the file and computes its features, and for an image with transparent pixels also those of the image
     * composited onto white ({@link Features#overWhite}), from the same decode.
     */
    public Features extract(Path file) throws ImageException {
        byte[] data = ImageLoader.readBytes(file);
        ImageInfo info = loader.probe(data);
        double scale = Math.min(1.0, (double) MAX_SIDE / Math.max(info.width(), info.height()));
        int w = Math.max(1, (int) Math.round(info.width() * scale));
        int h = Math.max(1, (int) Math.round(info.height() * scale));
        GrayViews views = loader.decodeGrayViewsAtLeast(data, info, w, h);
        Features plain = extract(views.plain(), w, h);
        return views.overWhite() == null ? plain : plain.withOverWhite(extract(views.overWhite(), w, h));
    }

    /** Features of {@code gray} resized to {@code w x h}. */
    Features extract(GrayImage gray, int w, int h) {
        Mat img = new Mat(gray.height(), gray.width(), CvType.CV_8UC1);
        Mat mirror = new Mat();
        try {
            img.put(0, 0, gray.gray());
            if (gray.width() != w || gray.height() != h) {
                Mat small = new Mat();
                Imgproc.resize(img, small, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
                img.release();
                img = small;
            }
            Core.flip(img, mirror, 1);
            Features.Side straight = side(img);
            byte[] px = new byte[w * h];
            img.get(0, 0, px);
            ContentBox content = ContentBox.of(new GrayImage(w, h, px));
            return new Features(w, h, straight.points(), straight.descriptors(), side(mirror), content);
        } finally {
            img.release();
            mirror.release();
        }
    }

    private Features.Side side(Mat img) {
        MatOfKeyPoint kp = new MatOfKeyPoint();
        Mat desc = new Mat();
        try {
            orb.get().detectAndCompute(img, new Mat(), kp, desc);
            KeyPoint[] points = kp.toArray();
            if (points.length == 0 || desc.empty()) {
                return new Features.Side(new float[0], new byte[0]);
            }
            float[] xy = new float[points.length * 2];
            for (int i = 0; i < points.length; i++) {
                xy[2 * i] = (float) points[i].pt.x;
                xy[2 * i + 1] = (float) points[i].pt.y;
            }
            byte[] d = new byte[desc.rows() * desc.cols()];
            desc.get(0, 0, d);
            return new Features.Side(xy, d);
        } finally {
            kp.release();
            desc.release();
        }
    }
}
