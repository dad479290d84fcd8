package doppel.verify;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import doppel.image.OpenCvCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** The shared real photos (skipping the test when they are absent) and the edits the thorough tests make of them. */
public final class SharedPhotos {
    private SharedPhotos() {
    }

    /** The first {@code n} JPEG photos, sorted by name. */
    public static List<Path> jpegs(int n) {
        String dir = System.getProperty("doppel.shared.photos");
        assumeTrue(dir != null && Files.isDirectory(Path.of(dir)),
                "shared photos not found (system property doppel.shared.photos=" + dir + "); skipping");
        assumeTrue(OpenCvCodec.available(), "OpenCV cannot be loaded on this platform; skipping");
        try (Stream<Path> s = Files.list(Path.of(dir))) {
            List<Path> out = s.filter(p -> p.toString().endsWith(".jpg")).sorted().limit(n).toList();
            assumeTrue(out.size() == n, "fewer than " + n + " photos in " + dir);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Mirrors left-right, rotates by {@code degrees} and keeps the centred {@code share} of each side. */
    public static Mat mirroredRotatedCrop(Path photo, double degrees, double share) {
        Mat src = Imgcodecs.imread(photo.toString());
        Mat m = new Mat();
        Core.flip(src, m, 1);
        Mat r = Imgproc.getRotationMatrix2D(new Point(m.cols() / 2.0, m.rows() / 2.0), degrees, 1);
        Imgproc.warpAffine(m, src, r, m.size());
        int w = (int) (src.cols() * share);
        int h = (int) (src.rows() * share);
        return new Mat(src, new Rect((src.cols() - w) / 2, (src.rows() - h) / 2, w, h)).clone();
    }

    /**
     * Rotates by {@code degrees} about the centre, then keeps the part at {@code x, y} (fractions of the sides) of
     * {@code w x h} (fractions of the sides).
     */
    public static Mat rotatedCrop(Path photo, double degrees, double x, double y, double w, double h) {
        Mat src = Imgcodecs.imread(photo.toString());
        Mat r = Imgproc.getRotationMatrix2D(new Point(src.cols() / 2.0, src.rows() / 2.0), degrees, 1);
        Mat m = new Mat();
        Imgproc.warpAffine(src, m, r, src.size());
        return new Mat(m, new Rect((int) (m.cols() * x), (int) (m.rows() * y), (int) (m.cols() * w),
                (int) (m.rows() * h))).clone();
    }

    /** The photo named {@code name} among {@code photos}. */
    public static Path named(List<Path> photos, String name) {
        return photos.stream().filter(p -> p.getFileName().toString().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " is not among the shared photos"));
    }

    /** The photo with black bars of {@code bar} pixels above and below. */
    public static Mat letterboxed(Path photo, int bar) {
        Mat src = Imgcodecs.imread(photo.toString());
        Mat m = new Mat();
        Core.copyMakeBorder(src, m, bar, bar, 0, 0, Core.BORDER_CONSTANT, new Scalar(0, 0, 0));
        return m;
    }
}
