package doppel.spark;

import java.io.Serializable;
import java.util.function.LongConsumer;

/**
 * How an exact Hamming search within {@code threshold} is cut into equi-joins (multi-index hashing).
 *
 * <p>The {@code bits} of a hash are split into {@code bands} contiguous bands. If two hashes differ in at most
 * {@code t} bits, at least one band differs in at most {@code radius = floor(t / bands)} bits (pigeonhole: if
 * every band differed in {@code radius + 1} or more, the total would be at least
 * {@code bands * (floor(t / bands) + 1) > t}). With {@code bands = t + 1} the radius is 0 and each band is a
 * plain equi-join on the band value; with fewer, wider bands one side of the join is expanded to all band
 * values within the radius, which trades more rows for far fewer chance collisions. {@link #choose} picks the
 * split with the least estimated time for uniformly distributed hashes ({@link #estimatedSeconds}).
 *
 * <p>A pair is verified on its full distance and kept only from the lowest band on which the two hashes are
 * within the radius, so each pair comes out exactly once without a distinct() shuffle.
 */
public final class Banding implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Refuse plans whose expansion exceeds this many keys per hash and band. */
    static final long MAX_EXPANSION = 1_000_000;
    /**
     * Seconds per join-input row and per verified candidate on local[2], measured with SparkBench. Shuffled
     * (sort-merge) join, 1M hashes at t=4: 3 bands radius 1 (7.0e7 rows, 1.3e7 candidates) took 111 s and
     * 5 bands radius 0 (5.0e6 rows, 3.7e8 candidates) 37 s, giving 1.56 us per row and 0.079 us per
     * candidate. Broadcast join (the exact side under Spark's 10 MB threshold), 100k at t=10: 4 bands
     * radius 2 (5.5e7 rows, 4.2e7 candidates) 40 s and 6 bands radius 1 (7.6e6 rows, 2.2e8 candidates)
     * 143 s, giving 0.18 us per row and 0.63 us per candidate.
     */
    static final double SHUFFLE_ROW = 1.56e-6;
    static final double SHUFFLE_CANDIDATE = 0.079e-6;
    static final double BROADCAST_ROW = 0.18e-6;
    static final double BROADCAST_CANDIDATE = 0.63e-6;
    /**
     * Bytes per hash in Spark's size estimate of the exact side (it scales the cached input, whatever the
     * number of bands), and Spark's default broadcast threshold: below it Spark broadcasts instead of shuffling.
     */
    static final long ROW_BYTES = 28;
    static final long BROADCAST_LIMIT = 10L << 20;

    private final int bits;
    private final int threshold;
    private final int bands;
    private final int radius;
    private final int[] start;
    private final int[] width;

    /**
     * A split into {@code bands} bands.
     *
     * @throws IllegalArgumentException when a band would be wider than 64 bits or empty
     */
    public Banding(int bits, int threshold, int bands) {
        if (bits <= 0 || threshold < 0 || bands <= 0 || bands > bits) {
            throw new IllegalArgumentException("cannot split " + bits + " bits into " + bands + " bands");
        }
        this.bits = bits;
        this.threshold = threshold;
        this.bands = bands;
        this.radius = threshold / bands;
        this.start = new int[bands];
        this.width = new int[bands];
        for (int j = 0; j < bands; j++) {
            start[j] = (int) ((long) j * bits / bands);
            width[j] = (int) ((long) (j + 1) * bits / bands) - start[j];
            if (width[j] > 64) {
                throw new IllegalArgumentException(bits + " bits in " + bands + " bands makes bands over 64 bits; use more bands");
            }
        }
    }

    /**
     * The split with the least estimated work for {@code n} uniformly random hashes, or {@code forcedBands}
     * when positive.
     *
     * @throws IllegalArgumentException when no split is feasible (threshold too large for the hash size)
     */
    public static Banding choose(int bits, int threshold, long n, int forcedBands) {
        if (threshold >= bits) {
            throw new IllegalArgumentException("threshold " + threshold + " matches every pair of " + bits
                    + "-bit hashes; use a smaller threshold");
        }
        if (forcedBands > 0) {
            Banding b = new Banding(bits, threshold, forcedBands);
            b.checkExpansion();
            return b;
        }
        int minBands = Math.max(1, (bits + 63) / 64);
        int maxBands = Math.min(bits, Math.max(threshold + 1, minBands));
        Banding best = null;
        double bestCost = Double.MAX_VALUE;
        for (int m = minBands; m <= maxBands; m++) {
            Banding b = new Banding(bits, threshold, m);
            if (b.expansion() > MAX_EXPANSION * m) {
                continue;
            }
            double c = b.estimatedSeconds(n);
            if (c < bestCost) {
                bestCost = c;
                best = b;
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("threshold " + threshold + " is too large for an exact banded search on "
                    + bits + "-bit hashes");
        }
        return best;
    }

    private void checkExpansion() {
        if (expansion() > MAX_EXPANSION * bands) {
            throw new IllegalArgumentException(bands + " bands at threshold " + threshold + " expand each hash to "
                    + expansion() + " keys; use more bands");
        }
    }

    /** Keys emitted per hash on the expanded side, summed over the bands. */
    public long expansion() {
        long e = 0;
        for (int j = 0; j < bands; j++) {
            e += ballSize(width[j], radius);
        }
        return e;
    }

    /** Estimated join input rows for {@code n} hashes: the exact side plus the expanded side. */
    public double estimatedRows(long n) {
        return radius == 0 ? (double) n * bands : (double) n * (bands + expansion());
    }

    /** Estimated candidate pairs (join output) for {@code n} uniformly random hashes. */
    public double estimatedCandidates(long n) {
        double c = 0;
        for (int j = 0; j < bands; j++) {
            c += (double) n * ballSize(width[j], radius) * (n / Math.pow(2, width[j])) / 2;
        }
        return c;
    }

    /** Estimated seconds on two cores for {@code n} uniformly random hashes (the cost model of {@link #choose}). */
    public double estimatedSeconds(long n) {
        boolean broadcast = n * ROW_BYTES < BROADCAST_LIMIT;
        return estimatedRows(n) * (broadcast ? BROADCAST_ROW : SHUFFLE_ROW)
                + estimatedCandidates(n) * (broadcast ? BROADCAST_CANDIDATE : SHUFFLE_CANDIDATE);
    }

    /** Number of w-bit values within Hamming distance r of a given one. */
    static long ballSize(int w, int r) {
        long total = 0;
        long binom = 1;
        for (int i = 0; i <= Math.min(r, w); i++) {
            total += binom;
            binom = binom * (w - i) / (i + 1);
        }
        return total;
    }

    public int bits() {
        return bits;
    }

    public int threshold() {
        return threshold;
    }

    public int bands() {
        return bands;
    }

    /** Largest band distance that can still lead to a pair within the threshold. */
    public int radius() {
        return radius;
    }

    /** The value of band {@code j}: its bits, right-aligned. */
    public long key(long[] words, int j) {
        int s = start[j];
        int w = width[j];
        int word = s >>> 6;
        int off = s & 63;
        long top = words[word] << off;
        if (off + w > 64) {
            top |= words[word + 1] >>> (64 - off);
        }
        return top >>> (64 - w);
    }

    /** Emits every value within {@link #radius()} of band {@code j}'s value {@code key} (itself included). */
    public void neighbours(long key, int j, LongConsumer out) {
        flip(key, width[j], 0, radius, out);
    }

    private static void flip(long key, int w, int from, int left, LongConsumer out) {
        out.accept(key);
        if (left == 0) {
            return;
        }
        for (int i = from; i < w; i++) {
            flip(key ^ (1L << i), w, i + 1, left - 1, out);
        }
    }

    /** Full Hamming distance of two hashes of {@link #bits()} bits. */
    public static int distance(long[] a, long[] b) {
        int d = 0;
        for (int i = 0; i < a.length; i++) {
            d += Long.bitCount(a[i] ^ b[i]);
        }
        return d;
    }

    /** The lowest band on which the two hashes differ in at most {@link #radius()} bits, or -1. */
    public int firstBandWithin(long[] a, long[] b) {
        for (int j = 0; j < bands; j++) {
            if (Long.bitCount(key(a, j) ^ key(b, j)) <= radius) {
                return j;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return bands + " bands of " + width[0] + (width[bands - 1] != width[0] ? "-" + width[bands - 1] : "")
                + " bits, radius " + radius;
    }
}
