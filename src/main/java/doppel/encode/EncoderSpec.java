package doppel.encode;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Identifies what an encoder computes, so that encodings made by different encoders or parameters are
 * never compared with each other. Saved in every encodings file.
 *
 * @param name      encoder name as given on the command line: {@code phash}, {@code dhash}, {@code ahash},
 *                  {@code whash}, {@code md5}, {@code sha256}, {@code cnn}, {@code clip}
 * @param metric    how two fingerprints are compared
 * @param size      bits of a hash, or dimension of an embedding
 * @param params    parameters that change the values (hash size, model id, ...), sorted by key
 * @param variantParams parameters that only change how the values are reached (decoder, workers);
 *                  encodings that differ only here are still comparable, but not reused for each other
 */
public record EncoderSpec(String name, Metric metric, int size, Map<String, String> params,
                          Map<String, String> variantParams) {

    /** How fingerprints are compared. */
    public enum Metric {
        /** Number of differing bits; a pair is a duplicate when the distance is at most the threshold. */
        HAMMING,
        /** Cosine similarity; a pair is a duplicate when the similarity is at least the threshold. */
        COSINE
    }

    public EncoderSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        params = Map.copyOf(new TreeMap<>(params == null ? Map.of() : params));
        variantParams = Map.copyOf(new TreeMap<>(variantParams == null ? Map.of() : variantParams));
    }

    /** Parameters sorted by key, for stable output. */
    public Map<String, String> sortedParams() {
        return new TreeMap<>(params);
    }

    /** True when fingerprints of the two specs may be compared with each other. */
    public boolean comparableWith(EncoderSpec other) {
        return name.equals(other.name) && metric == other.metric && size == other.size && params.equals(other.params);
    }

    /**
     * Explains why the two specs are not comparable, or returns null when they are.
     * Used for the one-line refusal when encodings of different encoders are mixed.
     */
    public String incompatibilityWith(EncoderSpec other) {
        if (!name.equals(other.name)) {
            return "encoder '" + name + "' vs '" + other.name + "'";
        }
        if (size != other.size) {
            return (metric == Metric.HAMMING ? "hash bits " : "dimension ") + size + " vs " + other.size;
        }
        if (!params.equals(other.params)) {
            return "parameters " + sortedParams() + " vs " + other.sortedParams();
        }
        return metric == other.metric ? null : "metric " + metric + " vs " + other.metric;
    }

    /** A short human-readable description, e.g. {@code phash (64 bits, hash_size=8)}. */
    public String describe() {
        String unit = metric == Metric.HAMMING ? size + " bits" : size + "-d";
        StringBuilder sb = new StringBuilder(name).append(" (").append(unit);
        sortedParams().forEach((k, v) -> sb.append(", ").append(k).append('=').append(v));
        return sb.append(')').toString();
    }
}
