package doppel.spark;

import doppel.progress.Progress;
import doppel.search.HammingSearch;
import doppel.search.Match;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import static org.apache.spark.sql.functions.col;

/**
 * Exact Hamming pairs of 64-bit hashes without broadcasting the index: the distinct values are split into
 * {@code K} shards, and task {@code (i, j)}, {@code i <= j}, runs the CLI's multi-index search of shard {@code i}
 * alone ({@code i == j}, {@link HammingSearch#findPairs(long[], int, int, int, Progress)}) or of shard {@code j}'s
 * values against shard {@code i}'s index ({@link HammingSearch#findCrossPairs}). Every pair of distinct values lies
 * in exactly one task, so each comes out once. A task holds two shards ({@code 2N/K} values) instead of all of
 * them; the {@code K(K+1)/2} tasks together compare what one search of all values compares (the multi-index
 * candidates are the pairs sharing a band bucket within the radius, whichever task looks), plus one scan of each
 * band's buckets per task. Each shard is shipped to the {@code K} tasks that need it: {@code (K+1) x 8N} bytes in
 * all, like a broadcast to {@code K} executors.
 */
final class ShardedHamming {
    /**
     * Most distinct values per shard when the number of shards is chosen: 16M values (128 MB) fill a 22-bit band's
     * buckets (the widest the CLI's index uses), so the per-task bucket scan stays small next to the candidates, and
     * a task with two shards and their band indexes needs about 0.7 GB.
     */
    static final int SHARD_VALUES = 1 << 24;

    private ShardedHamming() {
    }

    /**
     * The number of shards: {@code requested} when set (1 = broadcast the whole index), else 1 up to {@link
     * BroadcastHamming#MAX_DISTINCT} distinct values and above it enough shards of at most {@link #SHARD_VALUES},
     * and at least enough for {@code 4 x parallelism} tasks.
     */
    static int shards(int requested, long distinct, int parallelism) {
        if (requested < 0) {
            throw new IllegalArgumentException("--shards must be 0 (chosen by size), 1 (broadcast) or more, not " + requested);
        }
        if (requested > 0) {
            return requested;
        }
        if (distinct <= BroadcastHamming.MAX_DISTINCT) {
            return 1;
        }
        int k = (int) Math.min(Integer.MAX_VALUE, (distinct + SHARD_VALUES - 1) / SHARD_VALUES);
        while ((long) k * (k + 1) / 2 < 4L * parallelism) {
            k++;
        }
        return k;
    }

    /** Tasks of a search in {@code k} shards: one per shard and one per pair of shards. */
    static int tasks(int k) {
        return Math.toIntExact((long) k * (k + 1) / 2);
    }

    /**
     * Pairs of distinct values within {@code threshold}, each once, as flat {@code (ha, hb, distance)} triples (one
     * array per task).
     *
     * @param shards the distinct values, shard {@code i} in partition {@code i} (any number of arrays per
     *               partition, in any order); no value in two shards
     */
    static JavaRDD<long[]> valuePairs(JavaRDD<long[]> shards, int threshold) {
        int k = shards.getNumPartitions();
        JavaPairRDD<Integer, Tuple2<Integer, long[]>> sent = shards
                .mapPartitionsWithIndex(new Send(k), false)
                .mapToPair(x -> x);
        // Integer keys 0..tasks-1 hash to themselves: partition p is task p
        return sent.partitionBy(new HashPartitioner(tasks(k))).mapPartitions(new Search(threshold));
    }

    /**
     * The driver's sorted distinct values dealt into {@code k} shards and searched; the pairs as flat {@code (a, b,
     * distance)} triples of positions in {@code distinct} (what {@link DriverInputFind} expands).
     */
    static List<int[]> positionPairs(JavaSparkContext jsc, long[] distinct, int threshold, int k) {
        List<long[]> slices = new ArrayList<>(k);
        for (int s = 0; s < k; s++) {
            slices.add(slice(distinct, s, k));
        }
        List<int[]> out = new ArrayList<>();
        for (long[] found : valuePairs(jsc.parallelize(slices, k), threshold).collect()) {
            int[] positions = new int[found.length];
            for (int i = 0; i < found.length; i += 3) {
                positions[i] = Arrays.binarySearch(distinct, found[i]);
                positions[i + 1] = Arrays.binarySearch(distinct, found[i + 1]);
                positions[i + 2] = (int) found[i + 2];
            }
            out.add(positions);
        }
        return out;
    }

    /**
     * Shard {@code s} of {@code k}: every {@code k}-th value from position {@code s}. Dealt rather than cut into
     * ranges, so each shard spreads over all band values like the whole set (contiguous ranges of sorted values
     * would crowd the first band's buckets and skew each task's cost model).
     */
    static long[] slice(long[] values, int s, int k) {
        long[] out = new long[(values.length - s + k - 1) / k];
        for (int i = 0; i < out.length; i++) {
            out[i] = values[s + i * k];
        }
        return out;
    }

    /**
     * Every pair of images within {@code threshold}, each once with {@code a < b} ({@link SparkFind#PAIRS}): the
     * distinct values are found and sharded by a shuffle (nothing is collected on the driver), exact copies are
     * collapsed before the search and expanded after it as in {@link BroadcastHamming}.
     *
     * @param images rows with {@code id}, {@code ds} and a one-word {@code hash}
     */
    static Dataset<Row> pairs(Dataset<Row> images, int threshold, boolean crossOnly, int k) {
        SparkSession spark = images.sparkSession();
        JavaPairRDD<Long, Long> counts = images.select(col("hash").getItem(0)).javaRDD()
                .mapToPair(r -> new Tuple2<>(r.getLong(0), 1L))
                .reduceByKey(new HashPartitioner(k), Long::sum)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<long[]> shards = counts.mapPartitions((FlatMapFunction<Iterator<Tuple2<Long, Long>>, long[]>) it -> {
            long[] values = new long[1024];
            int n = 0;
            while (it.hasNext()) {
                if (n == values.length) {
                    values = Arrays.copyOf(values, n * 2);
                }
                values[n++] = it.next()._1();
            }
            return List.of(Arrays.copyOf(values, n)).iterator();
        }, true);
        JavaRDD<Row> found = valuePairs(shards, threshold).flatMap(f -> {
            List<Row> rows = new ArrayList<>(f.length / 3);
            for (int i = 0; i < f.length; i += 3) {
                rows.add(RowFactory.create(f[i], f[i + 1], (int) f[i + 2]));
            }
            return rows.iterator();
        });
        JavaRDD<Row> copies = counts.filter(c -> c._2() > 1).map(c -> RowFactory.create(c._1(), c._1(), 0));
        Dataset<Row> valuePairs = spark.createDataFrame(found.union(copies), BroadcastHamming.VALUE_PAIRS);
        Dataset<Row> pairs = BroadcastHamming.imagePairs(images, valuePairs, crossOnly); // value pairs now cached
        counts.unpersist();
        return pairs;
    }

    /** Sends shard {@code s} to the tasks {@code (min(s, j), max(s, j))} of every shard {@code j}. */
    private record Send(int k) implements Function2<Integer, Iterator<long[]>, Iterator<Tuple2<Integer, Tuple2<Integer, long[]>>>> {
        @Override
        public Iterator<Tuple2<Integer, Tuple2<Integer, long[]>>> call(Integer s, Iterator<long[]> arrays) {
            List<long[]> parts = new ArrayList<>();
            arrays.forEachRemaining(parts::add);
            long[] values = parts.size() == 1 ? parts.get(0) : parts.stream().flatMapToLong(Arrays::stream).toArray();
            List<Tuple2<Integer, Tuple2<Integer, long[]>>> out = new ArrayList<>(k);
            for (int j = 0; j < k; j++) {
                int i = Math.min(s, j);
                int last = Math.max(s, j);
                // tasks numbered row by row of the upper triangle: (0,0), (0,1), ..., (0,k-1), (1,1), ...
                int task = Math.toIntExact((long) i * k - (long) i * (i - 1) / 2 + (last - i));
                out.add(new Tuple2<>(task, new Tuple2<>(s, values)));
            }
            return out.iterator();
        }
    }

    /** One task: one shard alone, or the later shard's values against the earlier shard's index. */
    private record Search(int threshold) implements FlatMapFunction<Iterator<Tuple2<Integer, Tuple2<Integer, long[]>>>, long[]> {
        @Override
        public Iterator<long[]> call(Iterator<Tuple2<Integer, Tuple2<Integer, long[]>>> received) {
            List<Tuple2<Integer, long[]>> shards = new ArrayList<>(2);
            received.forEachRemaining(r -> shards.add(r._2()));
            if (shards.isEmpty()) {
                return List.<long[]>of().iterator();
            }
            shards.sort((x, y) -> Integer.compare(x._1(), y._1()));
            long[] index = shards.get(0)._2();
            long[] queries = shards.size() == 1 ? null : shards.get(1)._2();
            List<Match> found = queries == null
                    ? new HammingSearch(1).findPairs(index, threshold, 0, 1, Progress.NONE)
                    : new HammingSearch(1).findCrossPairs(index, queries, threshold, Progress.NONE);
            long[] out = new long[found.size() * 3];
            int k = 0;
            for (Match m : found) {
                out[k++] = index[m.a()];
                out[k++] = queries == null ? index[m.b()] : queries[m.b() - index.length];
                out[k++] = (int) m.score();
            }
            return List.of(out).iterator();
        }
    }
}
