package doppel.results;

import java.util.Objects;

/**
 * An unordered pair of image keys: {@code ImagePair.of("b", "a")} equals {@code ImagePair.of("a", "b")}
 * because the constructor stores the two keys in lexicographic order.
 *
 * @param a the lexicographically smaller key
 * @param b the other key
 */
public record ImagePair(String a, String b) {
    public ImagePair {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        if (a.compareTo(b) > 0) {
            String t = a;
            a = b;
            b = t;
        }
    }

    /** The unordered pair of the two keys. */
    public static ImagePair of(String x, String y) {
        return new ImagePair(x, y);
    }

    /** True when {@code key} is one of the two images. */
    public boolean contains(String key) {
        return a.equals(key) || b.equals(key);
    }
}
