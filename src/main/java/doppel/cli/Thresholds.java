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

    /** {@link Threshold#check(Double, EncoderSpec.Metric)} as a usage error. */
    static void precheck(Double given, boolean embedding) {
        try {
            Threshold.check(given, embedding ? EncoderSpec.Metric.COSINE : EncoderSpec.Metric.HAMMING);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static String scoreLabel(double score, EncoderSpec spec) {
        return spec.metric() == EncoderSpec.Metric.COSINE
                ? String.format("similarity %.4f", score)
                : "distance " + (long) score;
    }
}
