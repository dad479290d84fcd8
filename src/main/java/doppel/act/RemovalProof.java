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
     */
    public record Geometry(int inliers, int matches, double scale, double angle, boolean flip) {
    }

    /** Within the threshold when fingerprinted. */
    public static final RemovalProof FINGERPRINT = new RemovalProof(Kind.FINGERPRINT, null);

    public RemovalProof {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.VERIFIED) != (geometry != null)) {
            throw new IllegalArgumentException("a verified proof, and only that, carries its geometry");
        }
    }

    /** Verified geometrically, as {@code evidence} shows. */
    public static RemovalProof verified(PairEvidence evidence) {
        return new RemovalProof(Kind.VERIFIED, new Geometry(evidence.inliers(), evidence.matches(), evidence.scale(),
                evidence.angle(), evidence.flip()));
    }
}
