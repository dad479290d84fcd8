package doppel.act;

import doppel.dataset.ImageFile;
import doppel.encode.BitHash;
import doppel.encode.EncodeSink;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.encode.Encoder;
import doppel.encode.EncoderChoice;
import doppel.encode.EncoderSpec;
import doppel.encode.factory.Encoders;
import doppel.encode.Fingerprint;
import doppel.dataset.SkippedFile;
import doppel.progress.Progress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Proves {@link RemovalProof.Kind#FINGERPRINT fingerprint proofs} again: fingerprints the files of the pairs now,
 * with the encoder a plan or results file names, and holds each pair to the threshold it names, whatever proof a
 * removal claims ({@link PairProofs} picks the check by the kind of proof; {@code find}, which verifies its other
 * pairs in the run, uses this one directly). Only the files of the pairs are encoded (a small part of a large
 * collection); {@link #encode} does many in one batch ahead of the checks.
 */
public final class FingerprintPairs implements RemovalCheck.PairCheck, AutoCloseable {
    private final EncoderSpec spec;
    private final double threshold;
    private final Encoder encoder;
    private final Map<Path, EncodedImage> encoded = new ConcurrentHashMap<>();
    private final Map<String, String> failed = new ConcurrentHashMap<>();

    private FingerprintPairs(EncoderSpec spec, double threshold, Encoder encoder) {
        this.spec = spec;
        this.threshold = threshold;
        this.encoder = encoder;
    }

    /**
     * Opens the encoder {@code spec} describes; pairs are fingerprinted as they are checked.
     *
     * @throws IllegalArgumentException when this build cannot make that encoder, or makes one whose
     *                                  fingerprints are not comparable with the spec's (another model)
     */
    public static FingerprintPairs open(EncoderSpec spec, double threshold, int workers) {
        Encoder encoder = Encoders.create(EncoderChoice.forSpec(spec, workers));
        String why = encoder.spec().incompatibilityWith(spec);
        if (why != null) {
            encoder.close();
            throw new IllegalArgumentException("cannot fingerprint like " + spec.describe() + ": " + why);
        }
        return new FingerprintPairs(spec, threshold, encoder);
    }

    /** Fingerprints those of {@code files} not done yet, in one batch. */
    public void encode(Collection<ImageFile> files) {
        List<ImageFile> todo = files.stream().filter(f -> !encoded.containsKey(f.path())).distinct().toList();
        if (todo.isEmpty()) {
            return;
        }
        encoder.encode(new ArrayList<>(todo), new EncodeSink() {
            @Override
            public void encoded(EncodedImage image) {
                encoded.put(image.file().path(), image);
            }

            @Override
            public void skipped(SkippedFile skipped) {
                failed.put(skipped.dataset() + "/" + skipped.relativePath(), skipped.reason());
            }
        }, Progress.NONE);
    }

    @Override
    public String whyNotProven(RemovalCheck.Removal removal) {
        return whyNotDuplicates(removal.file(), removal.kept());
    }

    /** Null when {@code removed} is still within the threshold of {@code kept}, else why not (one line). */
    public String whyNotDuplicates(ImageFile removed, ImageFile kept) {
        encode(List.of(removed, kept));
        EncodedImage a = encoded.get(removed.path());
        EncodedImage b = encoded.get(kept.path());
        if (a == null || b == null) {
            ImageFile missing = a == null ? removed : kept;
            return "cannot fingerprint " + missing.path() + " to confirm the pair ("
                    + failed.getOrDefault(missing.key(), "not encoded") + ")";
        }
        double best = score(a.fingerprint(), b.fingerprint());
        for (Fingerprint v : a.variants()) {
            best = better(best, score(v, b.fingerprint()));
        }
        for (Fingerprint v : b.variants()) {
            best = better(best, score(a.fingerprint(), v));
        }
        boolean within = spec.metric() == EncoderSpec.Metric.HAMMING ? best <= threshold : best >= threshold;
        return within ? null : "no longer a duplicate of " + kept.path() + " when both are fingerprinted now ("
                + (spec.metric() == EncoderSpec.Metric.HAMMING ? "distance " + (long) best : "similarity " + best)
                + ", threshold " + threshold + ")";
    }

    private double score(Fingerprint x, Fingerprint y) {
        if (x instanceof BitHash h && y instanceof BitHash g) {
            return h.distance(g);
        }
        return ((Embedding) x).cosine((Embedding) y);
    }

    private double better(double a, double b) {
        return spec.metric() == EncoderSpec.Metric.HAMMING ? Math.min(a, b) : Math.max(a, b);
    }

    @Override
    public void close() {
        encoder.close();
    }
}
