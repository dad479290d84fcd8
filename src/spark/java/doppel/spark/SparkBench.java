package doppel.spark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;

/**
 * Spark throughput on this machine: encode (images/s) and the banded Hamming join on synthetic hashes, for
 * each master given. Prints one line per measurement: wall time, candidates per true pair, shuffle bytes.
 *
 * <pre>
 * java ... doppel.spark.SparkBench --masters local[1],local[2] --photos ../shared/photos --copies 3 \
 *     --join 1000000:4,100000:10
 * java ... doppel.spark.SparkBench --masters local[2] --copies 0 --join none --cosine 20000:512
 * </pre>
 * The cosine run also times the CLI's {@code CosineSearch} (Java kernel, as many threads as the master's cores)
 * on the same vectors and checks that both find the same number of pairs.
 */
public final class SparkBench {
    private SparkBench() {
    }

    /** Arguments: --masters M1,M2 --photos DIR --copies K --join N:T,N:T|none [--bands B] [--cosine N:DIM,...]. */
    public static void main(String[] args) throws Exception {
        List<String> masters = List.of("local[1]", "local[2]");
        Path photos = Path.of("../shared/photos");
        int copies = 3;
        List<long[]> joins = new ArrayList<>(List.of(new long[] {1_000_000, 4}, new long[] {100_000, 10}));
        int bands = 0;
        List<int[]> cosines = new ArrayList<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--masters" -> masters = List.of(args[i + 1].split(","));
                case "--photos" -> photos = Path.of(args[i + 1]);
                case "--copies" -> copies = Integer.parseInt(args[i + 1]);
                case "--bands" -> bands = Integer.parseInt(args[i + 1]);
                case "--cosine" -> {
                    for (String nd : args[i + 1].split(",")) {
                        String[] f = nd.split(":");
                        cosines.add(new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])});
                    }
                }
                case "--join" -> {
                    joins.clear();
                    for (String nt : args[i + 1].equals("none") ? new String[0] : args[i + 1].split(",")) {
                        String[] f = nt.split(":");
                        joins.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
                    }
                }
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        for (String master : masters) {
            SparkSession spark = LocalSpark.session(master, 16);
            ShuffleMeter meter = new ShuffleMeter();
            spark.sparkContext().addSparkListener(meter);
            if (copies > 0 && Files.isDirectory(photos)) {
                encode(spark, master, photos, copies, meter);
            }
            for (long[] nt : joins) {
                join(spark, master, nt[0], (int) nt[1], bands, meter);
            }
            for (int[] nd : cosines) {
                cosine(spark, master, nd[0], nd[1], bands);
            }
            spark.stop();
        }
    }

    private static void encode(SparkSession spark, String master, Path photos, int copies, ShuffleMeter meter) throws Exception {
        List<SparkEncode.Input> inputs = new ArrayList<>();
        for (int c = 0; c < copies; c++) {
            inputs.add(new SparkEncode.Input("copy" + c, photos.toString()));
        }
        Path out = Files.createTempDirectory("doppel-spark-bench");
        EncoderFactory phash = new HashEncoderFactory("phash", "8", false, false, 0);
        // warm-up: JIT and the decoders' first use
        SparkEncode.encodeToParquet(spark, inputs.subList(0, 1), phash, new SparkEncode.Options(4, Long.MAX_VALUE, true),
                out.resolve("warm").toString());
        meter.reset();
        long t0 = System.nanoTime();
        SparkEncode.Summary s = SparkEncode.encodeToParquet(spark, inputs, phash,
                new SparkEncode.Options(8, Long.MAX_VALUE, true), out.resolve("enc").toString());
        double sec = (System.nanoTime() - t0) / 1e9;
        System.out.printf("encode %-9s phash %d images in %.1f s = %.1f images/s%n", master, s.encoded() + s.skipped(),
                sec, (s.encoded() + s.skipped()) / sec);
        SparkEncode.deleteQuietly(out);
    }

    private static void join(SparkSession spark, String master, long n, int t, int bands, ShuffleMeter meter)
            throws java.util.concurrent.TimeoutException {
        Dataset<Row> hashes = SyntheticHashes.generate(spark, n, 7, 10, Math.max(1, t + 2), 1,
                spark.sparkContext().defaultParallelism() * 4).cache();
        hashes.count();
        Banding banding = Banding.choose(64, t, n, bands);
        LongAccumulator candidates = spark.sparkContext().longAccumulator();
        meter.reset();
        long t0 = System.nanoTime();
        long pairs = SparkFind.hammingPairs(hashes, banding, false, false, candidates).count();
        double sec = (System.nanoTime() - t0) / 1e9;
        // task-end events arrive asynchronously; Scala's private[spark] is public in the bytecode
        spark.sparkContext().listenerBus().waitUntilEmpty();
        System.out.printf("join   %-9s n=%,d t=%d %s: %,d pairs, %,d candidates (%.1f per pair; model %.3g rows + %.3g"
                        + " candidates), shuffle write %.1f MB, %.1f s = %,.0f hashes/s%n",
                master, n, t, banding, pairs, candidates.value(), candidates.value() / (double) Math.max(1, pairs),
                banding.estimatedRows(n), banding.estimatedCandidates(n), meter.shuffleWrite.get() / 1e6, sec, n / sec);
        hashes.unpersist();
    }

    /**
     * The cosine join on n random Gaussian vectors, every 10th a noisy copy of the previous one (similarity
     * about 0.95-0.99), at threshold 0.9; then the CLI's CosineSearch on the same vectors.
     */
    private static void cosine(SparkSession spark, String master, int n, int dim, int block) {
        java.util.Random rnd = new java.util.Random(11);
        List<Row> rows = new ArrayList<>(n);
        List<doppel.encode.EncodedImage> images = new ArrayList<>(n);
        doppel.dataset.Dataset ds = new doppel.dataset.Dataset("bench", Path.of("/bench"));
        float[] prev = null;
        for (int i = 0; i < n; i++) {
            float[] v = new float[dim];
            for (int k = 0; k < dim; k++) {
                v[k] = (float) (i % 10 == 9 ? prev[k] + 0.15 * rnd.nextGaussian() : rnd.nextGaussian());
            }
            prev = v;
            rows.add(org.apache.spark.sql.RowFactory.create((long) i, 0, SparkEncode.boxed(v)));
            images.add(new doppel.encode.EncodedImage(new doppel.dataset.ImageFile(ds, i + ".jpg", 1, 1),
                    doppel.encode.Embedding.of(v), List.of(), 1, 1));
        }
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType()
                .add("id", org.apache.spark.sql.types.DataTypes.LongType, false)
                .add("ds", org.apache.spark.sql.types.DataTypes.IntegerType, false)
                .add("vector", org.apache.spark.sql.types.DataTypes.createArrayType(
                        org.apache.spark.sql.types.DataTypes.FloatType, false), false);
        Dataset<Row> vectors = spark.createDataFrame(rows, schema).repartition(spark.sparkContext().defaultParallelism())
                .cache();
        vectors.count();
        int blockSize = block > 0 ? block : SparkFind.COSINE_BLOCK;
        LongAccumulator candidates = spark.sparkContext().longAccumulator();
        long t0 = System.nanoTime();
        long pairs = SparkFind.cosinePairs(vectors, 0.9, false, blockSize, candidates).count();
        double sec = (System.nanoTime() - t0) / 1e9;
        int threads = spark.sparkContext().defaultParallelism();
        long t1 = System.nanoTime();
        int cliPairs = new doppel.search.CosineSearch(threads).findPairs(images,
                new doppel.search.SearchOptions(0.9, false), doppel.progress.Progress.NONE).size();
        double cliSec = (System.nanoTime() - t1) / 1e9;
        System.out.printf("cosine %-9s n=%,d dim=%d block=%d: %,d pairs (%,d re-scored), %.1f s = %.2f G mult-adds/s;"
                        + " CLI CosineSearch(%d threads): %,d pairs, %.1f s%n", master, n, dim, blockSize, pairs,
                candidates.value(), sec, (double) n * n / 2 * dim / sec / 1e9, threads, cliPairs, cliSec);
        vectors.unpersist();
    }

    /** Sums shuffle bytes written by finished tasks. */
    static final class ShuffleMeter extends SparkListener {
        final AtomicLong shuffleWrite = new AtomicLong();

        void reset() {
            shuffleWrite.set(0);
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                shuffleWrite.addAndGet(end.taskMetrics().shuffleWriteMetrics().bytesWritten());
            }
        }
    }
}
