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
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
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

    /**
     * The shared photo {@code name} (e.g. one of its PNGs with an alpha channel), skipping the test when the photos
     * are absent.
     */
    public static Path photo(String name) {
        String dir = System.getProperty("doppel.shared.photos");
        assumeTrue(dir != null && Files.isRegularFile(Path.of(dir, name)),
                "shared photo " + name + " not found (system property doppel.shared.photos=" + dir + "); skipping");
        assumeTrue(OpenCvCodec.available(), "OpenCV cannot be loaded on this platform; skipping");
        return Path.of(dir, name);
    }

    /**
     * An image with an alpha channel flattened onto white, as exporters (JPEG, web tools) do, then resized by
     * {@code scale}.
     */
    public static Mat overWhite(Path rgba, double scale) {
        Mat src = Imgcodecs.imread(rgba.toString(), Imgcodecs.IMREAD_UNCHANGED);
        List<Mat> bgra = new java.util.ArrayList<>();
        Core.split(src, bgra);
        Mat alpha = new Mat();
        bgra.get(3).convertTo(alpha, CvType.CV_32F, 1 / 255.0);
        Mat white = new Mat();
        Core.subtract(Mat.ones(alpha.size(), CvType.CV_32F), alpha, white);
        Core.multiply(white, new Scalar(255), white);
        List<Mat> flat = new java.util.ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Mat channel = new Mat();
            bgra.get(c).convertTo(channel, CvType.CV_32F);
            Core.multiply(channel, alpha, channel);
            Core.add(channel, white, channel);
            channel.convertTo(channel, CvType.CV_8U);
            flat.add(channel);
        }
        Mat out = new Mat();
        Core.merge(flat, out);
        Imgproc.resize(out, out, new Size(Math.round(out.cols() * scale), Math.round(out.rows() * scale)), 0, 0,
                Imgproc.INTER_AREA);
        return out;
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
