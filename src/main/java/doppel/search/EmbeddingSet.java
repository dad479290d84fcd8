package doppel.search;

import doppel.encode.EncodedImage;
import doppel.encode.Embedding;
import doppel.encode.Fingerprint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embeddings of one cosine search: originals, dihedral variants by owner, their squared norms in double for
 * the exact re-score, and each image's dataset for {@link SearchOptions#crossOnly()}. Queries are numbered
 * originals first ({@code 0..n-1}), then variants ({@code n..n+nv-1}).
 */
final class EmbeddingSet {
    final int n;
    final int nv;
    final int dim;
    final float[][] orig;
    final double[] origSq;
    final float[][] var;
    final double[] varSq;
    /** Variants of image i: {@code var[varStart[i] .. varStart[i + 1])}. */
    final int[] varStart;
    final int[] varOwner;
    final int[] dataset;
    final int datasets;
    final boolean crossOnly;

    private EmbeddingSet(float[][] orig, int[] varStart, float[][] var, int[] varOwner, int[] dataset, int datasets,
                         boolean crossOnly, int dim) {
        this.n = orig.length;
        this.nv = var.length;
        this.dim = dim;
        this.orig = orig;
        this.varStart = varStart;
        this.var = var;
        this.varOwner = varOwner;
        this.dataset = dataset;
        this.datasets = datasets;
        this.crossOnly = crossOnly;
        origSq = CosineKernel.squares(orig);
        varSq = CosineKernel.squares(var);
    }

    /** The threshold of the options, checked to be a cosine similarity. */
    static double threshold(SearchOptions options) {
        double threshold = options.threshold();
        if (Double.isNaN(threshold) || threshold > 1 || threshold < -1) {
            throw new IllegalArgumentException("cosine similarity threshold must be in [-1, 1], not " + threshold);
        }
        return threshold;
    }

    /** @throws IllegalArgumentException when a fingerprint is not an embedding or the dimensions differ */
    static EmbeddingSet of(List<EncodedImage> images, boolean crossOnly) {
        int n = images.size();
        int dim = -1;
        float[][] orig = new float[n][];
        int[] varStart = new int[n + 1];
        List<float[]> vars = new ArrayList<>();
        List<Integer> owners = new ArrayList<>();
        int[] dataset = new int[n];
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < n; i++) {
            EncodedImage img = images.get(i);
            orig[i] = vector(img, img.fingerprint(), dim);
            dim = orig[i].length;
            for (Fingerprint f : img.variants()) {
                vars.add(vector(img, f, dim));
                owners.add(i);
            }
            varStart[i + 1] = vars.size();
            dataset[i] = ids.computeIfAbsent(img.file().dataset().name(), s -> ids.size());
        }
        return new EmbeddingSet(orig, varStart, vars.toArray(new float[0][]),
                owners.stream().mapToInt(Integer::intValue).toArray(), dataset, ids.size(), crossOnly,
                Math.max(dim, 1));
    }

    private static float[] vector(EncodedImage img, Fingerprint f, int dim) {
        if (!(f instanceof Embedding e)) {
            throw new IllegalArgumentException("cosine search needs embeddings, but " + img.file().key()
                    + " has a bit hash; compare hashes by Hamming distance");
        }
        if (dim >= 0 && e.dimension() != dim) {
            throw new IllegalArgumentException("cannot compare " + dim + "-d and " + e.dimension()
                    + "-d embeddings (" + img.file().key() + ")");
        }
        return e.vector();
    }

    /** The first {@code k} originals without variants, for timing backends on a sample. */
    EmbeddingSet head(int k) {
        int m = Math.min(k, n);
        return new EmbeddingSet(Arrays.copyOf(orig, m), new int[m + 1], new float[0][], new int[0],
                Arrays.copyOf(dataset, m), datasets, crossOnly, dim);
    }

    /** Whether images a and b may form a pair: different images, and from different datasets under crossOnly. */
    boolean allowed(int a, int b) {
        return a != b && (!crossOnly || dataset[a] != dataset[b]);
    }

    /** The vector of query q. */
    float[] query(int q) {
        return q < n ? orig[q] : var[q - n];
    }

    /** The image that query q belongs to. */
    int owner(int q) {
        return q < n ? q : varOwner[q - n];
    }

    /** An L2-normalised float copy of query q. */
    float[] unit(int q) {
        return CosineKernel.normalised(query(q), q < n ? origSq[q] : varSq[q - n]);
    }

    /** The exact score of query q against original j, computed like {@link Embedding#cosine}. */
    double exact(int q, int j) {
        return CosineKernel.cosine(query(q), q < n ? origSq[q] : varSq[q - n], orig[j], origSq[j]);
    }

    /** Float filter level for the unit copies of these vectors. */
    float filter(double threshold) {
        return CosineKernel.filter(threshold, dim);
    }

    /** Re-checks one float candidate in double and records it when it really reaches the threshold. */
    void confirm(int q, int j, double threshold, PairBuffer out) {
        int owner = owner(q);
        if (!allowed(owner, j)) {
            return;
        }
        double s = exact(q, j);
        if (s >= threshold) {
            out.add(owner, j, s);
        }
    }

    /**
     * The score {@link CosineSearch} reports for a pair: the best over original a vs original b and every variant
     * of either image against the other's original, each like {@link Embedding#cosine}.
     */
    double bestScore(int a, int b) {
        double best = CosineKernel.cosine(orig[a], origSq[a], orig[b], origSq[b]);
        for (int v = varStart[a]; v < varStart[a + 1]; v++) {
            best = Math.max(best, CosineKernel.cosine(var[v], varSq[v], orig[b], origSq[b]));
        }
        for (int v = varStart[b]; v < varStart[b + 1]; v++) {
            best = Math.max(best, CosineKernel.cosine(var[v], varSq[v], orig[a], origSq[a]));
        }
        return best;
    }
}
