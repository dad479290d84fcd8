package doppel.encode;

import java.util.Arrays;

/** A float vector compared by cosine similarity; encoders store it L2-normalised when their spec says so. */
public final class Embedding implements Fingerprint {
    private final float[] vector;

    private Embedding(float[] vector) {
        this.vector = vector;
    }

    /** Wraps the array without copying; callers must not modify it afterwards. */
    public static Embedding of(float[] vector) {
        if (vector.length == 0) {
            throw new IllegalArgumentException("empty embedding");
        }
        return new Embedding(vector);
    }

    /** The backing array; callers must not modify it. */
    public float[] vector() {
        return vector;
    }

    public int dimension() {
        return vector.length;
    }

    /** Cosine similarity, computed in double precision. */
    public double cosine(Embedding other) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < vector.length; i++) {
            dot += (double) vector[i] * other.vector[i];
            na += (double) vector[i] * vector[i];
            nb += (double) other.vector[i] * other.vector[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Embedding e && Arrays.equals(e.vector, vector);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(vector);
    }
}
