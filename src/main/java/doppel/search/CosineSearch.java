package doppel.search;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import doppel.encode.Embedding;
import doppel.encode.EncodedImage;
import doppel.io.NativeLoad;
import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Exact cosine-similarity pair search over {@link Embedding} fingerprints: every pair with similarity
 * {@code >= threshold} (inclusive, like imagededup's {@code min_similarity_threshold}). It is a blocked
 * matrix product of L2-normalised copies that never holds the N x N matrix: blocks of queries times
 * tiles of candidates, keeping only the entries above the threshold.
 *
 * <p>Exactness: the float product only filters, at {@code threshold - margin} (margin above the float
 * rounding error of a dot product of unit vectors); every candidate is then re-scored in double with the
 * same formula as {@link Embedding#cosine}, and that double decides and is reported. Both backends therefore
 * return identical pairs and scores, ties exactly at the threshold included.
 *
 * <p>Backends: {@link Backend#JAVA}, a plain-Java kernel (queries times a transposed candidate tile, written
 * as independent multiply-adds so the JIT vectorises it), multi-threaded; {@link Backend#DJL}, PyTorch
 * {@code matMul} through DJL on a given device (this is what runs on a GPU); {@link Backend#AUTO} times both
 * on a sample and keeps the faster (small jobs use Java, which needs no engine start).
 *
 * <p>Scale: cost is quadratic, about {@code N^2 * d} multiply-adds. On 2 CPU cores 100k x 512 takes tens of
 * seconds to minutes (see {@code doppel.bench.SearchBench}); beyond a few million vectors an approximate index
 * (HNSW, IVF) would be needed, which this exact search deliberately does not do.
 */
public final class CosineSearch implements PairSearch {
    /** How the similarity matrix blocks are computed. */
    public enum Backend {
        /** Plain-Java kernel on {@code workers} threads. */
        JAVA,
        /** DJL/PyTorch matrix multiplication on the configured device. */
        DJL,
        /** The faster of the two, measured on a sample of the data (DJL always on a GPU). */
        AUTO
    }

    /** Candidates per tile of the Java kernel. */
    private static final int TILE = CosineKernel.TILE;
    /** Queries a Java worker takes at once (they share each candidate tile while it is in cache). */
    private static final int QUERY_CHUNK = 64;
    /** Rows per DJL matmul block; 1024 x 16384 floats of scores = 64 MiB. */
    private static final int DJL_ROWS = 1024;
    private static final int DJL_COLS = 16384;
    /** Below this many multiply-adds the Java kernel is used without measuring (no engine start). */
    private static final double AUTO_MIN_WORK = 2e10;
    private static final int CALIBRATION_VECTORS = 4096;

    private final int workers;
    private final Backend backend;
    private final Device device;
    private volatile String lastBackend = "none";

    /**
     * @param workers threads of the Java kernel (and the double re-check)
     * @param backend which kernel computes the blocks
     * @param device  DJL device for {@link Backend#DJL} and {@link Backend#AUTO} (CPU or GPU)
     */
    public CosineSearch(int workers, Backend backend, Device device) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, not " + workers);
        }
        this.workers = workers;
        this.backend = backend;
        this.device = device == null ? Device.cpu() : device;
    }

    /** Plain-Java backend on {@code workers} threads. */
    public CosineSearch(int workers) {
        this(workers, Backend.JAVA, Device.cpu());
    }

    /** Which backend the last {@link #findPairs} call used, and why. */
    public String lastBackend() {
        return lastBackend;
    }

    @Override
    public List<Match> findPairs(List<EncodedImage> images, SearchOptions options, Progress progress) {
        double threshold = EmbeddingSet.threshold(options);
        EmbeddingSet data = EmbeddingSet.of(images, options.crossOnly());
        if (data.n < 2) {
            lastBackend = "fewer than 2 images";
            return List.of();
        }
        Backend chosen = resolve(data, threshold);
        List<PairBuffer> buffers = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            buffers.add(new PairBuffer());
        }
        if (chosen == Backend.DJL) {
            new DjlKernel(data, threshold, device).run(buffers.get(0), progress);
        } else {
            new JavaKernel(data, threshold, workers).run(buffers, progress);
        }
        return PairBuffer.collect(buffers, data.n, true);
    }

    private Backend resolve(EmbeddingSet data, double threshold) {
        if (backend != Backend.AUTO) {
            lastBackend = backend.name().toLowerCase(Locale.ROOT) + (backend == Backend.DJL ? " on " + device : "");
            return backend;
        }
        if (device.isGpu()) {
            lastBackend = "djl on " + device + " (auto: GPU)";
            return Backend.DJL;
        }
        double work = ((double) data.n * data.n / 2 + (double) data.nv * data.n) * data.dim;
        if (work < AUTO_MIN_WORK) {
            lastBackend = "java (auto: small job)";
            return Backend.JAVA;
        }
        try {
            EmbeddingSet sample = data.head(CALIBRATION_VECTORS);
            PairBuffer sink = new PairBuffer();
            new DjlKernel(sample, threshold, device).run(sink, Progress.NONE); // engine start and warm-up
            long t0 = System.nanoTime();
            new DjlKernel(sample, threshold, device).run(sink, Progress.NONE);
            long djl = System.nanoTime() - t0;
            List<PairBuffer> sinks = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                sinks.add(new PairBuffer());
            }
            new JavaKernel(sample, threshold, workers).run(sinks, Progress.NONE);
            t0 = System.nanoTime();
            new JavaKernel(sample, threshold, workers).run(sinks, Progress.NONE);
            long java = System.nanoTime() - t0;
            Backend pick = djl < java ? Backend.DJL : Backend.JAVA;
            lastBackend = String.format(Locale.ROOT, "%s (auto: sample of %d took java %.1f ms, djl %.1f ms)",
                    pick.name().toLowerCase(Locale.ROOT), sample.n, java / 1e6, djl / 1e6);
            return pick;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            lastBackend = "java (auto: DJL unavailable: " + e.getMessage() + ")";
            return Backend.JAVA;
        }
    }

    /**
     * Plain-Java kernel. Candidates are stored as transposed tiles ({@code dim} rows of TILE floats), so a block
     * of four queries updates four rows of TILE scores with {@link CosineKernel#block}.
     */
    private static final class JavaKernel {
        private final EmbeddingSet d;
        private final double threshold;
        private final int workers;
        private final float[][][] tiles;

        JavaKernel(EmbeddingSet d, double threshold, int workers) {
            this.d = d;
            this.threshold = threshold;
            this.workers = workers;
            tiles = new float[(d.n + TILE - 1) / TILE][][];
            for (int t = 0; t < tiles.length; t++) {
                float[][] tile = new float[d.dim][TILE];
                for (int c = 0; c < TILE && t * TILE + c < d.n; c++) {
                    float[] v = d.unit(t * TILE + c);
                    for (int k = 0; k < d.dim; k++) {
                        tile[k][c] = v[k];
                    }
                }
                tiles[t] = tile;
            }
        }

        void run(List<PairBuffer> buffers, Progress progress) {
            int queries = d.n + d.nv;
            // chunks never mix originals (triangle only) with variants (all candidates)
            int origChunks = (d.n + QUERY_CHUNK - 1) / QUERY_CHUNK;
            int chunks = origChunks + (d.nv + QUERY_CHUNK - 1) / QUERY_CHUNK;
            progress.start("Comparing embeddings (java)", chunks);
            float filter = d.filter(threshold);
            Workers.run(workers, chunks, (worker, c) -> {
                int q0 = c < origChunks ? c * QUERY_CHUNK : d.n + (c - origChunks) * QUERY_CHUNK;
                int q1 = Math.min(c < origChunks ? d.n : queries, q0 + QUERY_CHUNK);
                float[][] q = new float[q1 - q0][];
                for (int i = q0; i < q1; i++) {
                    q[i - q0] = d.unit(i);
                }
                float[][] acc = new float[4][TILE];
                // originals only need later candidates (the triangle); variants need all of them
                int firstTile = q0 < d.n ? (q0 + 1) / TILE : 0;
                for (int t = firstTile; t < tiles.length; t++) {
                    for (int g = q0; g < q1; g += 4) {
                        int rows = Math.min(4, q1 - g);
                        CosineKernel.block(q, g - q0, rows, tiles[t], acc);
                        for (int r = 0; r < rows; r++) {
                            int qi = g + r;
                            int cFrom = qi < d.n ? Math.max(0, qi + 1 - t * TILE) : 0;
                            int cTo = Math.min(TILE, d.n - t * TILE);
                            float[] a = acc[r];
                            for (int cc = cFrom; cc < cTo; cc++) {
                                if (a[cc] >= filter) {
                                    d.confirm(qi, t * TILE + cc, threshold, buffers.get(worker));
                                }
                            }
                        }
                    }
                }
            }, progress);
        }
    }

    /** DJL kernel: blocks of at most {@value #DJL_ROWS} query rows times column chunks of the candidates. */
    private static final class DjlKernel {
        private final EmbeddingSet d;
        private final double threshold;
        private final Device device;

        DjlKernel(EmbeddingSet d, double threshold, Device device) {
            this.d = d;
            this.threshold = threshold;
            this.device = device;
        }

        void run(PairBuffer out, Progress progress) {
            int queries = d.n + d.nv;
            int blocks = (queries + DJL_ROWS - 1) / DJL_ROWS;
            progress.start("Comparing embeddings (djl, " + device + ")", blocks);
            float filter = d.filter(threshold);
            NativeLoad.announce();
            Engine engine = Engine.getEngine("PyTorch");
            try (NDManager root = engine.newBaseManager(device)) {
                List<NDArray> chunks = new ArrayList<>();
                for (int c0 = 0; c0 < d.n; c0 += DJL_COLS) {
                    int c1 = Math.min(d.n, c0 + DJL_COLS);
                    chunks.add(root.create(rows(c0, c1), new Shape(c1 - c0, d.dim)).transpose());
                }
                for (int b = 0; b < blocks; b++) {
                    int q0 = b * DJL_ROWS;
                    int q1 = Math.min(queries, q0 + DJL_ROWS);
                    try (NDManager sub = root.newSubManager()) {
                        NDArray q = sub.create(rows(q0, q1), new Shape(q1 - q0, d.dim));
                        for (int c = 0; c < chunks.size(); c++) {
                            int c0 = c * DJL_COLS;
                            int c1 = Math.min(d.n, c0 + DJL_COLS);
                            if (q1 <= d.n && c1 <= q0 + 1) {
                                continue; // whole chunk before the triangle of these originals
                            }
                            try (NDArray scores = q.matMul(chunks.get(c));
                                 NDArray mask = scores.gte(filter);
                                 NDArray hits = mask.nonzero()) {
                                long[] rc = hits.toLongArray();
                                for (int h = 0; h < rc.length; h += 2) {
                                    int qi = q0 + (int) rc[h];
                                    int j = c0 + (int) rc[h + 1];
                                    if (qi >= d.n || j > qi) {
                                        d.confirm(qi, j, threshold, out);
                                    }
                                }
                            }
                        }
                    }
                    progress.step(1);
                }
            }
        }

        /** Normalised rows [from, to) of the queries (originals, then variants) as one flat array. */
        private float[] rows(int from, int to) {
            float[] flat = new float[(to - from) * d.dim];
            for (int i = from; i < to; i++) {
                System.arraycopy(d.unit(i), 0, flat, (i - from) * d.dim, d.dim);
            }
            return flat;
        }
    }
}
