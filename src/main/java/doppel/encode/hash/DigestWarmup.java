package doppel.encode.hash;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets the JVM's hardware digest code ready before the files are read.
 *
 * <p>The JDK computes MD5 and SHA-256 with CPU instructions (SHA-NI) only once the JIT's optimising compiler has
 * compiled the digest's update path; until then every block runs as interpreted Java, 3-8x slower. A run reads
 * the candidates of an exact search in 64 KiB updates, too few calls for the compiler to pick the update path
 * early, and in a short run its queue is full of start-up work: measured with JFR on 8,354 files (108 MB of
 * candidates), up to 0.9 CPU-s went to interpreted SHA-256. Calling the update path often on a spare core while
 * the datasets are scanned (single-threaded) has it compiled by the time the digests start.
 */
public final class DigestWarmup {
    /** Update calls made: enough for the optimising compiler's call-count threshold (HotSpot: 5,000-15,000). */
    private static final int CALLS = 20_000;
    /**
     * The longest update: lengths cycle through 1 to this, so that the compiled code has seen both the block loop
     * and the partial blocks of real files (a narrower profile is compiled, thrown away at the first file, and
     * compiled again); about 2.6 MB in all.
     */
    private static final int MAX_LENGTH = 257;
    /** Updates per digest, so that the finishing code (padding) is compiled too. */
    private static final int PER_DIGEST = 64;
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    private DigestWarmup() {
    }

    /**
     * Starts warming {@code algorithms} on a background daemon thread, once per algorithm and JVM; returns at once.
     * An algorithm the runtime lacks is left to fail where it is used, with its own message.
     *
     * @param used every digest algorithm the run may create, warmed or not: each is created before the warm-up, as
     *             the compiled update path is thrown away when another digest class loads after it was compiled
     *             (the compiler had taken the one digest class loaded for the only one). An md5 search creates an
     *             MD5 digest (to check it exists) but computes only SHA-256: before, that MD5 loaded after the
     *             warm-up and the run's digests ran uncompiled until the update path was compiled again.
     */
    public static void start(Collection<String> used, String... algorithms) {
        for (String algorithm : algorithms) {
            if (!STARTED.add(algorithm)) {
                continue;
            }
            Thread t = new Thread(() -> {
                used.forEach(DigestWarmup::load);
                warm(algorithm);
            }, "doppel-warmup-" + algorithm);
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY);
            t.start();
        }
    }

    private static void load(String algorithm) {
        try {
            MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            // reported by the encoder that needs it
        }
    }

    private static void warm(String algorithm) {
        try {
            MessageDigest md = MessageDigest.getInstance(algorithm);
            byte[] bytes = new byte[MAX_LENGTH];
            for (int i = 0; i < CALLS; i++) {
                md.update(bytes, 0, 1 + i % MAX_LENGTH);
                if (i % PER_DIGEST == PER_DIGEST - 1) {
                    md.digest();
                }
            }
        } catch (NoSuchAlgorithmException e) {
            // reported by the encoder that needs it
        }
    }
}
