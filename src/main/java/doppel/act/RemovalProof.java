package doppel.act;

import doppel.results.PairEvidence;
import java.util.Locale;
import java.util.Objects;

/**
 * What proves that a file may be removed for the image kept for it. There are two kinds, and this is the one home
 * of that rule: {@code find} decides a removal's proof, the plan file records it ({@link PlanFile}), and
 * {@code apply} proves it again from the files before acting ({@link PairProofs}).
 * <ul>
 *   <li>{@link Kind#FINGERPRINT}: fingerprinted with the encoder that found the pair, the two files are within its
 *       threshold (for an encoder whose hash alone proves nothing, aHash and wHash, they must also verify
 *       geometrically, as {@code find} requires);</li>
 *   <li>{@link Kind#VERIFIED}: the pair is verified geometrically ({@link doppel.verify.GeometricVerifier}): enough
 *       local-feature matches agree with one plausible crop, scale, small rotation, turn or mirror. This is how
 *       {@code find --thorough} proves crops, borders and letterboxed copies beyond the hash threshold.</li>
 * </ul>
 * The recorded {@link Geometry} is evidence for a person to read; proving again runs the verifier on the files and
 * does not trust it.
 *
 * <p>A verified pair proves two images show one picture, not that either may stand in for the other: a crop is
 * verified against its original, yet the original holds what the crop cut away. So a verified proof removes a file
 * only when its kept image shows at least {@link #MIN_COVERED} of it ({@link #whyPartial}); {@code find} keeps both
 * images of a pair the keep policy would otherwise resolve the wrong way, and {@code apply} refuses such a line.
 *
 * @param kind     the kind of proof
 * @param geometry for {@link Kind#VERIFIED}, the transform the verifier found; null for {@link Kind#FINGERPRINT}
 */
public record RemovalProof(Kind kind, Geometry geometry) {
    /** The kinds of proof, with the name the plan file gives each. */
    public enum Kind {
        FINGERPRINT, VERIFIED;

        /** The name in plan files: {@code fingerprint} or {@code verified}. */
        public String planName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind a plan file names, or null for an unknown name. */
        public static Kind ofPlanName(String name) {
            for (Kind k : values()) {
                if (k.planName().equals(name)) {
                    return k;
                }
            }
            return null;
        }
    }

    /**
     * The transform a geometric verification found.
     *
     * @param inliers keypoint matches that agree with it
     * @param matches matches that passed the ratio test
     * @param scale   how much larger the content appears in the second image than in the first
     * @param angle   rotation in degrees, counter-clockwise
     * @param flip    whether one image is the other's mirror image
     * @param covered share of the removed image's content that the kept image shows (0..1), or null when not
     *                recorded
     * @param alpha   which image was verified composited onto white, or null when both were verified as decoded:
     *                proving again composites the same ones ({@link PairProofs})
     */
    public record Geometry(int inliers, int matches, double scale, double angle, boolean flip, Double covered,
                           OverWhite alpha) {
    }

    /** Which image of a removal pair has its picture composited onto white for the verification, as plans name it. */
    public enum OverWhite {
        KEPT("kept over white"), REMOVED("removed over white"), BOTH("kept and removed over white");

        private final String planName;

        OverWhite(String planName) {
            this.planName = planName;
        }

        /** The plan file's text for it. */
        public String planName() {
            return planName;
        }

        /** Whether the kept image ({@code kept}) or the removed one is composited. */
        public boolean composites(boolean kept) {
            return this == BOTH || this == (kept ? KEPT : REMOVED);
        }

        /** The value a plan names, or null for an unknown text. */
        public static OverWhite ofPlanName(String text) {
            for (OverWhite v : values()) {
                if (v.planName.equals(text)) {
                    return v;
                }
            }
            return null;
        }

        static OverWhite of(boolean kept, boolean removed) {
            return kept && removed ? BOTH : kept ? KEPT : removed ? REMOVED : null;
        }
    }

    /**
     * Least share of a file's picture that its kept image must show for a geometric verification to remove it
     * (measured by {@link doppel.verify.GeometricVerifier}: the file's content, uniform borders trimmed, mapped into
     * the kept image's whole frame, with the fit's tolerance at its edges). A kept image that shows less lacks part
     * of the picture: the file is the wider original (or a wider copy) of a crop. The share is a measure with an
     * error, not an exact area: copies that lose nothing (re-encodes, resizes, colour, blur, noise, watermarks,
     * borders and bars, flips, turns, rotations with their corners filled) measure 0.98 to 1, and crops measure a
     * few hundredths above their true area (a crop to 70 % of the area about 0.73, to 90 % about 0.91, to 95 %
     * about 0.97; {@code scripts/make-edit-set}, seed 2: 392 verified pairs of an original and its copy). So 0.95
     * lets every copy that lost nothing be removed, with room for that error, and keeps both images of a crop that
     * cuts away more than about a twentieth of the picture: losing part of a photo is worse than keeping a
     * near-duplicate (BENCHMARKS.md, "What a verified pair's kept image shows").
     */
    public static final double MIN_COVERED = 0.95;

    /**
     * The rule for every verified removal: null when a file of whose content its kept image {@code kept} (a name
     * to show) shows the share {@code covered} may be removed for it, else why not (a phrase after the file's name).
     */
    public static String whyPartial(double covered, String kept) {
        return covered >= MIN_COVERED ? null : String.format(Locale.ROOT,
                "its kept image %s shows only %.0f%% of it (a crop: it holds content the kept image lacks)", kept,
                100 * covered);
    }

    /**
     * The rule for every verified removal, from what the verification measured: null when a file may be removed
     * for its kept image {@code kept} (a name to show), else why not (a phrase after the file's name). The kept image
     * must show enough of the file ({@link #whyPartial}; {@code covered} null when not recorded), and must not be a
     * flattened copy of it: a file that verified only composited onto white ({@code alpha} names the removed image
     * alone) has transparent pixels, which a kept image seen as decoded (a JPEG, say) lacks.
     */
    public static String whyKeptLacks(Double covered, OverWhite alpha, String kept) {
        if (alpha == OverWhite.REMOVED) {
            return "its kept image " + kept + " shows it only flattened onto white (it lacks this file's transparency)";
        }
        return covered == null ? null : whyPartial(covered, kept);
    }

    /** Within the threshold when fingerprinted. */
    public static final RemovalProof FINGERPRINT = new RemovalProof(Kind.FINGERPRINT, null);

    public RemovalProof {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.VERIFIED) != (geometry != null)) {
            throw new IllegalArgumentException("a verified proof, and only that, carries its geometry");
        }
    }

    /** Verified geometrically, as {@code evidence} shows, for removing the image {@code removed} (a key) of its pair. */
    public static RemovalProof verified(PairEvidence evidence, String removed) {
        String kept = removed.equals(evidence.a()) ? evidence.b() : evidence.a();
        return new RemovalProof(Kind.VERIFIED, new Geometry(evidence.inliers(), evidence.matches(), evidence.scale(),
                evidence.angle(), evidence.flip(), evidence.coveredOf(removed),
                OverWhite.of(evidence.overWhite(kept), evidence.overWhite(removed))));
    }
}
