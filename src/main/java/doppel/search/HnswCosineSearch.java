package doppel.search;

import com.github.jelmerk.hnswlib.core.DistanceFunctions;
import com.github.jelmerk.hnswlib.core.Item;
import com.github.jelmerk.hnswlib.core.SearchResult;
import com.github.jelmerk.hnswlib.core.hnsw.HnswIndex;
import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * <b>Approximate</b> cosine-similarity pair search for very large embedding sets, through an HNSW graph
 * (hierarchical navigable small world, library {@code com.github.jelmerk:hnswlib-core}). It is opt-in: the
 * exact {@link CosineSearch} stays the default, because this search <b>can miss pairs</b>:
 * <ul>
 *   <li>HNSW is approximate: a query's true nearest neighbours are found with high probability, not always
 *       (recall below 1, higher with larger {@code ef}, {@code efConstruction} and {@code M});</li>
 *   <li>each image (and each dihedral variant) asks only for its {@code k} nearest neighbours, so a pair
 *       beyond the {@code k} nearest of both images is never seen, even with a perfect graph: an image with
 *       more than {@code k} duplicates can lose some of its pairs (groups are still joined through the pairs
 *       found, when the duplicates are near each other).</li>
 * </ul>
 * What it reports is never wrong: every candidate pair is re-scored in double with the formula of
 * {@link Embedding#cosine}, as the best over the dihedral variants of either image exactly as
 * {@link CosineSearch} does, and kept only when that score is {@code >= threshold}. Hence the reported pairs are
 * a subset of the exact search's pairs, with identical scores.
 *
 * <p>How: one index over L2-normalised copies of the originals (inner-product distance, i.e. {@code 1 - cos}),
 * built on {@code workers} threads; with {@link SearchOptions#crossOnly()} one index per dataset, and each image
 * queries only the indexes of the other datasets, so same-dataset neighbours cannot crowd cross-dataset ones out
 * of its {@code k}. Cost is about {@code N log N} distance computations instead of {@code N^2}; memory is a second
 * float copy of the vectors plus the graph (about {@code 2 M} ints per image).
 *
 * <p>When it pays: only for millions of vectors. Measured with {@code doppel.bench.HnswBench} on 2 busy CPU
 * cores, 20k x 512 random vectors with the defaults: HNSW 261 s (build 198 s) against 6.4 s for the exact
 * blocked matmul, recall 1.0; random 512-d vectors are the hardest case for a graph index, and the exact
 * search's cost grows with {@code N^2}, this one's with about {@code N log N}.
 */
public final class HnswCosineSearch implements PairSearch {
    /** Graph links per node (hnswlib's default; 16 is the usual choice for 100-1000-d vectors). */
    public static final int DEFAULT_M = 16;
    /** Candidate list size while building; larger builds slower and gives a better graph. */
    public static final int DEFAULT_EF_CONSTRUCTION = 200;
    /** Candidate list size while querying (raised to {@code k} when smaller). */
    public static final int DEFAULT_EF = 100;
    /** Neighbours asked per image and per variant. */
    public static final int DEFAULT_K = 20;

    /** Queries a worker takes at once. */
    private static final int QUERY_CHUNK = 256;

    private final int workers;
    private final int k;
    private final int m;
    private final int efConstruction;
    private final int ef;

    /**
     * @param workers        threads for building and querying
     * @param k              nearest neighbours asked per image and per variant (pairs beyond them are missed)
     * @param m              HNSW links per node
     * @param efConstruction HNSW candidate list size while building
     * @param ef             HNSW candidate list size while querying (at least {@code k} is used)
     */
    public HnswCosineSearch(int workers, int k, int m, int efConstruction, int ef) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
        if (k < 1) {
            throw new IllegalArgumentException("HNSW k (neighbours per image) must be at least 1, not " + k);
        }
        if (m < 2 || efConstruction < 1 || ef < 1) {
            throw new IllegalArgumentException("HNSW parameters out of range: M " + m + " (>= 2), efConstruction "
                    + efConstruction + " and ef " + ef + " (>= 1)");
        }
        this.workers = workers;
        this.k = k;
        this.m = m;
        this.efConstruction = efConstruction;
        this.ef = ef;
    }

    /** Default graph parameters, {@code k} neighbours per image. */
    public HnswCosineSearch(int workers, int k) {
        this(workers, k, DEFAULT_M, DEFAULT_EF_CONSTRUCTION, DEFAULT_EF);
    }

    /** Neighbours asked per image and per variant. */
    public int k() {
        return k;
    }

    /** One-line description for summaries, naming it approximate. */
    public String describe() {
        return "approximate (HNSW), may miss pairs: k " + k + ", M " + m + ", efConstruction " + efConstruction
                + ", ef " + Math.max(ef, k);
    }

    @Override
    public List<Match> findPairs(List<EncodedImage> images, SearchOptions options, Progress progress) {
        double threshold = EmbeddingSet.threshold(options);
        EmbeddingSet d = EmbeddingSet.of(images, options.crossOnly());
        if (d.n < 2) {
            return List.of();
        }
        // one index per dataset when only cross-dataset pairs count, else one for all
        int groups = options.crossOnly() ? d.datasets : 1;
        List<List<Vec>> members = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            members.add(new ArrayList<>());
        }
        float[][] unit = new float[d.n][];
        for (int i = 0; i < d.n; i++) {
            unit[i] = d.unit(i);
            members.get(groups == 1 ? 0 : d.dataset[i]).add(new Vec(i, unit[i]));
        }
        List<HnswIndex<Integer, float[], Vec, Float>> indexes = new ArrayList<>();
        progress.start("Building HNSW index", d.n);
        for (List<Vec> part : members) {
            indexes.add(build(d.dim, part, progress));
        }

        // candidates: (a, b) with a < b packed in a long, per worker
        int queries = d.n + d.nv;
        int chunks = (queries + QUERY_CHUNK - 1) / QUERY_CHUNK;
        float filter = d.filter(threshold);
        List<LongList> found = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            found.add(new LongList());
        }
        int ask = Math.max(k, 1) + 1; // an original finds itself first
        progress.start("Querying HNSW index", chunks);
        Workers.run(workers, chunks, (worker, c) -> {
            LongList out = found.get(worker);
            for (int q = c * QUERY_CHUNK; q < Math.min(queries, (c + 1) * QUERY_CHUNK); q++) {
                int owner = d.owner(q);
                float[] v = q < d.n ? unit[q] : d.unit(q);
                for (int g = 0; g < groups; g++) {
                    if (groups > 1 && g == d.dataset[owner]) {
                        continue;
                    }
                    for (SearchResult<Vec, Float> r : indexes.get(g).findNearest(v, ask)) {
                        int j = r.item().id();
                        if (j != owner && 1 - r.distance() >= filter && d.allowed(owner, j)) {
                            out.add((long) Math.min(owner, j) << 32 | Math.max(owner, j));
                        }
                    }
                }
            }
        }, progress);

        long[] pairs = LongList.distinct(found);
        List<PairBuffer> buffers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            buffers.add(new PairBuffer());
        }
        int scoreChunks = (pairs.length + QUERY_CHUNK - 1) / QUERY_CHUNK;
        progress.start("Re-scoring HNSW candidates", scoreChunks);
        Workers.run(workers, scoreChunks, (worker, c) -> {
            for (int p = c * QUERY_CHUNK; p < Math.min(pairs.length, (c + 1) * QUERY_CHUNK); p++) {
                int a = (int) (pairs[p] >>> 32);
                int b = (int) pairs[p];
                double s = d.bestScore(a, b);
                if (s >= threshold) {
                    buffers.get(worker).add(a, b, s);
                }
            }
        }, progress);
        return PairBuffer.collect(buffers, d.n, true);
    }

    private HnswIndex<Integer, float[], Vec, Float> build(int dim, List<Vec> part, Progress progress) {
        HnswIndex<Integer, float[], Vec, Float> index = HnswIndex
                .newBuilder(dim, DistanceFunctions.FLOAT_INNER_PRODUCT, Math.max(1, part.size()))
                .withM(m).withEfConstruction(efConstruction).withEf(Math.max(ef, k + 1)).build();
        int[] reported = {0};
        try {
            index.addAll(part, workers, (done, max) -> {
                synchronized (reported) {
                    progress.step(done - reported[0]);
                    reported[0] = done;
                }
            }, 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("HNSW index build interrupted", e);
        }
        progress.step(part.size() - reported[0]);
        return index;
    }

    /** An index entry: image number and its L2-normalised vector. */
    private record Vec(Integer id, float[] vector) implements Item<Integer, float[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public int dimensions() {
            return vector.length;
        }
    }

    /** Growable list of packed pairs. */
    private static final class LongList {
        private long[] values = new long[256];
        private int size;

        void add(long v) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = v;
        }

        /** All values of all lists, sorted, each once. */
        static long[] distinct(List<LongList> lists) {
            long total = 0;
            for (LongList l : lists) {
                total += l.size;
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("too many candidate pairs (" + total + "); lower --hnsw-k");
            }
            long[] all = new long[(int) total];
            int at = 0;
            for (LongList l : lists) {
                System.arraycopy(l.values, 0, all, at, l.size);
                at += l.size;
                l.values = null;
            }
            Arrays.sort(all);
            int w = 0;
            for (int i = 0; i < all.length; i++) {
                if (i == 0 || all[i] != all[i - 1]) {
                    all[w++] = all[i];
                }
            }
            return Arrays.copyOf(all, w);
        }
    }
}
