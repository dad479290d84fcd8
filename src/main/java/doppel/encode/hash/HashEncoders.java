package doppel.encode.hash;

import doppel.encode.EncoderRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Creates the hash and digest encoders by their command-line names. */
public final class HashEncoders {
    /** Every name {@link #create} accepts: the registry's perceptual hashes and digests. */
    public static final List<String> NAMES = java.util.stream.Stream.concat(
            EncoderRegistry.names(EncoderRegistry.Kind.PERCEPTUAL_HASH).stream(),
            EncoderRegistry.names(EncoderRegistry.Kind.DIGEST).stream()).toList();

    /** The JDK algorithm of each digest encoder. */
    private static final Map<String, String> DIGEST_ALGORITHMS = Map.of("md5", "MD5", "sha256", "SHA-256");
    private static final String SHA256 = DIGEST_ALGORITHMS.get("sha256");

    private HashEncoders() {
    }

    /** True when {@code name} is one of {@link #NAMES} (case-insensitive). */
    public static boolean isHashName(String name) {
        return name != null && NAMES.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Creates an encoder.
     *
     * @param name    ahash, dhash, phash, whash, md5 or sha256
     * @param options hash size, decoding mode, variants, workers, pixel limit
     * @throws IllegalArgumentException for an unknown name or an invalid hash size, with a one-line message
     */
    public static HashEncoder create(String name, HashOptions options) {
        HashOptions opts = options == null ? HashOptions.defaults() : options;
        String n = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "md5" -> HashEncoder.digest("md5", DIGEST_ALGORITHMS.get("md5"), 128, opts);
            case "sha256" -> HashEncoder.digest("sha256", SHA256, 256, opts);
            case "ahash", "dhash", "phash", "whash" -> HashEncoder.perceptual(PerceptualHash.of(n, opts.hashSize()), opts);
            default -> throw new IllegalArgumentException("unknown hash encoder '" + name + "': valid are "
                    + String.join(", ", NAMES));
        };
    }

    /**
     * For the digests (md5, sha256), starts getting the JVM's hardware digest code ready on a spare thread
     * ({@link DigestWarmup}), to be called before the files are scanned; does nothing for other names.
     *
     * @param searchOnly true when the run keeps no encodings: md5 is then never computed (see
     *                   {@link StagedDigestEncoder}), only SHA-256
     */
    public static void warmUp(String name, boolean searchOnly) {
        String algorithm = DIGEST_ALGORITHMS.get(name == null ? "" : name.strip().toLowerCase(Locale.ROOT));
        if (algorithm == null) {
            return;
        }
        // SHA-256 is always wanted (results and plans record it); a search-only run computes nothing else
        if (searchOnly || algorithm.equals(SHA256)) {
            DigestWarmup.start(DIGEST_ALGORITHMS.values(), SHA256);
        } else {
            DigestWarmup.start(DIGEST_ALGORITHMS.values(), algorithm, SHA256);
        }
    }
}
