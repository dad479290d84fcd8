package doppel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.search.KeepPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sharded multi-index search (each task one shard alone or one pair of shards) against brute force and the
 * broadcast search, on hashes with planted near copies and floods of identical hashes (exact copies, collapsed
 * before the search and expanded after it), on the distributed path and on the driver's JSON path.
 */
class SparkShardedHammingTest {

    /** Hashes with near copies of the previous hash (0-11 bits flipped) and two floods of identical hashes. */
    private static long[] hashes(int n, long seed) {
        Random rnd = new Random(seed);
        long floodA = rnd.nextLong();
        long floodB = floodA ^ 0b101; // two floods 2 bits apart: their images pair across the floods too
        long[] h = new long[n];
        for (int i = 0; i < n; i++) {
            h[i] = rnd.nextLong();
            if (i % 250 == 7) {
                h[i] = floodA;
            } else if (i % 400 == 9) {
                h[i] = floodB;
            } else if (i % 6 == 5) {
                h[i] = h[i - 1];
                for (int k = rnd.nextInt(12); k > 0; k--) {
                    h[i] ^= 1L << rnd.nextInt(64);
                }
            }
        }
        return h;
    }

    private static TreeSet<String> pairs(Dataset<Row> pairs) {
        TreeSet<String> out = new TreeSet<>();
        for (Row r : pairs.collectAsList()) {
            assertTrue(out.add(r.getLong(0) + "," + r.getLong(1) + "," + r.getInt(2)), "pair reported twice: " + r);
        }
        return out;
    }

    @Test
    void shardedSearchEqualsBruteForce() {
        SparkSession spark = SharedSpark.get();
        long[] h = hashes(8_000, 17);
        Random rnd = new Random(4);
        long[] ids = new long[h.length];
        long[][] words = new long[h.length][];
        int[] ds = new int[h.length];
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < h.length; i++) {
            ids[i] = 2L * i + 5; // ids need not be dense
            words[i] = new long[] {h[i]};
            ds[i] = rnd.nextInt(3);
            rows.add(RowFactory.create(ids[i], ds[i], new Long[] {h[i]}));
        }
        Dataset<Row> images = spark.createDataFrame(rows, SyntheticHashes.SCHEMA).cache();
        record Case(int t, boolean crossOnly, int shards) {
        }
        for (Case c : List.of(new Case(10, false, 4), new Case(4, true, 3))) {
            TreeSet<String> expected = BruteForce.pairs(ids, words, ds, c.t(), c.crossOnly());
            assertTrue(expected.size() > 1000, "planted pairs, floods included: " + expected.size());
            assertEquals(expected, pairs(ShardedHamming.pairs(images, c.t(), c.crossOnly(), c.shards())), c.toString());
        }
        images.unpersist();
    }

    /** The driver's JSON path: contiguous shards of the sorted distinct values give the broadcast search's result. */
    @Test
    void driverJsonPathShardedEqualsBroadcast(@TempDir Path tmp) throws Exception {
        long[] h = hashes(6_000, 23);
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < h.length; i++) {
            json.append(i == 0 ? "" : ",").append(String.format("\"img%05d.jpg\":\"%016x\"", i, h[i]));
        }
        Files.writeString(tmp.resolve("H.json"), json.append('}'));
        long expected = 0;
        for (int i = 0; i < h.length; i++) {
            for (int j = i + 1; j < h.length; j++) {
                expected += Long.bitCount(h[i] ^ h[j]) <= 10 ? 1 : 0;
            }
        }
        SparkSession spark = SharedSpark.get();
        DriverInputFind.Result broadcast = DriverInputFind.find(spark, tmp.resolve("H.json"), null,
                new SparkFind.Options(10, false, KeepPolicy.FIRST_DIR, List.of(), 0, 1));
        DriverInputFind.Result sharded = DriverInputFind.find(spark, tmp.resolve("H.json"), null,
                new SparkFind.Options(10, false, KeepPolicy.FIRST_DIR, List.of(), 0, 3));
        assertTrue(expected > 1000, "pairs: " + expected);
        assertEquals(expected, broadcast.nPairs());
        assertEquals(expected, sharded.nPairs());
        assertEquals(broadcast.map(), sharded.map());
        assertTrue(sharded.join().startsWith("sharded multi-index search (3 shards) of "), sharded.join());
    }

    @Test
    void broadcastBelowTheLimitShardsAboveIt() {
        assertEquals(1, ShardedHamming.shards(0, BroadcastHamming.MAX_DISTINCT, 2));
        int k = ShardedHamming.shards(0, BroadcastHamming.MAX_DISTINCT + 1, 2);
        assertTrue(k > 1 && (BroadcastHamming.MAX_DISTINCT + 1.0) / k <= ShardedHamming.SHARD_VALUES, "shards: " + k);
        for (long distinct : new long[] {300_000_000L, 1_000_000_000L, 5_000_000_000L}) {
            // the fewest shards of at most SHARD_VALUES that give 4 tasks per core (400 cores)
            int many = ShardedHamming.shards(0, distinct, 400);
            assertTrue((double) distinct / many <= ShardedHamming.SHARD_VALUES && ShardedHamming.tasks(many) >= 1600,
                    distinct + ": " + many);
            assertTrue((double) distinct / (many - 1) > ShardedHamming.SHARD_VALUES
                    || ShardedHamming.tasks(many - 1) < 1600, distinct + ": " + many);
        }
        assertEquals(5, ShardedHamming.shards(5, 10, 2));
        assertEquals(1, ShardedHamming.shards(1, 3_000_000_000L, 2));
        assertThrows(IllegalArgumentException.class, () -> ShardedHamming.shards(-1, 10, 2));
    }
}
