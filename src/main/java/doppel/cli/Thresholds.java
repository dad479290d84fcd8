package doppel.cli;

import doppel.encode.EncoderSpec;
import doppel.encode.Threshold;

/** Threshold wording and checks of the command line; defaults and validation live in {@link Threshold}. */
final class Thresholds {
    private Thresholds() {
    }

    /** The given threshold, checked against the encoder, or the encoder's default. */
    static double resolve(Double given, EncoderSpec spec) {
        try {
            return Threshold.of(given, spec).value();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static String format(double t, EncoderSpec spec) {
        return new Threshold(t, spec.metric()).toString();
    }

    /**
     * Checks a threshold against the kind of encoder before any work is done, so a slip like
     * {@code --threshold 0.9} with a hash encoder is reported at once, not after encoding.
     */
    static void precheck(Double given, boolean embedding) {
        if (given == null) {
            return;
        }
        if (embedding && (given < -1 || given > 1)) {
            throw new UsageException("--threshold for embeddings is a cosine similarity in [-1, 1], not " + given);
        }
        if (!embedding && (given < 0 || given != Math.rint(given))) {
            throw new UsageException("--threshold for hashes is a whole number of differing bits (e.g. 10), not " + given);
        }
    }

    static String scoreLabel(double score, EncoderSpec spec) {
        return spec.metric() == EncoderSpec.Metric.COSINE
                ? String.format("similarity %.4f", score)
                : "distance " + (long) score;
    }
}
