package doppel.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.LongAccumulator;
import org.junit.jupiter.api.Test;

/** The banded join and the broadcast search against brute force on synthetic hashes. */
class SparkFindSyntheticTest {

    private static TreeSet<String> sparkPairs(Dataset<Row> pairs) {
        TreeSet<String> out = new TreeSet<>();
        for (Row r : pairs.collectAsList()) {
            assertTrue(out.add(r.getLong(0) + "," + r.getLong(1) + "," + r.getInt(2)), "pair reported twice: " + r);
        }
        return out;
    }

    private static void checkFull(int n, int threshold, boolean crossOnly, int bands) {
        SparkSession spark = SharedSpark.get();
        Dataset<Row> hashes = SyntheticHashes.generate(spark, n, 42, 10, 12, 2, 4).cache();
        List<Row> rows = hashes.collectAsList();
        long[] ids = new long[rows.size()];
        long[][] words = new long[rows.size()][];
        int[] ds = new int[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.get(i).getLong(0);
            ds[i] = rows.get(i).getInt(1);
            words[i] = SparkFind.words(rows.get(i).getList(2));
        }
        TreeSet<String> expected = BruteForce.pairs(ids, words, ds, threshold, crossOnly);
        Banding banding = Banding.choose(64, threshold, n, bands);
        LongAccumulator candidates = spark.sparkContext().longAccumulator();
        Dataset<Row> pairs = SparkFind.hammingPairs(hashes, banding, crossOnly, false, candidates).cache();
        TreeSet<String> actual = sparkPairs(pairs);
        assertTrue(expected.size() > n / 40, "the planted pairs must be found by the reference too: " + expected.size());
        assertEquals(expected, actual, banding + " t=" + threshold);

        List<long[]> edges = new ArrayList<>();
        for (String p : expected) {
            String[] f = p.split(",");
            edges.add(new long[] {Long.parseLong(f[0]), Long.parseLong(f[1])});
        }
        Map<Long, Long> want = BruteForce.components(edges);
        Map<Long, Long> got = new HashMap<>();
        for (Row r : SparkFind.components(pairs).collectAsList()) {
            got.put(r.getLong(0), r.getLong(1));
        }
        assertEquals(want, got);
        pairs.unpersist();
        hashes.unpersist();
    }

    @Test
    void bandedJoinEqualsBruteForceAt50kThreshold4() {
        checkFull(50_000, 4, false, 0);
    }

    @Test
    void bandedJoinEqualsBruteForceAt50kThreshold10() {
        checkFull(50_000, 10, false, 0);
    }

    /** 300k hashes: every pair that involves one of 400 sampled hashes, against a brute-force scan of all of them. */
    @Test
    void bandedJoinAt300kMatchesBruteForceOnASample() {
        SparkSession spark = SharedSpark.get();
        int n = 300_000;
        int t = 4;
        Dataset<Row> hashes = SyntheticHashes.generate(spark, n, 99, 10, 6, 1, 8);
        long[] all = new long[n];
        for (int i = 0; i < n; i++) {
            all[i] = SyntheticHashes.hash(99, i, 10, 6);
        }
        java.util.Set<Long> sample = new java.util.HashSet<>();
        java.util.Random rnd = new java.util.Random(5);
        while (sample.size() < 400) {
            long base = rnd.nextInt(n / 10) * 10L;
            sample.add(base + (sample.size() % 2 == 0 ? 9 : rnd.nextInt(10)));
        }
        TreeSet<String> expected = new TreeSet<>();
        for (long q : sample) {
            for (int j = 0; j < n; j++) {
                int d = Long.bitCount(all[(int) q] ^ all[j]);
                if (j != q && d <= t) {
                    expected.add(Math.min(q, j) + "," + Math.max(q, j) + "," + d);
                }
            }
        }
        Dataset<Row> pairs = SparkFind.hammingPairs(hashes, Banding.choose(64, t, n, 0), false, false, null);
        java.util.List<Long> ids = new ArrayList<>(sample);
        TreeSet<String> actual = sparkPairs(pairs.filter(org.apache.spark.sql.functions.col("a").isin(ids.toArray())
                .or(org.apache.spark.sql.functions.col("b").isin(ids.toArray()))));
        assertTrue(expected.size() > 100, "planted pairs in the sample: " + expected.size());
        assertEquals(expected, actual);
    }

    /**
     * The broadcast multi-index search against brute force: hashes with planted near and exact copies, a flood
     * of 40 identical hashes spread over the datasets (collapsed before the search, expanded after), both
     * thresholds, with and without cross-only.
     */
    @Test
    void broadcastSearchEqualsBruteForceWithExactCopies() {
        SparkSession spark = SharedSpark.get();
        int n = 12_000;
        java.util.Random rnd = new java.util.Random(11);
        long[] ids = new long[n];
        long[][] words = new long[n][];
        int[] ds = new int[n];
        List<Row> rows = new ArrayList<>();
        long flood = rnd.nextLong();
        for (int i = 0; i < n; i++) {
            long h = rnd.nextLong();
            if (i % 300 == 7) {
                h = flood;
            } else if (i % 6 == 5) {
                h = words[i - 1][0];
                for (int k = rnd.nextInt(12); k > 0; k--) {
                    h ^= 1L << rnd.nextInt(64);
                }
            }
            ids[i] = 3L * i + 1; // ids need not be dense
            words[i] = new long[] {h};
            ds[i] = rnd.nextInt(3);
            rows.add(org.apache.spark.sql.RowFactory.create(ids[i], ds[i], new Long[] {h}));
        }
        Dataset<Row> images = spark.createDataFrame(rows, SyntheticHashes.SCHEMA).cache();
        BroadcastHamming.Values values = BroadcastHamming.Values.of(BroadcastHamming.collectHashes(images));
        assertTrue(values.repeated().length > 1, "exact copies planted: " + values.repeated().length);
        for (int t : new int[] {4, 10}) {
            for (boolean crossOnly : new boolean[] {false, true}) {
                TreeSet<String> expected = BruteForce.pairs(ids, words, ds, t, crossOnly);
                assertTrue(expected.size() > 1000, "pairs: " + expected.size());
                assertEquals(expected, sparkPairs(BroadcastHamming.pairs(images, values, t, crossOnly, 5)),
                        "t=" + t + " crossOnly=" + crossOnly);
            }
        }
        images.unpersist();
    }

    @Test
    void plainPigeonholeBandsAndCrossOnlyEqualBruteForce() {
        checkFull(20_000, 6, true, 7);
    }

    @Test
    void expandedBandsEqualBruteForce() {
        checkFull(20_000, 5, false, 3);
    }
}
