package doppel.cli;

import doppel.encode.EncoderSpec;
import doppel.encode.Encoders;

/** Threshold defaults, validation and wording, per metric. */
final class Thresholds {
    private Thresholds() {
    }

    /** The given threshold, checked against the metric, or the encoder's default. */
    static double resolve(Double given, EncoderSpec spec) {
        if (given == null) {
            return Encoders.defaultThreshold(spec);
        }
        double t = given;
        if (isDigest(spec) && t != 0) {
            throw new UsageException("--threshold does not apply to " + spec.name()
                    + ": it finds byte-identical files only (use a hash such as phash for near-duplicates)");
        }
        if (spec.metric() == EncoderSpec.Metric.COSINE) {
            if (t < -1 || t > 1) {
                throw new UsageException("--threshold for " + spec.name() + " is a cosine similarity in [-1, 1], not " + t);
            }
        } else if (t < 0 || t > spec.size() || t != Math.rint(t)) {
            throw new UsageException("--threshold for " + spec.name() + " is a whole number of bits from 0 to "
                    + spec.size() + ", not " + format(t, spec));
        }
        return t;
    }

    private static boolean isDigest(EncoderSpec spec) {
        return spec.name().equals("md5") || spec.name().equals("sha256");
    }

    static String format(double t, EncoderSpec spec) {
        return spec.metric() == EncoderSpec.Metric.COSINE || t != Math.rint(t) ? String.valueOf(t) : String.valueOf((long) t);
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
