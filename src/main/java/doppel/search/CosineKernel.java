package doppel.search;

/** Cosine arithmetic shared by the cosine searches: norms, unit copies, the float filter level and the exact score. */
final class CosineKernel {
    private CosineKernel() {
    }

    /** Squared L2 norm of a vector, summed in double in index order. */
    static double squaredNorm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return s;
    }

    /** {@link #squaredNorm} of each vector. */
    static double[] squares(float[][] vs) {
        double[] out = new double[vs.length];
        for (int i = 0; i < vs.length; i++) {
            out[i] = squaredNorm(vs[i]);
        }
        return out;
    }

    /** An L2-normalised float copy of {@code v} (all zeros for a zero vector). */
    static float[] normalised(float[] v) {
        return normalised(v, squaredNorm(v));
    }

    /** An L2-normalised float copy of {@code v}, whose {@link #squaredNorm} is {@code sq}. */
    static float[] normalised(float[] v, double sq) {
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
    static float filter(double threshold, int dim) {
        return (float) (threshold - 1e-4 - 6e-8 * dim);
    }

    /**
     * The exact score of {@link doppel.encode.Embedding#cosine}, with the same operations in the same order, from
     * the raw vectors and their squared norms.
     */
    static double cosine(float[] x, double xSq, float[] y, double ySq) {
        double dot = 0;
        for (int i = 0; i < x.length; i++) {
            dot += (double) x[i] * y[i];
        }
        return xSq == 0 || ySq == 0 ? 0 : dot / Math.sqrt(xSq * ySq);
    }
}
