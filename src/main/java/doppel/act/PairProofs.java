package doppel.act;

import doppel.dataset.ImageFile;
import doppel.encode.EncoderRegistry;
import doppel.encode.EncoderSpec;
import doppel.image.ImageException;
import doppel.image.ImageLoader;
import doppel.verify.FeatureExtractor;
import doppel.verify.Features;
import doppel.verify.GeometricVerifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves removal pairs again from the files, each by the kind of proof it claims ({@link RemovalProof}): a
 * fingerprint proof is fingerprinted again with the encoder and threshold of the plan or search
 * ({@link FingerprintPairs}); a verified proof is verified again by {@link GeometricVerifier} on the two files
 * (either image first, as recorded or mirrored: the verifier's verdict, not the recorded transform, decides). For
 * an encoder whose hash alone cannot prove a removal (aHash, wHash) a fingerprint proof must verify too, as in
 * {@code find}. The encoder is opened only when some pair claims a fingerprint proof.
 */
public final class PairProofs implements RemovalCheck.PairCheck, AutoCloseable {
    private final EncoderSpec spec;
    private final double threshold;
    private final int workers;
    private final boolean hashNeedsGeometry;
    private final ImageLoader loader;
    private final GeometricVerifier verifier = new GeometricVerifier();
    /** Features by file, computed once. */
    private final Map<Path, Extracted> features = new ConcurrentHashMap<>();
    private FingerprintPairs fingerprints;
    private FeatureExtractor extractor;
    private String noExtractor;

    private PairProofs(EncoderSpec spec, double threshold, int workers, long maxPixels) {
        this.spec = spec;
        this.threshold = threshold;
        this.workers = workers;
        this.hashNeedsGeometry = EncoderRegistry.removalsNeedVerification(spec);
        this.loader = new ImageLoader(maxPixels);
    }

    /**
     * Proofs checked against {@code spec} and {@code threshold}; nothing is opened until {@link #prepare}.
     *
     * @param maxPixels the decoders' pixel limit for the images verified geometrically
     */
    public static PairProofs of(EncoderSpec spec, double threshold, int workers, long maxPixels) {
        return new PairProofs(spec, threshold, workers, maxPixels);
    }

    /**
     * Does the expensive part for many pairs at once: opens the encoder when some pair claims a fingerprint proof
     * and fingerprints those pairs in one batch, and computes the features of the images to verify in parallel.
     *
     * @throws IllegalArgumentException when a fingerprint proof is claimed and this build cannot make the encoder,
     *                                  or makes one whose fingerprints are not comparable (another model)
     */
    public void prepare(Collection<RemovalCheck.Removal> removals) {
        Set<ImageFile> toFingerprint = new LinkedHashSet<>();
        Set<ImageFile> toVerify = new LinkedHashSet<>();
        for (RemovalCheck.Removal r : removals) {
            boolean hash = r.proof().kind() == RemovalProof.Kind.FINGERPRINT;
            if (hash) {
                toFingerprint.add(r.file());
                toFingerprint.add(r.kept());
            }
            if (!hash || hashNeedsGeometry) {
                toVerify.add(r.file());
                toVerify.add(r.kept());
            }
        }
        if (!toFingerprint.isEmpty()) {
            fingerprints().encode(toFingerprint);
        }
        new ArrayList<>(toVerify).parallelStream().forEach(this::features);
    }

    @Override
    public String whyNotProven(RemovalCheck.Removal r) {
        ImageFile removed = r.file();
        ImageFile kept = r.kept();
        if (r.proof().kind() == RemovalProof.Kind.VERIFIED) {
            RemovalProof.Geometry g = r.proof().geometry();
            return whyNotVerified(removed, kept, g.flip(), true, g.alpha());
        }
        String why = fingerprints().whyNotDuplicates(removed, kept);
        return why == null && hashNeedsGeometry ? whyNotVerified(removed, kept, false, false, null) : why;
    }

    private FingerprintPairs fingerprints() {
        if (fingerprints == null) {
            fingerprints = FingerprintPairs.open(spec, threshold, workers);
        }
        return fingerprints;
    }

    /**
     * Null when the verifier accepts the pair in some order and orientation, trying the recorded one first, and,
     * where {@code whole} (a verified proof), the kept image shows enough of the removed one, and not only
     * flattened onto white ({@link RemovalProof#whyKeptLacks}), as measured now. The images named by {@code alpha}
     * are composited onto white first, as when the pair was found; the others are verified as decoded.
     */
    private String whyNotVerified(ImageFile removed, ImageFile kept, boolean flip, boolean whole,
                                  RemovalProof.OverWhite alpha) {
        Extracted a = features(kept);
        Extracted b = features(removed);
        if (a.features() == null || b.features() == null) {
            return a.features() == null ? a.why() : b.why();
        }
        Features fa = alpha != null && alpha.composites(true) ? a.features().overWhite() : a.features();
        Features fb = alpha != null && alpha.composites(false) ? b.features().overWhite() : b.features();
        if (fa == null || fb == null) {
            return (fa == null ? kept : removed).path() + " has no transparent pixels to composite onto white, as the"
                    + " pair was verified (the file changed?)";
        }
        String partial = null;
        for (boolean mirrored : List.of(flip, !flip)) {
            GeometricVerifier.Match keptFirst = verifier.verify(fa, fb, mirrored);
            GeometricVerifier.Match removedFirst = keptFirst != null ? null : verifier.verify(fb, fa, mirrored);
            if (keptFirst == null && removedFirst == null) {
                continue;
            }
            double covered = keptFirst != null ? keptFirst.shownB() : removedFirst.shownA();
            String why = whole ? RemovalProof.whyKeptLacks(covered, alpha, kept.path().toString()) : null;
            if (why == null) {
                return null;
            }
            partial = partial == null ? why : partial;
        }
        return partial != null ? partial : "no longer verified geometrically as a copy of " + kept.path()
                + " (fewer than " + GeometricVerifier.MIN_INLIERS
                + " feature matches agree with one plausible crop, scale or rotation)";
    }

    /** An image's features, or why there are none (one line). */
    private record Extracted(Features features, String why) {
    }

    private Extracted features(ImageFile file) {
        return features.computeIfAbsent(file.path(), p -> {
            FeatureExtractor x = extractor();
            if (x == null) {
                return new Extracted(null, "cannot verify " + p + " geometrically: " + noExtractor);
            }
            try {
                return new Extracted(x.extract(p), null);
            } catch (ImageException | RuntimeException e) {
                return new Extracted(null, "cannot decode " + p + " to verify the pair (" + e.getMessage() + ")");
            }
        });
    }

    private synchronized FeatureExtractor extractor() {
        if (extractor == null && noExtractor == null) {
            try {
                extractor = new FeatureExtractor(loader);
            } catch (IllegalStateException e) {
                noExtractor = e.getMessage();
            }
        }
        return extractor;
    }

    @Override
    public void close() {
        if (fingerprints != null) {
            fingerprints.close();
        }
    }
}
