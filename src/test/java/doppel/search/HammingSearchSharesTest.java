package doppel.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import doppel.progress.Progress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The share search (one share per Spark task) and the cross search (one pair of shards per Spark task) against
 * brute force: the shares together give every pair once.
 */
class HammingSearchSharesTest {

    private static long[] hashes(int n, long seed) {
        Random rnd = new Random(seed);
        long[] h = new long[n];
        for (int i = 0; i < n; i++) {
            h[i] = rnd.nextLong();
            if (i % 5 == 4) {
                h[i] = h[i - 1];
                for (int k = rnd.nextInt(9); k > 0; k--) {
                    h[i] ^= 1L << rnd.nextInt(64);
                }
            }
        }
        return h;
    }

    private static List<Match> bruteForce(long[] h, int t) {
        List<Match> out = new ArrayList<>();
        for (int i = 0; i < h.length; i++) {
            for (int j = i + 1; j < h.length; j++) {
                int d = Long.bitCount(h[i] ^ h[j]);
                if (d <= t) {
                    out.add(new Match(i, j, d));
                }
            }
        }
        return out;
    }

    private static List<Match> allShares(HammingSearch search, long[] h, int t, int parts) {
        List<Match> out = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            out.addAll(search.findPairs(h, t, p, parts, Progress.NONE));
        }
        out.sort(java.util.Comparator.comparingInt(Match::a).thenComparingInt(Match::b));
        return out;
    }

    @Test
    void sharesOfTheMultiIndexSearchTogetherEqualBruteForce() {
        long[] h = hashes(6000, 3);
        for (int t : new int[] {0, 3, 10}) {
            List<Match> expected = bruteForce(h, t);
            assertTrue(t == 0 || expected.size() > 500, "planted pairs: " + expected.size());
            for (int parts : new int[] {1, 3, 8}) {
                assertEquals(expected, allShares(new HammingSearch(2, true), h, t, parts), "t=" + t + " parts=" + parts);
                assertEquals(expected, allShares(new HammingSearch(1, false), h, t, parts), "t=" + t + " parts=" + parts);
            }
        }
    }

    /** Index = the even positions, queries = the odd ones: planted copies straddle the two, exact copies included. */
    @Test
    void crossSearchEqualsBruteForceBetweenTheTwoArrays() {
        long[] h = hashes(6000, 5);
        long[] index = new long[h.length / 2];
        long[] queries = new long[h.length / 2];
        for (int i = 0; i < h.length; i++) {
            (i % 2 == 0 ? index : queries)[i / 2] = h[i];
        }
        for (int t : new int[] {0, 3, 10}) {
            List<Match> expected = new ArrayList<>();
            for (int i = 0; i < index.length; i++) {
                for (int j = 0; j < queries.length; j++) {
                    int d = Long.bitCount(index[i] ^ queries[j]);
                    if (d <= t) {
                        expected.add(new Match(i, index.length + j, d));
                    }
                }
            }
            assertTrue(expected.size() > (t == 0 ? 50 : 300), "planted pairs: " + expected.size());
            assertEquals(expected, new HammingSearch(2, true).findCrossPairs(index, queries, t, Progress.NONE), "t=" + t);
            assertEquals(expected, new HammingSearch(1, false).findCrossPairs(index, queries, t, Progress.NONE), "t=" + t);
        }
        assertEquals(List.of(), new HammingSearch(1).findCrossPairs(index, new long[0], 10, Progress.NONE));
    }
}
