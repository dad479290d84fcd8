package doppel.results;

/**
 * Why a pair found by {@code find --thorough} is a duplicate: the geometric transform that maps the first image
 * onto the second, found by matching local features, and how many matches agree with it. Written to the results
 * file's {@code evidence} list (docs/results-format.md) so that a person can check it.
 *
 * @param a       key of the first image (the transform maps it onto {@code b})
 * @param b       key of the second image
 * @param source  what proposed the pair: {@code hash} (within the threshold), {@code dihedral}, {@code content-box},
 *                {@code near-hash} (within the candidate distance) or a combination joined by {@code +}
 * @param inliers matched keypoints that agree with the transform
 * @param matches keypoint matches that passed the ratio test
 * @param scale   how much larger the content appears in {@code b} than in {@code a}, each image measured by its
 *                longer side (a centre crop to 81 % of the area gives about 1.11)
 * @param angle   rotation in degrees, counter-clockwise, -180..180 (90-degree turns give about +-90 or 180)
 * @param flip    true when {@code b} is mirrored (left-right) relative to {@code a}, before the rotation
 * @param boxA    the part of {@code a} that {@code b} shows: x0, y0, x1, y1 as fractions of {@code a}'s width and
 *                height (a crop of {@code a} gives a box inside 0..1)
 * @param boxB    the part of {@code b} that shows {@code a}: the same in {@code b}'s frame (borders or letterbox
 *                bars around {@code a} give a box inside 0..1)
 * @param coveredA share of {@code a}'s content (uniform borders trimmed) that {@code b} shows, 0..1: {@code a}'s
 *                 content mapped into {@code b} by the transform and clipped to {@code b}'s content (a centre crop
 *                 to 81 % of the area gives about 0.81 for the original); null when not recorded (older files)
 * @param coveredB share of {@code b}'s content that {@code a} shows, the same way; null when not recorded
 * @param keptBoth why this pair removed neither image though it is verified (the image the keep policy would
 *                 remove holds content the kept one lacks), or null when it did not stop a removal
 * @param alpha    which image was verified composited onto white (it has transparent pixels, and its copy shows
 *                 the picture flattened onto white), or null when both were verified as decoded
 */
public record PairEvidence(String a, String b, String source, int inliers, int matches, double scale, double angle,
                           boolean flip, double[] boxA, double[] boxB, Double coveredA, Double coveredB,
                           String keptBoth, Alpha alpha) {
    /** Which images of a pair were verified composited onto white, with the text the results file gives it. */
    public enum Alpha {
        A("a over white"), B("b over white"), BOTH("a and b over white");

        private final String text;

        Alpha(String text) {
            this.text = text;
        }

        /** The results file's text: {@code a over white}, {@code b over white} or {@code a and b over white}. */
        public String text() {
            return text;
        }

        /** The value for {@code a} and/or {@code b} over white; null for neither. */
        public static Alpha of(boolean a, boolean b) {
            return a && b ? BOTH : a ? A : b ? B : null;
        }

        /** The value a results file's text names, or null for an unknown text. */
        public static Alpha ofText(String text) {
            for (Alpha v : values()) {
                if (v.text.equals(text)) {
                    return v;
                }
            }
            return null;
        }
    }

    /** Whether image {@code key} was verified composited onto white. */
    public boolean overWhite(String key) {
        if (!key.equals(a) && !key.equals(b)) {
            throw new IllegalArgumentException(key + " is neither image of the pair " + a + ", " + b);
        }
        return alpha == Alpha.BOTH || alpha == (key.equals(a) ? Alpha.A : Alpha.B);
    }

    /** The share of image {@code key}'s content that the other image shows, or null when not recorded. */
    public Double coveredOf(String key) {
        if (!key.equals(a) && !key.equals(b)) {
            throw new IllegalArgumentException(key + " is neither image of the pair " + a + ", " + b);
        }
        return key.equals(a) ? coveredA : coveredB;
    }

    /** This evidence, noting why the pair removed neither image. */
    public PairEvidence withKeptBoth(String why) {
        return new PairEvidence(a, b, source, inliers, matches, scale, angle, flip, boxA, boxB, coveredA, coveredB, why,
                alpha);
    }
}
