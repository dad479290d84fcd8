package doppel.verify;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Lowe's ratio test over ORB descriptors: for each descriptor of one side, its nearest descriptor of the other side
 * by Hamming distance, kept when it is clearly nearer than the second nearest. The same answer as OpenCV's
 * brute-force {@code knnMatch(k = 2)} (equal distances keep the earlier descriptor), computed in Java: OpenCV's Java
 * binding returns every query's two matches as a native Mat of its own and converts them back one by one, which
 * cost more than the matching itself and one long JIT compile of its converter.
 */
final class RatioMatches {
    /** ORB descriptors are 256 bits. */
    private static final int LONGS = 4;

    private RatioMatches() {
    }

    /**
     * The query/train index pairs that pass the ratio test, as {@code [query0, train0, query1, train1, ...]}.
     *
     * @param query 32 bytes per descriptor
     * @param train 32 bytes per descriptor, at least two of them
     */
    static int[] find(byte[] query, byte[] train, double ratio) {
        long[] q = words(query);
        long[] t = words(train);
        int nq = q.length / LONGS;
        int nt = t.length / LONGS;
        int[] out = new int[2 * nq];
        int found = 0;
        for (int i = 0; i < nq; i++) {
            int o = i * LONGS;
            long q0 = q[o];
            long q1 = q[o + 1];
            long q2 = q[o + 2];
            long q3 = q[o + 3];
            int best = Integer.MAX_VALUE;
            int second = Integer.MAX_VALUE;
            int bestIndex = -1;
            for (int j = 0, p = 0; j < nt; j++, p += LONGS) {
                int d = Long.bitCount(q0 ^ t[p]) + Long.bitCount(q1 ^ t[p + 1])
                        + Long.bitCount(q2 ^ t[p + 2]) + Long.bitCount(q3 ^ t[p + 3]);
                if (d < best) {
                    second = best;
                    best = d;
                    bestIndex = j;
                } else if (d < second) {
                    second = d;
                }
            }
            if (nt >= 2 && best < ratio * second) {
                out[found++] = i;
                out[found++] = bestIndex;
            }
        }
        return Arrays.copyOf(out, found);
    }

    private static long[] words(byte[] descriptors) {
        LongBuffer buffer = ByteBuffer.wrap(descriptors).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        long[] words = new long[buffer.remaining()];
        buffer.get(words);
        return words;
    }
}
