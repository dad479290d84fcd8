package doppel.search;

import doppel.encode.BitHash;
import doppel.encode.EncodedImage;
import doppel.encode.Fingerprint;
import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Exact Hamming-distance pair search over {@link BitHash} fingerprints: returns every pair at distance
 * {@code <= threshold} (inclusive, like imagededup's {@code max_distance_threshold}), no pair missed.
 *
 * <p>Three strategies, chosen per run:
 * <ul>
 *   <li>threshold 0 (content digests, exact copies): a hash join on equal words, any bit count;</li>
 *   <li>64-bit hashes: multi-index hashing. The hash is cut into {@code m} bands with radii {@code r_b}
 *       such that {@code sum(r_b + 1) >= t + 1}; by pigeonhole any pair within {@code t} agrees on some band
 *       within that band's radius. Each band is indexed by counting sort (CSR offsets, hashes copied in
 *       band order so buckets are scanned sequentially) and joined with itself bucket by bucket: for every
 *       non-empty bucket {@code v}, every bucket {@code u >= v} within the radius is compared in full. A pair
 *       is reported only by the first band that finds it, so no hash set is needed. {@code m} and the radii
 *       come from a cost model (bucket lookups plus candidate comparisons, with {@code N/2^width} per
 *       bucket); when brute force is estimated cheaper (small N, large t) it is used instead;</li>
 *   <li>otherwise a blocked brute force (multi-word with early exit for long hashes such as 2048-bit dHash).</li>
 * </ul>
 *
 * <p>Dihedral variants: a pair's distance is the minimum over each variant (and the original) of one image
 * against the original of the other, in both directions. Variants are searched as extra queries against
 * the originals and the hits merged per pair. Memory stays linear: the index of one band at a time plus the
 * list of pairs.
 */
public final class HammingSearch implements PairSearch {
    /** Widest band indexed with a direct offsets table (2^22 ints = 16 MiB). */
    private static final int MAX_BAND_BITS = 22;
    /** Cost model, seconds per unit on one core (measured with {@code doppel.bench.SearchBench}). */
    private static final double COST_BRUTE_PAIR = 0.3e-9;
    private static final double COST_CANDIDATE = 0.8e-9;
    private static final double COST_LOOKUP = 4e-9;
    private static final double COST_BUCKET_SCAN = 1e-9;
    private static final double COST_BUILD = 15e-9;

    /** Hashes sampled to measure how unevenly a band's buckets fill. */
    private static final int SKEW_SAMPLE = 1 << 16;

    private static final int QUERY_BLOCK = 256;
    private static final int TILE = 4096;

    private final int workers;
    private final boolean forceIndex;
    private volatile String lastPlan = "none";

    /** @param workers threads to use (at least 1) */
    public HammingSearch(int workers) {
        this(workers, false);
    }

    /** @param forceIndex use multi-index hashing for 64-bit hashes even where brute force is estimated cheaper (tests) */
    HammingSearch(int workers, boolean forceIndex) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
        this.workers = workers;
        this.forceIndex = forceIndex;
    }

    /** How the last {@link #findPairs} call searched (strategy, bands and radii), for logs and benchmarks. */
    public String lastPlan() {
        return lastPlan;
    }

    @Override
    public List<Match> findPairs(List<EncodedImage> images, SearchOptions options, Progress progress) {
        Data data = Data.of(images, options.crossOnly());
        double threshold = options.threshold();
        if (Double.isNaN(threshold) || threshold < 0) {
            throw new IllegalArgumentException("Hamming distance threshold must be >= 0, not " + threshold);
        }
        if (data.n < 2) {
            lastPlan = "fewer than 2 images";
            return List.of();
        }
        int t = (int) Math.floor(Math.min(threshold, data.bits));
        List<PairBuffer> buffers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            buffers.add(new PairBuffer());
        }
        if (t == 0) {
            lastPlan = "exact hash join (threshold 0)";
            exactJoin(data, buffers.get(0), progress);
        } else {
            Plan plan = data.words == 1 ? Plan.choose(data.orig, data.n, data.nv, t, true, forceIndex) : null;
            if (plan != null) {
                lastPlan = plan.describe();
                new Mih(data, t, plan, buffers).run(progress, workers);
            } else {
                lastPlan = "blocked brute force (" + data.bits + " bits, " + data.words + " words)";
                bruteForce(data, t, buffers, 0, 1, progress);
            }
        }
        return PairBuffer.collect(buffers, data.n, false);
    }

    /**
     * Share {@code part} of {@code parts} of the search of 64-bit {@code hashes} (no variants; match indices are
     * positions in the array): the shares together report every pair within {@code threshold} exactly once, so
     * machines that each hold all the hashes can each search one share (doppel.spark's broadcast join). The
     * work is dealt out in interleaved chunks of every band's buckets (multi-index hashing) or of query blocks
     * (brute force); threshold 0 is left to share 0.
     */
    public List<Match> findPairs(long[] hashes, int threshold, int part, int parts, Progress progress) {
        if (threshold < 0 || parts < 1 || part < 0 || part >= parts) {
            throw new IllegalArgumentException("bad share " + part + " of " + parts + " at threshold " + threshold);
        }
        int n = hashes.length;
        Data data = new Data(n, 0, 64, hashes, new long[0], new int[0], new int[n], false, true);
        List<PairBuffer> buffers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            buffers.add(new PairBuffer());
        }
        int t = Math.min(threshold, 64);
        Plan plan = t == 0 || n < 2 ? null : Plan.choose(hashes, n, 0, t, true, forceIndex);
        if (plan != null) {
            lastPlan = plan.describe();
            new Mih(data, t, plan, buffers, part, parts).run(progress, workers);
        } else if (t > 0 && n >= 2) {
            lastPlan = "blocked brute force (64 bits, 1 word)";
            bruteForce(data, t, buffers, part, parts, progress);
        } else if (part == 0 && n >= 2) {
            lastPlan = "exact hash join (threshold 0)";
            exactJoin(data, buffers.get(0), progress);
        }
        return PairBuffer.collect(buffers, n, false);
    }

    /**
     * Every pair of one of {@code index} and one of {@code queries} (64-bit hashes) within {@code threshold}, each
     * once; pairs inside either array are not searched. Match {@code a} is a position in {@code index}, {@code b}
     * is {@code index.length} plus a position in {@code queries}. The queries probe the multi-index of {@code
     * index} as dihedral variants probe the originals, so a search split into shards (doppel.spark's sharded
     * index: each shard searched alone and against every later shard) costs what the whole search costs.
     */
    public List<Match> findCrossPairs(long[] index, long[] queries, int threshold, Progress progress) {
        if (threshold < 0) {
            throw new IllegalArgumentException("Hamming distance threshold must be >= 0, not " + threshold);
        }
        int n = index.length;
        int nq = queries.length;
        if (n == 0 || nq == 0) {
            lastPlan = "nothing to compare";
            return List.of();
        }
        int[] owner = new int[nq];
        for (int k = 0; k < nq; k++) {
            owner[k] = n + k;
        }
        Data data = new Data(n, nq, 64, index, queries, owner, new int[n + nq], false, false);
        List<PairBuffer> buffers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            buffers.add(new PairBuffer());
        }
        int t = Math.min(threshold, 64);
        Plan plan = Plan.choose(index, n, nq, t, false, forceIndex);
        if (plan != null) {
            lastPlan = plan.describe();
            new Mih(data, t, plan, buffers).run(progress, workers);
        } else {
            lastPlan = "blocked brute force (64 bits, 1 word)";
            bruteForce(data, t, buffers, 0, 1, progress);
        }
        return PairBuffer.collect(buffers, n + nq, false);
    }

    /** Flat copies of the hashes: originals and variants in row-major long arrays. */
    private static final class Data {
        final int n;
        final int nv;
        final int bits;
        final int words;
        final long[] orig;
        final long[] var;
        final int[] varOwner;
        final int[] dataset;
        final boolean crossOnly;
        /** False when only variants against originals are searched (a cross search), not originals among themselves. */
        final boolean selfPairs;

        private Data(int n, int nv, int bits, long[] orig, long[] var, int[] varOwner, int[] dataset, boolean crossOnly,
                     boolean selfPairs) {
            this.n = n;
            this.nv = nv;
            this.bits = bits;
            this.words = (bits + 63) / 64;
            this.orig = orig;
            this.var = var;
            this.varOwner = varOwner;
            this.dataset = dataset;
            this.crossOnly = crossOnly;
            this.selfPairs = selfPairs;
        }

        static Data of(List<EncodedImage> images, boolean crossOnly) {
            int n = images.size();
            int bits = -1;
            int nv = 0;
            for (EncodedImage img : images) {
                bits = checkHash(img, img.fingerprint(), bits);
                for (Fingerprint v : img.variants()) {
                    bits = checkHash(img, v, bits);
                }
                nv += img.variants().size();
            }
            int words = Math.max(1, (bits + 63) / 64);
            long[] orig = new long[n * words];
            long[] var = new long[nv * words];
            int[] owner = new int[nv];
            int[] dataset = new int[n];
            Map<String, Integer> datasetIds = new HashMap<>();
            int k = 0;
            for (int i = 0; i < n; i++) {
                EncodedImage img = images.get(i);
                System.arraycopy(((BitHash) img.fingerprint()).words(), 0, orig, i * words, words);
                for (Fingerprint v : img.variants()) {
                    System.arraycopy(((BitHash) v).words(), 0, var, k * words, words);
                    owner[k++] = i;
                }
                dataset[i] = datasetIds.computeIfAbsent(img.file().dataset().name(), s -> datasetIds.size());
            }
            return new Data(n, nv, Math.max(bits, 1), orig, var, owner, dataset, crossOnly, true);
        }

        private static int checkHash(EncodedImage img, Fingerprint f, int bits) {
            if (!(f instanceof BitHash h)) {
                throw new IllegalArgumentException("Hamming search needs bit hashes, but " + img.file().key()
                        + " has an embedding; compare embeddings (cnn, clip) by cosine similarity");
            }
            if (bits >= 0 && h.bits() != bits) {
                throw new IllegalArgumentException("cannot compare " + bits + "-bit and " + h.bits() + "-bit hashes ("
                        + img.file().key() + ")");
            }
            return h.bits();
        }

        /** True when a pair of these two images may be reported. */
        boolean allowed(int a, int b) {
            return a != b && (!crossOnly || dataset[a] != dataset[b]);
        }
    }

    // ---------------------------------------------------------------- threshold 0

    /** Sorts (32-bit mix of the words, entry) keys; entries with equal words share a run and are compared in full. */
    private static void exactJoin(Data d, PairBuffer out, Progress progress) {
        int total = d.n + d.nv;
        progress.start("Finding identical hashes", total);
        int w = d.words;
        long[] keys = new long[total];
        for (int e = 0; e < total; e++) {
            long[] src = e < d.n ? d.orig : d.var;
            int off = (e < d.n ? e : e - d.n) * w;
            long h = 0x9E3779B97F4A7C15L;
            for (int i = 0; i < w; i++) {
                h = Long.rotateLeft(h ^ src[off + i], 27) * 0xC2B2AE3D27D4EB4FL;
            }
            keys[e] = (h >>> 32) << 32 | e;
        }
        Arrays.sort(keys);
        int i = 0;
        while (i < total) {
            int j = i + 1;
            while (j < total && keys[j] >>> 32 == keys[i] >>> 32) {
                j++;
            }
            for (int x = i; x < j; x++) {
                int ex = (int) keys[x];
                for (int y = x + 1; y < j; y++) {
                    int ey = (int) keys[y];
                    if (ex >= d.n && ey >= d.n) {
                        continue; // two variants: neither is an original
                    }
                    int ox = ex < d.n ? ex : d.varOwner[ex - d.n];
                    int oy = ey < d.n ? ey : d.varOwner[ey - d.n];
                    if (d.allowed(ox, oy) && sameWords(d, ex, ey)) {
                        out.add(ox, oy, 0);
                    }
                }
            }
            progress.step(j - i);
            i = j;
        }
    }

    private static boolean sameWords(Data d, int ex, int ey) {
        long[] a = ex < d.n ? d.orig : d.var;
        long[] b = ey < d.n ? d.orig : d.var;
        int ao = (ex < d.n ? ex : ex - d.n) * d.words;
        int bo = (ey < d.n ? ey : ey - d.n) * d.words;
        return Arrays.equals(a, ao, ao + d.words, b, bo, bo + d.words);
    }

    // ---------------------------------------------------------------- brute force

    /**
     * Originals against later originals (triangle), then variants against all originals, in blocks of
     * queries times tiles of candidates so a tile stays in cache for the whole block.
     */
    private void bruteForce(Data d, int t, List<PairBuffer> buffers, int part, int parts, Progress progress) {
        int origBlocks = d.selfPairs ? (d.n + QUERY_BLOCK - 1) / QUERY_BLOCK : 0;
        int varBlocks = (d.nv + QUERY_BLOCK - 1) / QUERY_BLOCK;
        int mine = (origBlocks + varBlocks - part + parts - 1) / parts;
        progress.start("Comparing hashes", mine);
        Workers.run(workers, mine, (worker, share) -> {
            int chunk = part + share * parts;
            PairBuffer out = buffers.get(worker);
            boolean variants = chunk >= origBlocks;
            int q0 = (variants ? chunk - origBlocks : chunk) * QUERY_BLOCK;
            int q1 = Math.min(q0 + QUERY_BLOCK, variants ? d.nv : d.n);
            long[] qs = variants ? d.var : d.orig;
            int from = variants ? 0 : q0 + 1;
            for (int ts = from; ts < d.n; ts += TILE) {
                int te = Math.min(d.n, ts + TILE);
                for (int q = q0; q < q1; q++) {
                    int owner = variants ? d.varOwner[q] : q;
                    int js = variants ? ts : Math.max(ts, q + 1);
                    if (d.words == 1) {
                        scan64(d, qs[q], owner, js, te, t, out);
                    } else {
                        scanWords(d, qs, q * d.words, owner, js, te, t, out);
                    }
                }
            }
        }, progress);
    }

    private static void scan64(Data d, long q, int owner, int from, int to, int t, PairBuffer out) {
        long[] h = d.orig;
        for (int j = from; j < to; j++) {
            int dist = Long.bitCount(q ^ h[j]);
            if (dist <= t && d.allowed(owner, j)) {
                out.add(owner, j, dist);
            }
        }
    }

    private static void scanWords(Data d, long[] qs, int qOff, int owner, int from, int to, int t, PairBuffer out) {
        int w = d.words;
        long[] h = d.orig;
        for (int j = from; j < to; j++) {
            int base = j * w;
            int dist = 0;
            for (int k = 0; k < w && dist <= t; k++) {
                dist += Long.bitCount(qs[qOff + k] ^ h[base + k]);
            }
            if (dist <= t && d.allowed(owner, j)) {
                out.add(owner, j, dist);
            }
        }
    }

    // ---------------------------------------------------------------- multi-index hashing

    /** Band layout of a multi-index hashing run: bands from the most significant bit down. */
    record Plan(int[] widths, int[] radii, double cost, double bruteCost) {
        int bands() {
            return widths.length;
        }

        int shift(int band) {
            int used = 0;
            for (int b = 0; b <= band; b++) {
                used += widths[b];
            }
            return 64 - used;
        }

        String describe() {
            return String.format(java.util.Locale.ROOT,
                    "multi-index hashing: %d bands, widths %s, radii %s (model: %.2f s vs brute force %.2f s, one core)",
                    bands(), Arrays.toString(widths), Arrays.toString(radii), cost, bruteCost);
        }

        /**
         * The cheapest band layout for the n original hashes (plus nv variants) at threshold t, or null when
         * brute force is estimated cheaper. Candidates per band are modelled as the pairs that share a bucket
         * (estimated on a sample of the real hashes, so skewed hashes such as many near-blank images are
         * accounted for) plus a uniform {@code N/2^width} for each other bucket of the radius ball.
         *
         * @param selfPairs false when the originals are not searched among themselves (only the nv queries)
         */
        static Plan choose(long[] hashes, long n, long nv, int t, boolean selfPairs, boolean forceIndex) {
            double self = selfPairs ? 1 : 0;
            double brute = (self * n * (n - 1) / 2.0 + nv * (double) n) * COST_BRUTE_PAIR;
            if (!forceIndex && brute < 0.05) {
                return null; // not worth building any index
            }
            Plan best = null;
            int sample = (int) Math.min(n, SKEW_SAMPLE);
            int[] counts = new int[1 << MAX_BAND_BITS];
            for (int m = 3; m <= 64 / 3; m++) {
                int[] widths = new int[m];
                for (int b = 0; b < m; b++) {
                    widths[b] = 64 / m + (b < 64 % m ? 1 : 0);
                }
                if (widths[0] > MAX_BAND_BITS) {
                    continue;
                }
                int spare = Math.max(0, t + 1 - m);
                int[] radii = new int[m];
                for (int b = 0; b < m; b++) {
                    radii[b] = spare / m + (b < spare % m ? 1 : 0); // widest bands first get the extra radius
                }
                double cost = 0;
                int shift = 64;
                for (int b = 0; b < m; b++) {
                    shift -= widths[b];
                    double buckets = Math.pow(2, widths[b]);
                    double ball = ballSize(widths[b], radii[b]);
                    double perBucketT = n / buckets;
                    // same-bucket share relative to uniform hashes (1 for uniform, larger when skewed)
                    double skew = Math.max(1, sameBucketPairs(hashes, sample, shift, widths[b], counts)
                            / (sample * (sample - 1.0) / 2) * buckets);
                    cost += (n + nv) * COST_BUILD + buckets * COST_BUCKET_SCAN
                            + (self * Math.min(buckets, n) * ball / 2 + Math.min(buckets, nv) * ball) * COST_LOOKUP
                            + (self * n * perBucketT / 2 + nv * perBucketT) * (ball - 1 + skew) * COST_CANDIDATE;
                }
                if (best == null || cost < best.cost) {
                    best = new Plan(widths, radii, cost, brute);
                }
            }
            return best != null && (forceIndex || best.cost < brute) ? best : null;
        }
    }

    /** Pairs among the first {@code sample} hashes that fall into the same bucket of a band. */
    private static double sameBucketPairs(long[] hashes, int sample, int shift, int width, int[] counts) {
        int mask = (1 << width) - 1;
        double pairs = 0;
        for (int i = 0; i < sample; i++) {
            pairs += counts[(int) (hashes[i] >>> shift) & mask]++;
        }
        for (int i = 0; i < sample; i++) {
            counts[(int) (hashes[i] >>> shift) & mask] = 0;
        }
        return pairs;
    }

    /** Number of w-bit values within Hamming distance r of a given value. */
    static double ballSize(int w, int r) {
        double sum = 0;
        double c = 1;
        for (int k = 0; k <= Math.min(r, w); k++) {
            sum += c;
            c = c * (w - k) / (k + 1);
        }
        return sum;
    }

    /** One multi-index hashing run: builds and joins one band at a time. */
    private static final class Mih {
        private final Data d;
        private final int t;
        private final Plan plan;
        private final List<PairBuffer> buffers;
        private final long[] bandMask;
        private final int part;
        private final int parts;

        Mih(Data d, int t, Plan plan, List<PairBuffer> buffers) {
            this(d, t, plan, buffers, 0, 1);
        }

        /** Searches only chunks {@code part, part + parts, ...} of every band (see the public share search). */
        Mih(Data d, int t, Plan plan, List<PairBuffer> buffers, int part, int parts) {
            this.d = d;
            this.t = t;
            this.plan = plan;
            this.buffers = buffers;
            this.part = part;
            this.parts = parts;
            bandMask = new long[plan.bands()];
            for (int b = 0; b < plan.bands(); b++) {
                bandMask[b] = ((1L << plan.widths()[b]) - 1) << plan.shift(b);
            }
        }

        void run(Progress progress, int workers) {
            int m = plan.bands();
            int[] chunkCount = new int[m];
            int[] mine = new int[m];
            long total = 0;
            for (int b = 0; b < m; b++) {
                int buckets = 1 << plan.widths()[b];
                chunkCount[b] = (int) Math.min(buckets, (long) workers * parts * 64);
                mine[b] = Math.max(0, (chunkCount[b] - part + parts - 1) / parts);
                total += (long) mine[b] * ((d.selfPairs ? 1 : 0) + (d.nv > 0 ? 1 : 0));
            }
            progress.start("Searching pairs (" + m + "-band multi-index hashing)", total);
            for (int b = 0; b < m; b++) {
                int band = b;
                int width = plan.widths()[b];
                int shift = plan.shift(b);
                int[] masks = ballMasks(width, plan.radii()[b]);
                Index originals = Index.build(d.orig, null, d.n, shift, width);
                int chunks = chunkCount[b];
                int perChunk = ((1 << width) + chunks - 1) / chunks;
                if (d.selfPairs) {
                    Workers.run(workers, mine[b], (worker, i) -> {
                        int c = part + i * parts;
                        selfJoin(originals, masks, band, c * perChunk, Math.min(1 << width, (c + 1) * perChunk),
                                buffers.get(worker));
                    }, progress);
                }
                if (d.nv > 0) {
                    Index variants = Index.build(d.var, d.varOwner, d.nv, shift, width);
                    Workers.run(workers, mine[b], (worker, i) -> {
                        int c = part + i * parts;
                        crossJoin(variants, originals, masks, band, c * perChunk,
                                Math.min(1 << width, (c + 1) * perChunk), buffers.get(worker));
                    }, progress);
                }
            }
        }

        /**
         * Buckets v in [v0, v1) against every bucket u >= v within the band radius. The candidates of all
         * u > v are first gathered into one contiguous buffer, so each query of bucket v runs one long, tight
         * scan instead of hundreds of short ones.
         */
        private void selfJoin(Index ix, int[] masks, int band, int v0, int v1, PairBuffer out) {
            int[] off = ix.offsets;
            long[] h = ix.hashes;
            int[] id = ix.ids;
            Gather g = new Gather();
            for (int v = v0; v < v1; v++) {
                int sv = off[v];
                int ev = off[v + 1];
                if (sv == ev) {
                    continue;
                }
                g.size = 0;
                for (int mask : masks) {
                    int u = v ^ mask;
                    if (u > v) {
                        g.add(ix, off[u], off[u + 1]);
                    }
                }
                for (int i = sv; i < ev; i++) {
                    long q = h[i];
                    int qi = id[i];
                    for (int k = i + 1; k < ev; k++) { // same bucket: each pair once
                        check(q ^ h[k], qi, id[k], band, out);
                    }
                    scan(q, qi, g, band, out);
                }
            }
        }

        /** Variant buckets v in [v0, v1) against every original bucket within the band radius. */
        private void crossJoin(Index qx, Index tx, int[] masks, int band, int v0, int v1, PairBuffer out) {
            Gather g = new Gather();
            for (int v = v0; v < v1; v++) {
                int sv = qx.offsets[v];
                int ev = qx.offsets[v + 1];
                if (sv == ev) {
                    continue;
                }
                g.size = 0;
                for (int mask : masks) {
                    int u = v ^ mask;
                    g.add(tx, tx.offsets[u], tx.offsets[u + 1]);
                }
                for (int i = sv; i < ev; i++) {
                    scan(qx.hashes[i], qx.ids[i], g, band, out);
                }
            }
        }

        private void scan(long q, int owner, Gather g, int band, PairBuffer out) {
            long[] h = g.hashes;
            for (int k = 0, n = g.size; k < n; k++) {
                long x = q ^ h[k];
                if (Long.bitCount(x) <= t) {
                    check(x, owner, g.ids[k], band, out);
                }
            }
        }

        private void check(long xor, int a, int b, int band, PairBuffer out) {
            int dist = Long.bitCount(xor);
            if (dist <= t && firstBand(xor, band) && d.allowed(a, b)) {
                out.add(a, b, dist);
            }
        }

        /** True when no earlier band is within its radius, i.e. this band is the one that reports the pair. */
        private boolean firstBand(long xor, int band) {
            for (int b = 0; b < band; b++) {
                if (Long.bitCount(xor & bandMask[b]) <= plan.radii()[b]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** A worker's contiguous copy of the candidate buckets of one query bucket. */
    private static final class Gather {
        long[] hashes = new long[1024];
        int[] ids = new int[1024];
        int size;

        void add(Index ix, int from, int to) {
            int len = to - from;
            if (len == 0) {
                return;
            }
            if (size + len > hashes.length) {
                int grown = Math.max(size + len, hashes.length * 2);
                hashes = Arrays.copyOf(hashes, grown);
                ids = Arrays.copyOf(ids, grown);
            }
            System.arraycopy(ix.hashes, from, hashes, size, len);
            System.arraycopy(ix.ids, from, ids, size, len);
            size += len;
        }
    }

    /** All w-bit values of at most r set bits, ascending. */
    private static int[] ballMasks(int w, int r) {
        int[] out = new int[(int) ballSize(w, r)];
        int k = 0;
        for (int x = 0; x < 1 << w; x++) {
            if (Integer.bitCount(x) <= r) {
                out[k++] = x;
            }
        }
        return out;
    }

    /** One band's index: entries sorted by band value (counting sort), CSR offsets, hashes copied in that order. */
    private static final class Index {
        final int[] offsets;
        final long[] hashes;
        final int[] ids;

        private Index(int[] offsets, long[] hashes, int[] ids) {
            this.offsets = offsets;
            this.hashes = hashes;
            this.ids = ids;
        }

        /** @param owners id of each entry, or null for the identity */
        static Index build(long[] src, int[] owners, int count, int shift, int width) {
            int buckets = 1 << width;
            int valueMask = buckets - 1;
            int[] offsets = new int[buckets + 1];
            for (int i = 0; i < count; i++) {
                offsets[(int) (src[i] >>> shift) & valueMask]++;
            }
            int sum = 0;
            for (int v = 0; v < buckets; v++) {
                int c = offsets[v];
                offsets[v] = sum;
                sum += c;
            }
            offsets[buckets] = sum;
            int[] fill = Arrays.copyOf(offsets, buckets);
            long[] hashes = new long[count];
            int[] ids = new int[count];
            for (int i = 0; i < count; i++) {
                int p = fill[(int) (src[i] >>> shift) & valueMask]++;
                hashes[p] = src[i];
                ids[p] = owners == null ? i : owners[i];
            }
            return new Index(offsets, hashes, ids);
        }
    }
}
