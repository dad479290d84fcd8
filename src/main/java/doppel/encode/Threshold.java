package doppel.encode;

/**
 * The score limit of a duplicate pair, checked against the encoder it applies to.
 *
 * <p>For hashes (Hamming) a pair is a duplicate when its distance is at most the threshold, a whole number of
 * bits from 0 to the hash size; for embeddings (cosine) when its similarity is at least the threshold, a
 * number in [-1, 1]: imagededup's meaning of an explicit threshold. When none is given the encoder's
 * calibrated default applies ({@link EncoderRegistry#defaultThreshold}).
 *
 * @param value  the limit
 * @param metric how scores compare against it
 */
public record Threshold(double value, EncoderSpec.Metric metric) {
    public Threshold {
        check(value, metric);
    }

    /**
     * The given threshold checked against {@code spec}, or its default when {@code given} is null.
     *
     * @throws IllegalArgumentException with a one-line reason when the given value does not fit the encoder
     */
    public static Threshold of(Double given, EncoderSpec spec) {
        if (given == null) {
            return new Threshold(EncoderRegistry.defaultThreshold(spec), spec.metric());
        }
        double t = given;
        if (EncoderRegistry.isKnown(spec.name())
                && EncoderRegistry.get(spec.name()).kind() == EncoderRegistry.Kind.DIGEST && t != 0) {
            throw new IllegalArgumentException("--threshold does not apply to " + spec.name()
                    + ": it finds byte-identical files only (use a hash such as phash for near-duplicates)");
        }
        check(t, spec.name(), spec.metric(), spec.size());
        return new Threshold(t, spec.metric());
    }

    /**
     * Checks a given threshold against the kind of fingerprint alone, before the encoder's size is known (so a
     * slip like {@code --threshold 0.9} with a hash encoder is reported before any image is encoded).
     *
     * @throws IllegalArgumentException with a one-line reason
     */
    public static void check(Double given, EncoderSpec.Metric metric) {
        if (given != null) {
            check(given, metric == EncoderSpec.Metric.COSINE ? "embeddings" : "hashes", metric, Integer.MAX_VALUE);
        }
    }

    /** The rule: a cosine similarity in [-1, 1], or a whole number of bits from 0 to the hash size. */
    private static void check(double t, String what, EncoderSpec.Metric metric, int bits) {
        if (metric == EncoderSpec.Metric.COSINE) {
            if (t < -1 || t > 1) {
                throw new IllegalArgumentException("--threshold for " + what + " is a cosine similarity in [-1, 1], not " + t);
            }
        } else if (t < 0 || t > bits || t != Math.rint(t)) {
            throw new IllegalArgumentException("--threshold for " + what + " is a whole number of bits "
                    + (bits == Integer.MAX_VALUE ? "(e.g. 10)" : "from 0 to " + bits) + ", not " + format(t));
        }
    }

    /** True when a pair with this score is a duplicate. */
    public boolean admits(double score) {
        return metric == EncoderSpec.Metric.COSINE ? score >= value : score <= value;
    }

    /** The value as written for people: whole bits without a decimal point. */
    @Override
    public String toString() {
        return metric == EncoderSpec.Metric.COSINE ? String.valueOf(value) : format(value);
    }

    private static String format(double t) {
        return t == Math.rint(t) ? String.valueOf((long) t) : String.valueOf(t);
    }
}
