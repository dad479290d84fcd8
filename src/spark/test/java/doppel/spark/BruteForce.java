package doppel.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The reference every Spark search is checked against: all pairs, compared one by one. */
final class BruteForce {
    private BruteForce() {
    }

    /** Pairs "a,b,distance" with a < b (indices into the arrays) within the threshold. */
    static TreeSet<String> pairs(long[] ids, long[][] hashes, int[] ds, int threshold, boolean crossOnly) {
        TreeSet<String> out = new TreeSet<>();
        for (int i = 0; i < hashes.length; i++) {
            for (int j = i + 1; j < hashes.length; j++) {
                if (crossOnly && ds[i] == ds[j]) {
                    continue;
                }
                int d = Banding.distance(hashes[i], hashes[j]);
                if (d <= threshold) {
                    long a = Math.min(ids[i], ids[j]);
                    long b = Math.max(ids[i], ids[j]);
                    out.add(a + "," + b + "," + d);
                }
            }
        }
        return out;
    }

    /** Connected components by union-find: for each member id, its smallest member id. */
    static java.util.Map<Long, Long> components(List<long[]> pairs) {
        java.util.Map<Long, Long> parent = new java.util.HashMap<>();
        for (long[] p : pairs) {
            union(parent, p[0], p[1]);
        }
        java.util.Map<Long, Long> out = new java.util.HashMap<>();
        for (Long n : new ArrayList<>(parent.keySet())) {
            out.put(n, find(parent, n));
        }
        return out;
    }

    private static long find(java.util.Map<Long, Long> parent, long x) {
        parent.putIfAbsent(x, x);
        long root = x;
        while (parent.get(root) != root) {
            root = parent.get(root);
        }
        while (parent.get(x) != root) {
            long next = parent.get(x);
            parent.put(x, root);
            x = next;
        }
        return root;
    }

    private static void union(java.util.Map<Long, Long> parent, long a, long b) {
        long ra = find(parent, a);
        long rb = find(parent, b);
        if (ra != rb) {
            parent.put(Math.max(ra, rb), Math.min(ra, rb));
        }
    }
}
