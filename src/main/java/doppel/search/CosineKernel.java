package doppel.search;

import java.util.Arrays;

/**
 * Cosine arithmetic shared by the exact cosine searches ({@link CosineSearch}, and the Spark join in
 * {@code doppel.spark}): squared norms, unit copies, the float filter level, the exact double score and the
 * tile product of the blocked matrix multiplication.
 *
 * <p>The scheme: products of L2-normalised float copies only filter, at {@link #filter}; each candidate is then
 * re-scored with {@link #cosine}, which decides and is reported, so every caller gets identical pairs and scores.
 */
public final class CosineKernel {
    /** Candidates per transposed tile of {@link #block}: 256 x 512 floats = 512 KiB, fits a core's L2. */
    public static final int TILE = 256;

    private CosineKernel() {
    }

    /** Squared L2 norm of a vector, summed in double in index order. */
    public static double squaredNorm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }

    /** {@link #squaredNorm} of each vector. */
    public static double[] squares(float[][] vs) {
        double[] out = new double[vs.length];
        for (int i = 0; i < vs.length; i++) {
            out[i] = squaredNorm(vs[i]);
        }
        return out;
    }

    /** An L2-normalised float copy of {@code v} (all zeros for a zero vector). */
    public static float[] normalised(float[] v) {
        return normalised(v, squaredNorm(v));
    }

    /** An L2-normalised float copy of {@code v}, whose {@link #squaredNorm} is {@code sq}. */
    public static float[] normalised(float[] v, double sq) {
        float[] out = new float[v.length];
        if (sq > 0) {
            double inv = 1 / Math.sqrt(sq);
            for (int i = 0; i < v.length; i++) {
                out[i] = (float) (v[i] * inv);
            }
        }
        return out;
    }

    /**
     * Float filter level for products of unit vectors of dimension {@code dim}: below it no pair can reach the
     * threshold in exact arithmetic (the margin exceeds the float rounding error of the dot product).
     */
    public static float filter(double threshold, int dim) {
        return (float) (threshold - 1e-4 - 6e-8 * dim);
    }

    /**
     * The exact score of {@link doppel.encode.Embedding#cosine}, with the same operations in the same order, from
     * the raw vectors and their squared norms.
     */
    public static double cosine(float[] x, double xSq, float[] y, double ySq) {
        double dot = 0;
        for (int i = 0; i < x.length; i++) {
            dot += (double) x[i] * y[i];
        }
        return xSq == 0 || ySq == 0 ? 0 : dot / Math.sqrt(xSq * ySq);
    }

    /**
     * {@code acc[r][c] = dot(q[first + r], candidate c)} for up to four query rows against one transposed tile
     * ({@code tile[k][c]} is dimension k of candidate c; {@link #TILE} candidates, unused ones zero). Written as
     * independent multiply-adds per dimension, which the JIT vectorises; a dot-product reduction, with its strict
     * float order, it does not. Each dimension is its own array because C2 (JDK 17) does not vectorise
     * {@code tile[base + c]} with a variable base here (measured about 4x slower).
     *
     * @param rows number of query rows, 1 to 4
     * @param acc  four arrays of {@link #TILE} floats, overwritten
     */
    public static void block(float[][] q, int first, int rows, float[][] tile, float[][] acc) {
        float[] a0 = acc[0];
        float[] a1 = acc[1];
        float[] a2 = acc[2];
        float[] a3 = acc[3];
        Arrays.fill(a0, 0f);
        Arrays.fill(a1, 0f);
        Arrays.fill(a2, 0f);
        Arrays.fill(a3, 0f);
        float[] q0 = q[first];
        float[] q1 = rows > 1 ? q[first + 1] : q0;
        float[] q2 = rows > 2 ? q[first + 2] : q0;
        float[] q3 = rows > 3 ? q[first + 3] : q0;
        int dim = q0.length;
        for (int k = 0; k < dim; k++) {
            float x0 = q0[k];
            float x1 = q1[k];
            float x2 = q2[k];
            float x3 = q3[k];
            float[] row = tile[k];
            for (int c = 0; c < TILE; c++) {
                float y = row[c];
                a0[c] += x0 * y;
                a1[c] += x1 * y;
                a2[c] += x2 * y;
                a3[c] += x3 * y;
            }
        }
    }
}
