package doppel.encode;

import java.util.List;
import java.util.Locale;

/**
 * Every encoder Doppel knows, with what the rest of the program needs to know about it: its name, how its
 * fingerprints compare, its size at the default parameters, and the threshold that means "duplicate" when
 * the user gives none. The one home of these facts; {@link doppel.encode.factory.Encoders} creates the encoders themselves.
 *
 * <p>Default thresholds of the perceptual hashes are calibrated on real photographs with realistic edits
 * and distractors (scripts/make-labelled-set; numbers in BENCHMARKS.md) so that a file removed at the
 * default is a true duplicate of the image kept for it at least 99.5% of the time. They are given for
 * 64 bits and scale with the number of bits of other hash sizes; {@code --dihedral} compares eight
 * variants of each image, so it has its own, tighter default.
 */
public final class EncoderRegistry {
    /** What kind of fingerprint an encoder makes. */
    public enum Kind {
        /** Perceptual hash: near-duplicates differ in few bits. */
        PERCEPTUAL_HASH,
        /** Cryptographic digest of the bytes: only identical files match. */
        DIGEST,
        /** Embedding vector from a model: near-duplicates have a high cosine similarity. */
        EMBEDDING
    }

    /**
     * One encoder.
     *
     * @param name        the command-line name
     * @param kind        the kind of fingerprint
     * @param bits        bits of the fingerprint at the default parameters (0 for embeddings: the model decides)
     * @param threshold   default threshold: Hamming distance at {@code bits} bits, or cosine similarity
     * @param dihedralThreshold default threshold with {@code --dihedral} (hashes), at {@code bits} bits
     * @param verifyRemovals    whether its fingerprint alone cannot prove a removal at a useful threshold, so that
     *                          each removal pair must also be verified geometrically (see {@code doppel.verify})
     */
    public record Entry(String name, Kind kind, int bits, double threshold, double dihedralThreshold,
                        boolean verifyRemovals) {
        /** How fingerprints of this encoder compare. */
        public EncoderSpec.Metric metric() {
            return kind == Kind.EMBEDDING ? EncoderSpec.Metric.COSINE : EncoderSpec.Metric.HAMMING;
        }
    }

    /** The encoder used when none is named: pHash, as imagededup's default. */
    public static final String DEFAULT_NAME = "phash";

    /** Every encoder, in the order the command line lists them. */
    public static final List<Entry> ENTRIES = List.of(
            new Entry("phash", Kind.PERCEPTUAL_HASH, 64, 10, 8, false),
            new Entry("dhash", Kind.PERCEPTUAL_HASH, 64, 8, 4, false),
            // aHash and wHash confuse distinct photos even at distance 0 (heavily padded or flat images): no
            // threshold alone reaches 99.5%, so their removals are verified geometrically (see BENCHMARKS.md)
            new Entry("ahash", Kind.PERCEPTUAL_HASH, 64, 10, 0, true),
            new Entry("whash", Kind.PERCEPTUAL_HASH, 64, 10, 0, true),
            new Entry("md5", Kind.DIGEST, 128, 0, 0, false),
            new Entry("sha256", Kind.DIGEST, 256, 0, 0, false),
            new Entry("cnn", Kind.EMBEDDING, 0, 0.9, 0.9, false),
            new Entry("clip", Kind.EMBEDDING, 0, 0.9, 0.9, false));

    private EncoderRegistry() {
    }

    /** The command-line names of all encoders. */
    public static List<String> names() {
        return ENTRIES.stream().map(Entry::name).toList();
    }

    /** The command-line names of the encoders of one kind. */
    public static List<String> names(Kind kind) {
        return ENTRIES.stream().filter(e -> e.kind() == kind).map(Entry::name).toList();
    }

    /** The encoder called {@code name} (case-insensitive). @throws IllegalArgumentException when there is none */
    public static Entry get(String name) {
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return ENTRIES.stream().filter(e -> e.name().equals(n)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown encoder '" + name + "' (use one of " + String.join(", ", names()) + ")"));
    }

    /** True when {@code name} is an encoder's name (case-insensitive). */
    public static boolean isKnown(String name) {
        return name != null && names().contains(name.strip().toLowerCase(Locale.ROOT));
    }

    /**
     * True when removals found with fingerprints made as {@code spec} says must each be verified geometrically
     * before they are acted on.
     */
    public static boolean removalsNeedVerification(EncoderSpec spec) {
        return isKnown(spec.name()) && get(spec.name()).verifyRemovals();
    }

    /**
     * The default threshold for fingerprints made as {@code spec} says: for perceptual hashes the entry's
     * default scaled from {@link Entry#bits()} to {@code spec.size()} bits (rounded down), the dihedral one
     * when the hashes carry rotated and flipped variants.
     */
    public static double defaultThreshold(EncoderSpec spec) {
        if (!isKnown(spec.name())) {
            return spec.metric() == EncoderSpec.Metric.COSINE ? 0.9 : 0; // an encoder of a newer version: be strict
        }
        Entry e = get(spec.name());
        if (e.kind() != Kind.PERCEPTUAL_HASH) {
            return e.threshold();
        }
        boolean dihedral = "true".equals(spec.variantParams().get("dihedral"));
        double at64 = dihedral ? e.dihedralThreshold() : e.threshold();
        return Math.floor(at64 * spec.size() / e.bits());
    }
}
