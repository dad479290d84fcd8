package doppel.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Growable per-worker list of pair hits (flat primitive arrays, no boxing until the end). Hits for the
 * same pair may arrive several times (once per variant); {@link #collect} keeps the best score of each.
 */
final class PairBuffer {
    private int[] first = new int[256];
    private int[] second = new int[256];
    private double[] scores = new double[256];
    private int size;

    /** Records a hit between two different images, in either order. */
    void add(int x, int y, double score) {
        if (size == first.length) {
            int grown = Math.max(16, (int) Math.min(Integer.MAX_VALUE - 8L, size * 2L));
            first = Arrays.copyOf(first, grown);
            second = Arrays.copyOf(second, grown);
            scores = Arrays.copyOf(scores, grown);
        }
        first[size] = Math.min(x, y);
        second[size] = Math.max(x, y);
        scores[size] = score;
        size++;
    }

    int size() {
        return size;
    }

    /**
     * Merges the buffers of all workers into one list sorted by (a, b), one match per pair with the best
     * score: a counting sort by {@code a} (O(n) memory) and a small sort per {@code a}, so the cost stays
     * linear in the number of hits plus images.
     *
     * @param higherIsBetter true for similarities (keep the maximum), false for distances (minimum)
     */
    static List<Match> collect(List<PairBuffer> buffers, int imageCount, boolean higherIsBetter) {
        long total = 0;
        for (PairBuffer b : buffers) {
            total += b.size;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("too many duplicate pairs (" + total + "); raise the similarity or lower the distance threshold");
        }
        int[] start = new int[imageCount + 1];
        for (PairBuffer b : buffers) {
            for (int i = 0; i < b.size; i++) {
                start[b.first[i] + 1]++;
            }
        }
        for (int i = 0; i < imageCount; i++) {
            start[i + 1] += start[i];
        }
        int[] fill = Arrays.copyOf(start, imageCount);
        int[] seconds = new int[(int) total];
        double[] values = new double[(int) total];
        for (PairBuffer b : buffers) {
            for (int i = 0; i < b.size; i++) {
                int at = fill[b.first[i]]++;
                seconds[at] = b.second[i];
                values[at] = b.scores[i];
            }
            b.first = null;
            b.second = null;
            b.scores = null;
        }
        List<Match> out = new ArrayList<>();
        long[] keys = new long[16];
        for (int a = 0; a < imageCount; a++) {
            int from = start[a];
            int len = start[a + 1] - from;
            if (len == 0) {
                continue;
            }
            if (keys.length < len) {
                keys = new long[Math.max(len, keys.length * 2)];
            }
            for (int i = 0; i < len; i++) {
                keys[i] = (long) seconds[from + i] << 32 | i;
            }
            Arrays.sort(keys, 0, len);
            int i = 0;
            while (i < len) {
                int b = (int) (keys[i] >>> 32);
                double best = values[from + (int) keys[i]];
                int j = i + 1;
                while (j < len && (int) (keys[j] >>> 32) == b) {
                    double v = values[from + (int) keys[j]];
                    best = higherIsBetter ? Math.max(best, v) : Math.min(best, v);
                    j++;
                }
                out.add(new Match(a, b, best));
                i = j;
            }
        }
        return out;
    }
}
