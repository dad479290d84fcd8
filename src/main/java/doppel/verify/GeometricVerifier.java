package doppel.verify;

import java.util.ArrayList;
import java.util.List;
import org.opencv.calib3d.Calib3d;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;

/**
 * Decides whether two images show the same picture up to a similarity transform (crop, scale, rotation, mirror,
 * added borders): ORB matches filtered by Lowe's ratio test, then a RANSAC fit of a rotation + uniform scale +
 * translation (OpenCV's {@code estimateAffinePartial2D}), tried against the second image as it is and mirrored.
 * A pair passes when enough matches agree with a plausible transform: scale within {@link #MAX_SCALE}, the two
 * images sharing at least {@link #MIN_SHARED} of each one's area, and the agreeing points spread over the shared
 * part rather than bunched on one logo or text line.
 *
 * <p>These constants are generic (Lowe's 0.8; a few pixels in a 512-pixel frame; half of each image), not
 * fitted to any edit of the evaluation set.
 */
public final class GeometricVerifier {
    /** Lowe's ratio: best match distance below this share of the second best. */
    static final double RATIO = 0.8;
    /** RANSAC reprojection tolerance in pixels of the {@link FeatureExtractor#MAX_SIDE} frame. */
    static final double REPROJECTION_PX = 5.0;
    /** Matches that must agree with the transform. */
    public static final int MIN_INLIERS = 20;
    /** Largest accepted scale between the two images' content (either way). */
    static final double MAX_SCALE = 4.0;
    /** Least share of each image that the other must cover. */
    static final double MIN_SHARED = 0.5;
    /** Least share of the shared area that the agreeing points' bounding box must cover. */
    static final double MIN_SPREAD = 0.2;

    /**
     * The transform found between {@code a} and {@code b} (or {@code b}'s mirror image), or null when they are not
     * copies of one picture. ORB descriptors are rotation-invariant, so only mirroring needs its own fit; the
     * caller knows from the candidate hashes which of the two to try, which halves the cost of rejecting.
     */
    public Match verify(Features a, Features b, boolean mirrored) {
        Match m = mirrored ? fit(a, b.mirrored(), b, true) : fit(a, b.straight(), b, false);
        return m != null && m.plausible() ? m : null;
    }

    /**
     * A transform from {@code a}'s frame to {@code b}'s (mirrored when {@code flip}) and its support.
     *
     * @param sharedA share of a's content that b's content covers; {@code sharedB} the reverse
     * @param spread  share of b's covered part spanned by the inliers' bounding box
     * @param boxA    bounding box of the covered part of a (fractions x0, y0, x1, y1); boxB likewise in b
     * @param shownA  share of a's content that b shows anywhere in its frame, borders included, with the fit's
     *                tolerance of {@link #REPROJECTION_PX} at b's edges: how much of a's picture b keeps (a border
     *                or bars around b do not make b any less of a copy, a crop does); {@code shownB} the reverse
     */
    public record Match(int inliers, int matches, double scale, double angle, boolean flip, double sharedA,
                        double sharedB, double spread, double[] boxA, double[] boxB, double shownA, double shownB) {
        boolean plausible() {
            return inliers >= MIN_INLIERS && scale <= MAX_SCALE && scale >= 1 / MAX_SCALE
                    && sharedA >= MIN_SHARED && sharedB >= MIN_SHARED && spread >= MIN_SPREAD;
        }
    }

    private Match fit(Features a, Features.Side side, Features b, boolean flip) {
        if (a.count() < 2 || side.count() < 2) {
            return null;
        }
        int[] matches = RatioMatches.find(a.straight().descriptors(), side.descriptors(), RATIO);
        List<Point> from = new ArrayList<>();
        List<Point> to = new ArrayList<>();
        for (int k = 0; k < matches.length; k += 2) {
            int q = matches[k];
            int t = matches[k + 1];
            from.add(new Point(a.points()[2 * q], a.points()[2 * q + 1]));
            to.add(new Point(side.points()[2 * t], side.points()[2 * t + 1]));
        }
        if (from.size() < MIN_INLIERS) {
            return null;
        }
        MatOfPoint2f src = new MatOfPoint2f(from.toArray(new Point[0]));
        MatOfPoint2f dst = new MatOfPoint2f(to.toArray(new Point[0]));
        Mat mask = new Mat();
        Mat t = null;
        try {
            t = Calib3d.estimateAffinePartial2D(src, dst, mask, Calib3d.RANSAC, REPROJECTION_PX, 2000, 0.995, 10);
            if (t.empty()) {
                return null;
            }
            double[] m = new double[6];
            t.get(0, 0, m);
            byte[] in = new byte[mask.rows()];
            mask.convertTo(mask, CvType.CV_8U);
            mask.get(0, 0, in);
            List<Point> inB = new ArrayList<>();
            for (int i = 0; i < in.length; i++) {
                if (in[i] != 0) {
                    inB.add(to.get(i));
                }
            }
            return describe(m, inB, from.size(), a, b, flip);
        } finally {
            src.release();
            dst.release();
            mask.release();
            if (t != null) {
                t.release();
            }
        }
    }

    private static Match describe(double[] m, List<Point> inliersB, int matches, Features a, Features b, boolean flip) {
        double frameScale = Math.hypot(m[0], m[3]);
        if (frameScale < 1e-9) {
            return null;
        }
        double angle = Math.toDegrees(Math.atan2(m[3], m[0]));
        // a's and b's frames were sized by their longer sides: scale relative to image size
        double scale = frameScale * Math.max(a.width(), a.height()) / Math.max(b.width(), b.height());
        ContentBox contentA = a.content();
        ContentBox contentB = flip ? b.mirroredContent() : b.content();
        double[] inv = invert(m);
        Coverage inA = coverage(inv, contentB, contentA, a.width(), a.height(), 0);
        Coverage inB = coverage(m, contentA, contentB, b.width(), b.height(), 0);
        double shownA = coverage(inv, new ContentBox(0, 0, b.width(), b.height()), contentA, a.width(), a.height(),
                REPROJECTION_PX).share;
        double shownB = coverage(m, new ContentBox(0, 0, a.width(), a.height()), contentB, b.width(), b.height(),
                REPROJECTION_PX).share;
        double[] spreadBox = bounds(inliersB);
        double spreadArea = (spreadBox[2] - spreadBox[0]) * (spreadBox[3] - spreadBox[1]);
        double coveredB = inB.share * contentB.width() * contentB.height();
        double spread = coveredB <= 0 ? 0 : Math.min(1, spreadArea / coveredB);
        double[] boxB = inB.box;
        if (flip) { // report b's box in b's own (unmirrored) frame
            boxB = new double[] {1 - boxB[2], boxB[1], 1 - boxB[0], boxB[3]};
        }
        return new Match(inliersB.size(), matches, scale, angle, flip, inA.share, inB.share, spread, inA.box, boxB,
                shownA, shownB);
    }

    /** The inverse of the affine map {@code m} (row-major 2x3). */
    private static double[] invert(double[] m) {
        double det = m[0] * m[4] - m[1] * m[3];
        double[] inv = {m[4] / det, -m[1] / det, 0, -m[3] / det, m[0] / det, 0};
        inv[2] = -(inv[0] * m[2] + inv[1] * m[5]);
        inv[5] = -(inv[3] * m[2] + inv[4] * m[5]);
        return inv;
    }

    /**
     * Share of the target's content box covered by the source's box mapped with {@code m} (grown by {@code margin}
     * pixels of the source's frame on each side), and the box of the covered part as fractions of the whole target
     * frame.
     */
    private record Coverage(double share, double[] box) {
    }

    private static Coverage coverage(double[] m, ContentBox src, ContentBox dst, int dstW, int dstH, double margin) {
        // sample the target's content on a grid and map back: a point is covered when its preimage is content
        double[] inv = invert(m);
        int n = 32;
        int covered = 0;
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        double cell = 0.5 / n;
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                double x = dst.x() + (i + 0.5) / n * dst.width();
                double y = dst.y() + (j + 0.5) / n * dst.height();
                double sx = inv[0] * x + inv[1] * y + inv[2];
                double sy = inv[3] * x + inv[4] * y + inv[5];
                if (sx >= src.x() - margin && sy >= src.y() - margin && sx <= src.x() + src.width() + margin
                        && sy <= src.y() + src.height() + margin) {
                    covered++;
                    x0 = Math.min(x0, x / dstW - cell * dst.width() / dstW);
                    y0 = Math.min(y0, y / dstH - cell * dst.height() / dstH);
                    x1 = Math.max(x1, x / dstW + cell * dst.width() / dstW);
                    y1 = Math.max(y1, y / dstH + cell * dst.height() / dstH);
                }
            }
        }
        double[] box = covered == 0 ? new double[4] : new double[] {x0, y0, x1, y1};
        return new Coverage((double) covered / (n * n), box);
    }

    private static double[] bounds(List<Point> points) {
        double x0 = Double.MAX_VALUE;
        double y0 = Double.MAX_VALUE;
        double x1 = -Double.MAX_VALUE;
        double y1 = -Double.MAX_VALUE;
        for (Point p : points) {
            x0 = Math.min(x0, p.x);
            y0 = Math.min(y0, p.y);
            x1 = Math.max(x1, p.x);
            y1 = Math.max(y1, p.y);
        }
        return points.isEmpty() ? new double[4] : new double[] {x0, y0, x1, y1};
    }
}
