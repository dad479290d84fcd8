package doppel.spark;

import doppel.progress.Progress;
import doppel.search.HammingSearch;
import doppel.search.Match;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;

/**
 * Exact Hamming pairs of 64-bit hashes by broadcasting the index: the distinct hash values (8 bytes each) go to
 * every executor, and each task runs the CLI's own multi-index search ({@link HammingSearch#findPairs(long[],
 * int, int, int, Progress)}) for its share of every band's buckets, so each pair of distinct values comes out
 * exactly once and the work per core is the CLI's. Images with identical hashes (exact copies) are collapsed
 * before the search and expanded after it by joining the value pairs back to the images.
 *
 * <p>The driver collects and sorts the hash values once ({@code 8 x N} bytes) and every executor holds the
 * distinct values plus one band's index at a time (about {@code 20 x distinct} bytes per running task), so the
 * join fits up to a few hundred million distinct hashes; beyond {@link #MAX_DISTINCT} {@link SparkFind} shards
 * the index ({@link ShardedHamming}), and for longer hashes or dihedral variants it uses the banded equi-join
 * ({@link Banding}).
 */
final class BroadcastHamming {
    /** Most distinct values broadcast (1.6 GB): beyond it, the index is sharded ({@link ShardedHamming#shards}). */
    static final long MAX_DISTINCT = 200_000_000L;
    /** Value pairs (ha, hb, distance) expanded with broadcast joins below this count, with shuffled joins above. */
    private static final long BROADCAST_PAIRS = 4_000_000L;

    /** Pairs of hash values: the two values and their distance. */
    static final StructType VALUE_PAIRS = new StructType()
            .add("ha", DataTypes.LongType, false)
            .add("hb", DataTypes.LongType, false)
            .add("distance", DataTypes.IntegerType, false);

    /** The sorted distinct hash values of the images, and the values held by more than one image. */
    record Values(long[] distinct, long[] repeated) {
        static Values of(long[] all) {
            long[] sorted = all.clone();
            Arrays.parallelSort(sorted);
            long[] distinct = new long[sorted.length];
            long[] repeated = new long[sorted.length / 2];
            int d = 0;
            int r = 0;
            for (int i = 0; i < sorted.length; i++) {
                if (d > 0 && distinct[d - 1] == sorted[i]) {
                    if (r == 0 || repeated[r - 1] != sorted[i]) {
                        repeated[r++] = sorted[i];
                    }
                } else {
                    distinct[d++] = sorted[i];
                }
            }
            return new Values(Arrays.copyOf(distinct, d), Arrays.copyOf(repeated, r));
        }
    }

    private BroadcastHamming() {
    }

    /** The first word of every image's hash, collected on the driver (one long[] per partition). */
    static long[] collectHashes(Dataset<Row> images) {
        List<long[]> parts = images.select(col("hash").getItem(0)).javaRDD()
                .mapPartitions((FlatMapFunction<java.util.Iterator<Row>, long[]>) rows -> {
                    long[] out = new long[1024];
                    int n = 0;
                    while (rows.hasNext()) {
                        if (n == out.length) {
                            out = Arrays.copyOf(out, n * 2);
                        }
                        out[n++] = rows.next().getLong(0);
                    }
                    return List.of(Arrays.copyOf(out, n)).iterator();
                }).collect();
        long total = parts.stream().mapToLong(p -> p.length).sum();
        long[] all = new long[Math.toIntExact(total)];
        int at = 0;
        for (long[] p : parts) {
            System.arraycopy(p, 0, all, at, p.length);
            at += p.length;
        }
        return all;
    }

    /**
     * Every pair of images within {@code threshold}, each once with {@code a < b} ({@link SparkFind#PAIRS}).
     *
     * @param images    rows with {@code id}, {@code ds} and a one-word {@code hash}
     * @param values    the images' hash values ({@link Values#of})
     * @param shares    tasks of the search (each searches 1/shares of every band)
     */
    static Dataset<Row> pairs(Dataset<Row> images, Values values, int threshold, boolean crossOnly, int shares) {
        SparkSession spark = images.sparkSession();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<long[]> index = jsc.broadcast(values.distinct());
        JavaRDD<Row> found = jsc.parallelize(IntStream.range(0, shares).boxed().toList(), shares)
                .flatMap(new Share(index, threshold, shares));
        List<Row> copies = new ArrayList<>();
        for (long h : values.repeated()) {
            copies.add(RowFactory.create(h, h, 0));
        }
        Dataset<Row> pairs = imagePairs(images,
                spark.createDataFrame(found, VALUE_PAIRS).union(spark.createDataFrame(copies, VALUE_PAIRS)), crossOnly);
        index.unpersist();
        return pairs;
    }

    /**
     * The image pairs of value pairs {@link #VALUE_PAIRS} ({@code (h, h, 0)} for a value held by several images):
     * each value pair joined back to the images holding its values. The value pairs are cached and counted here.
     */
    static Dataset<Row> imagePairs(Dataset<Row> images, Dataset<Row> valuePairs, boolean crossOnly) {
        valuePairs = valuePairs.persist(StorageLevel.MEMORY_AND_DISK());
        boolean small = valuePairs.count() < BROADCAST_PAIRS;
        Dataset<Row> a = images.select(col("id").as("aid"), col("ds").as("ads"), col("hash").getItem(0).as("ah"));
        Dataset<Row> b = images.select(col("id").as("bid"), col("ds").as("bds"), col("hash").getItem(0).as("bh"));
        Dataset<Row> withA = (small ? broadcast(valuePairs) : valuePairs).join(a, col("ha").equalTo(col("ah")));
        Dataset<Row> both = (small ? broadcast(withA) : withA).join(b, col("hb").equalTo(col("bh")))
                // identical values: each pair of their images once
                .filter(col("ha").notEqual(col("hb")).or(col("aid").lt(col("bid"))));
        if (crossOnly) {
            both = both.filter(col("ads").notEqual(col("bds")));
        }
        return both.select(least(col("aid"), col("bid")).as("a"), greatest(col("aid"), col("bid")).as("b"),
                col("distance"));
    }

    /** One task: its share of the CLI's multi-index search over the broadcast values, as (ha, hb, distance). */
    private record Share(Broadcast<long[]> index, int threshold, int shares) implements FlatMapFunction<Integer, Row> {
        @Override
        public java.util.Iterator<Row> call(Integer part) {
            long[] h = index.value();
            List<Match> found = new HammingSearch(1).findPairs(h, threshold, part, shares, Progress.NONE);
            return found.stream().map(m -> RowFactory.create(h[m.a()], h[m.b()], (int) m.score())).iterator();
        }
    }
}
