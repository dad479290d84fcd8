package doppel.verify;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * Proposes candidate pairs by the ORB descriptors two images share, the signal the verifier itself checks: a crop,
 * a bordered copy or a rotated copy keeps most of its original's keypoints however much its global fingerprint
 * moved. Each 256-bit descriptor is cut into {@link #CHUNKS} 32-bit chunks; two descriptors within a few bits of
 * each other agree exactly on at least one chunk (at most 7 differing bits guarantee it, and about a third of
 * pairs 20 bits apart still do), while unrelated descriptors almost never do. An image's score against another is
 * the number of its descriptors (or of its mirror image's) with a chunk equal to one of the other's.
 *
 * <p>An image with transparent pixels takes part with the keypoints of its picture over white too ({@link
 * Features#overWhite}), as one image: its score against another counts a descriptor of either picture once.
 *
 * <p>The index is a sorted array of (chunk position, chunk value, image) keys, so it costs 8 longs per keypoint
 * and a lookup is a binary search.
 */
final class SharedKeypoints {
    /** 32-bit chunks per 256-bit ORB descriptor. */
    static final int CHUNKS = 8;
    private static final int DESCRIPTOR_BYTES = 32;
    /**
     * A chunk value found in more keypoints than this (flat sky, plain walls) says nothing about any one pair and
     * is skipped, which also bounds the work per lookup.
     */
    static final int COMMON_CHUNK = 200;
    private static final int IMAGE_BITS = 24;

    private final long[] index;
    private final int images;

    /**
     * Indexes the straight (not mirrored) descriptors of every image and of its picture over white; null features
     * are left out.
     */
    SharedKeypoints(Features[] features) {
        if (features.length >= 1 << IMAGE_BITS) {
            throw new IllegalArgumentException("too many images for the keypoint index: " + features.length);
        }
        images = features.length;
        int total = 0;
        for (Features f : features) {
            for (Features picture : pictures(f)) {
                total += picture.count() * CHUNKS;
            }
        }
        index = new long[total];
        int k = 0;
        for (int i = 0; i < features.length; i++) {
            for (Features picture : pictures(features[i])) {
                byte[] d = picture.descriptors();
                for (int p = 0; p < picture.count(); p++) {
                    for (int c = 0; c < CHUNKS; c++) {
                        index[k++] = prefix(c, chunk(d, p, c)) | i;
                    }
                }
            }
        }
        Arrays.sort(index);
    }

    /**
     * A candidate found by shared keypoints.
     *
     * @param votes  descriptors of the query image (or of its mirror image) that share a chunk with {@code other}'s
     * @param mirror whether the mirror image's descriptors shared more than the straight ones
     */
    record Neighbour(int other, int votes, boolean mirror) {
    }

    /**
     * The images sharing the most descriptors with image {@code i} (at least two), best first, at most
     * {@code limit}; {@code skip} leaves images out (same dataset with --cross-only).
     */
    List<Neighbour> nearest(int i, Features f, int limit, IntPredicate skip) {
        int[] straight = new int[images];
        int[] mirrored = new int[images];
        for (Features picture : f.pictures()) {
            max(straight, votes(picture.straight(), i));
            max(mirrored, votes(picture.mirrored(), i));
        }
        List<Neighbour> out = new ArrayList<>();
        for (int j = 0; j < images; j++) {
            int v = Math.max(straight[j], mirrored[j]);
            if (j != i && v >= 2 && !skip.test(j)) {
                out.add(new Neighbour(j, v, mirrored[j] > straight[j]));
            }
        }
        out.sort((x, y) -> x.votes() != y.votes() ? Integer.compare(y.votes(), x.votes()) : Integer.compare(x.other(), y.other()));
        return out.subList(0, Math.min(limit, out.size()));
    }

    /** An image's pictures ({@link Features#pictures}); none for an image left out. */
    private static List<Features> pictures(Features f) {
        return f == null ? List.of() : f.pictures();
    }

    private static void max(int[] into, int[] other) {
        for (int j = 0; j < into.length; j++) {
            into[j] = Math.max(into[j], other[j]);
        }
    }

    /** Per image, how many descriptors of {@code side} share a chunk with one of its descriptors. */
    private int[] votes(Features.Side side, int self) {
        int[] votes = new int[images];
        int[] lastVoter = new int[images];
        Arrays.fill(lastVoter, -1);
        byte[] d = side.descriptors();
        for (int p = 0; p < side.count(); p++) {
            for (int c = 0; c < CHUNKS; c++) {
                long prefix = prefix(c, chunk(d, p, c));
                int from = lowerBound(prefix);
                int to = lowerBound(prefix + (1L << IMAGE_BITS));
                if (to - from > COMMON_CHUNK) {
                    continue;
                }
                for (int q = from; q < to; q++) {
                    int j = (int) (index[q] & ((1L << IMAGE_BITS) - 1));
                    if (j != self && lastVoter[j] != p) {
                        lastVoter[j] = p; // each descriptor votes once per image
                        votes[j]++;
                    }
                }
            }
        }
        return votes;
    }

    private static long prefix(int chunkPosition, int value) {
        return ((long) chunkPosition << (32 + IMAGE_BITS)) | ((value & 0xffffffffL) << IMAGE_BITS);
    }

    private static int chunk(byte[] d, int point, int c) {
        int b = point * DESCRIPTOR_BYTES + c * 4;
        return (d[b] & 0xff) << 24 | (d[b + 1] & 0xff) << 16 | (d[b + 2] & 0xff) << 8 | (d[b + 3] & 0xff);
    }

    private int lowerBound(long key) {
        int lo = 0;
        int hi = index.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (index[m] < key) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }
}
