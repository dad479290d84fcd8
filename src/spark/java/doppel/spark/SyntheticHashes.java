package doppel.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Uniformly random 64-bit hashes with planted near-duplicates, generated inside Spark for tests and
 * benchmarks. Every {@code plantEvery}-th hash is a copy of the one before it with 0 to {@code maxFlips}
 * random bits flipped. Deterministic: the hash of an id depends only on the seed and the id.
 */
public final class SyntheticHashes {
    /** Schema: id, ds (dataset index), hash (one word). */
    public static final StructType SCHEMA = new StructType()
            .add("id", DataTypes.LongType, false)
            .add("ds", DataTypes.IntegerType, false)
            .add("hash", DataTypes.createArrayType(DataTypes.LongType, false), false);

    private SyntheticHashes() {
    }

    /** {@code n} hashes spread over {@code datasets} datasets (ds = id mod datasets). */
    public static Dataset<Row> generate(SparkSession spark, long n, long seed, int plantEvery, int maxFlips,
                                        int datasets, int partitions) {
        MapFunction<Long, Row> f = id -> RowFactory.create(id, (int) (id % datasets),
                new Long[] {hash(seed, id, plantEvery, maxFlips)});
        return spark.range(0, n, 1, partitions).map(f, Encoders.row(SCHEMA));
    }

    /** The hash of {@code id}. */
    public static long hash(long seed, long id, int plantEvery, int maxFlips) {
        if (plantEvery > 1 && id % plantEvery == plantEvery - 1 && id > 0) {
            long h = mix(seed ^ (id - 1) * 0x9E3779B97F4A7C15L);
            long r = mix(seed + id * 0xC2B2AE3D27D4EB4FL);
            int flips = (int) Long.remainderUnsigned(r, maxFlips + 1);
            List<Integer> used = new ArrayList<>();
            while (used.size() < flips) {
                r = mix(r + 0x632BE59BD9B4E019L);
                int bit = (int) Long.remainderUnsigned(r, 64);
                if (!used.contains(bit)) {
                    used.add(bit);
                    h ^= 1L << bit;
                }
            }
            return h;
        }
        return mix(seed ^ id * 0x9E3779B97F4A7C15L);
    }

    /** SplitMix64's finaliser: a bijective 64-bit mix with good avalanche. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
